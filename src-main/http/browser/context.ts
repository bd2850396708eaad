// What the bridge's routes share, and how a request is signed in. Cookies are scoped by host, not port: the browser
// sends this host's `klaxon_session` cookie to every other web server on 127.0.0.1 it visits, which could replay it
// with any header it likes. So a request is signed in only with the cookie *and* the tab's secret in the
// `x-klaxon-tab` header, which the page keeps in sessionStorage (per origin, so per port) and sends only here.
import type { FastifyRequest } from 'fastify';
import { BRIDGE_TAB_HEADER, type KlaxonHandlers } from '../../../src-shared/api.ts';
import type { HostInfo } from '../../../src-shared/schemas/settings.ts';
import type { Engine } from '../../engine/types.ts';
import type { Logger } from '../../log.ts';
import type { BrowserSessions, LiveSession } from './sessions.ts';
import { cookieValues, SESSION_COOKIE } from './guards.ts';

export interface BridgeContext {
  sessions: BrowserSessions;
  engine: Engine;
  handlers: KlaxonHandlers;
  log: Logger;
  hostInfo: () => HostInfo;
  rendererDir: string | undefined;
}

export type RequestSession = { ok: true; session: LiveSession } | { ok: false; message: string };

const NOT_SIGNED_IN = 'This browser is signed out: run `klaxon open` to sign in again';
export const TWO_COOKIES = 'Two klaxon_session cookies were sent: another server on this machine set one. Clear this site\'s cookies, then run klaxon open';

/** The browser's session cookie; null when it sent none, or two (one of them set by some other local server). */
export function browserSecretOf(req: FastifyRequest): { secret: string | null; duplicate: boolean } {
  const values = cookieValues(req.headers.cookie, SESSION_COOKIE);
  return { secret: values.length === 1 ? values[0]! : null, duplicate: values.length > 1 };
}

/** The request's live session (and records its use), or why it has none. */
export function sessionOf(sessions: BrowserSessions, req: FastifyRequest): RequestSession {
  const browser = browserSecretOf(req);
  if (browser.duplicate) return { ok: false, message: TWO_COOKIES };
  const tab = req.headers[BRIDGE_TAB_HEADER];
  if (browser.secret === null || typeof tab !== 'string') return { ok: false, message: NOT_SIGNED_IN };
  const session = sessions.authenticate(browser.secret, tab);
  return session ? { ok: true, session } : { ok: false, message: NOT_SIGNED_IN };
}
