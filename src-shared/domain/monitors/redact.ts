// What a monitor's secrets are, and what anyone without `admin` sees instead. A monitor's settings can carry
// credentials — HTTP header values (Authorization, API keys), a request body, a user:password in its URL, a token in
// its query — and a heartbeat's push URL is itself the credential that reports "up". A read-only key sees the
// monitor's shape (which headers, whether there is a body, where it points) and none of the values; and no URL
// credential ever leaves the runner in an incident's details or a check's message, which every teammate and every
// `incidents:read` key can read.
import type { Monitor } from '../../schemas/monitors.ts';

/** What a hidden value reads as. */
export const REDACTED = '(hidden)';

/**
 * The userinfo of an http(s) URL: everything between `//` and the last `@` before the path (the WHATWG parser splits
 * there too, so an unescaped `@` in a password leaves nothing behind).
 */
const USERINFO = /(https?:\/\/)[^\s/?#\\]*@/gi;
/** A query parameter whose name says it holds a secret (`?token=`, `&api_key=`, `?sig=` …): its value. */
const SECRET_PARAM = /([?&][^=&#\s]*(?:token|key|secret|passw|pwd|auth|sig|credential|session)[^=&#\s]*=)[^&#\s]*/gi;

/** Text with every URL's userinfo removed and its secret-looking query values hidden. */
export function withoutCredentials(text: string): string {
  return text.replace(USERINFO, '$1').replace(SECRET_PARAM, `$1${REDACTED}`);
}

/** A check's details with every string in them (at any depth) passed through withoutCredentials. */
export function detailsWithoutCredentials<T>(value: T): T {
  if (typeof value === 'string') return withoutCredentials(value) as T;
  if (Array.isArray(value)) return value.map(detailsWithoutCredentials) as T;
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, detailsWithoutCredentials(v)])) as T;
  }
  return value;
}

/**
 * A monitor as a caller without `admin` sees it: header values and the body hidden, URL credentials removed, no
 * heartbeat push URL (whoever holds it can send beats and hide an outage).
 */
export function redactMonitor(m: Monitor): Monitor {
  const { heartbeatUrl: _hidden, ...rest } = m;
  const config: Record<string, unknown> = { ...m.config };
  if (typeof config.url === 'string') config.url = withoutCredentials(config.url);
  if (config.headers !== null && typeof config.headers === 'object') {
    config.headers = Object.fromEntries(Object.keys(config.headers).map((name) => [name, REDACTED]));
  }
  if (typeof config.body === 'string') config.body = REDACTED;
  return { ...rest, config, ...(m.check ? { check: { ...m.check, message: m.check.message === null ? null : withoutCredentials(m.check.message) } } : {}) };
}
