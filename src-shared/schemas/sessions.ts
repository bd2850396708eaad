// Browser sessions on the headless host: one per signed-in tab, listed and revocable by an admin (CLI, HTTP API,
// Settings). Only what a person needs to recognise one; never its secrets.
import { z } from 'zod';
import { IsoDateTime } from './common.ts';

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
