// Who may talk to the bridge. A browser session cookie is ambient authority, so checks stand in front of it: the
// Host header must name this machine (a DNS-rebinding page on evil.example resolving to 127.0.0.1 sends
// `Host: evil.example`), a state-changing request must come from this origin (CSRF), no CORS header is ever sent, and
// the cookie alone is never enough (see context.ts: each tab also proves a secret the browser sends nowhere else).
import { isIP } from 'node:net';

export const SESSION_COOKIE = 'klaxon_session';

const LOOPBACK_NAMES = new Set(['localhost', '127.0.0.1', '::1']);

/** The host name of a Host header value (`127.0.0.1:8977` → `127.0.0.1`, `[::1]:80` → `::1`), lower-cased. */
export function hostName(hostHeader: string): string {
  const h = hostHeader.trim().toLowerCase();
  if (h.startsWith('[')) return h.slice(1, h.indexOf(']') === -1 ? undefined : h.indexOf(']'));
  const colon = h.lastIndexOf(':');
  return colon === -1 ? h : h.slice(0, colon);
}

/**
 * Loopback names, the bind address, and IP literals are accepted: rebinding needs a DNS name the attacker controls,
 * so any literal address is safe, while `*.localhost`-style or foreign names are refused.
 */
export function isAllowedHost(hostHeader: string | undefined, bindHost: string): boolean {
  if (!hostHeader) return false;
  const name = hostName(hostHeader);
  if (name === '') return false;
  return LOOPBACK_NAMES.has(name) || name === bindHost.toLowerCase() || isIP(name) !== 0;
}

/** A state-changing request's Origin must be this server's own (`http://` + the Host it was sent to). */
export function isSameOrigin(origin: string | undefined, hostHeader: string | undefined): boolean {
  if (!origin || !hostHeader) return false;
  try {
    const url = new URL(origin);
    return url.protocol === 'http:' && url.host === new URL(`http://${hostHeader}`).host;
  } catch {
    return false;
  }
}

/** Every value sent under a cookie name: a server on another port of this host can set one of the same name. */
export function cookieValues(cookieHeader: string | undefined, name: string): string[] {
  if (!cookieHeader) return [];
  const values: string[] = [];
  for (const part of cookieHeader.split(';')) {
    const eq = part.indexOf('=');
    if (eq !== -1 && part.slice(0, eq).trim() === name) values.push(part.slice(eq + 1).trim());
  }
  return values;
}

export function sessionCookie(value: string, maxAgeSeconds: number): string {
  return `${SESSION_COOKIE}=${value}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${maxAgeSeconds}`;
}
