// Browser sessions on the headless host: one per signed-in tab, listed and revocable by an admin (CLI, HTTP API,
// Settings). Only what a person needs to recognise one; never its secrets.
import { z } from 'zod';
import { IsoDateTime } from './common.ts';

/** A session lasts a working week at most; signing in again is one `klaxon open`. */
export const SESSION_TTL_MS = 7 * 24 * 60 * 60 * 1000;
/** …and ends sooner when it is not used for this long (an unattended browser). */
export const SESSION_IDLE_MS = 12 * 60 * 60 * 1000;

export const BrowserSession = z.object({
  /** Public id (`ses_…`): names the session for revoking; it signs nobody in. */
  id: z.string(),
  /** `login` (a `klaxon open` link: this machine's user) or `key:<id>` (signed in with that API key). */
  via: z.string(),
  /** The key's name, for sessions signed in with an API key. */
  keyName: z.string().nullable(),
  createdAt: IsoDateTime,
  lastUsedAt: IsoDateTime,
  /** When it ends if it is not used before: last use plus the idle timeout, capped by the absolute expiry. */
  idleExpiresAt: IsoDateTime,
  expiresAt: IsoDateTime,
  /** The session this request was made with (always false outside the browser bridge). */
  current: z.boolean(),
});
export type BrowserSession = z.infer<typeof BrowserSession>;
