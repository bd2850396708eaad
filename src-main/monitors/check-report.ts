// What one HTTP or TCP check found, and how its errors are told apart. Three kinds of network error matter to the
// runner: those that say THIS machine has no network (no route to any network: ENETUNREACH, ENETDOWN) — "no data",
// never down; timeouts, which a black-holed network (captive portal, dead Wi-Fi) gives for every host alike; and
// failures that are about one target as often as about this machine — a name the resolver says does not exist
// (ENOTFOUND: a domain really gone), a host unreachable (EHOSTUNREACH: a dead machine on the local network), a
// resolver that cannot answer for the name (EAI_AGAIN: a domain whose own DNS servers fail). Those are down, unless
// the whole round failed alike: they are judged against the other checks of the round (check-runner.ts,
// round-judge.ts). Any other
// answer — a refused connection, a reset, a TLS failure, an HTTP status — proves the network reached someone, and is
// concluded as it is.
import type { CheckOutcome } from '../../src-shared/schemas/monitors.ts';

export interface CheckReport {
  outcome: CheckOutcome;
  responseMs: number | null;
  message: string | null;
  /** For the incident's timeline: status, response time, error code, keyword, url or address. */
  details: Record<string, unknown>;
  /** A timeout: judged with the rest of the round before it counts (see check-runner.ts). */
  timedOut?: boolean;
  /** The resolver answered that the name does not exist: judged with the round, like a timeout. */
  nameNotFound?: boolean;
  /** The host or its name could not be reached (EHOSTUNREACH, EAI_AGAIN): judged with the round, like a timeout. */
  unreachable?: boolean;
}

/** Error codes that mean this machine has no route to any network: no data at once. */
export const NO_ROUTE_CODES = new Set(['ENETUNREACH', 'ENETDOWN']);
/** Error codes that say one target could not be reached: down, unless the whole round failed alike. */
const UNREACHABLE_CODES = new Set(['EHOSTUNREACH', 'EAI_AGAIN']);
/** undici's own timeouts (connecting, waiting for the headers, waiting for the body). */
const TIMEOUT_CODES = new Set(['ETIMEDOUT', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);

/** The code of an error or of the error that caused it. */
export function errorCode(e: unknown): string | null {
  for (let cur: unknown = e, depth = 0; cur && depth < 4; cur = (cur as { cause?: unknown }).cause, depth++) {
    const code = (cur as { code?: unknown }).code;
    if (typeof code === 'string') return code;
  }
  return null;
}

/** A failed connection or exchange as a report: no data when there is no route, a timeout marked for judging. */
export function errorReport(e: unknown, startedMs: number, nowMs: number, timeoutMs: number, where: Record<string, unknown>, aborted = false): CheckReport {
  const code = aborted ? null : errorCode(e);
  const timedOut = aborted || (e as Error)?.name === 'TimeoutError' || (code !== null && TIMEOUT_CODES.has(code));
  const message = timedOut ? `no answer within ${timeoutMs / 1000} s` : `${code ?? 'error'}: ${(e as Error)?.message ?? String(e)}`;
  const details = { ...where, error: code ?? (timedOut ? 'TIMEOUT' : 'ERROR'), message, responseMs: null };
  if (code !== null && NO_ROUTE_CODES.has(code)) return { outcome: 'no_data', responseMs: null, message: `no data: this machine has no route (${code})`, details };
  if (code === 'ENOTFOUND') return { outcome: 'down', responseMs: null, message, details, nameNotFound: true };
  if (code !== null && UNREACHABLE_CODES.has(code)) return { outcome: 'down', responseMs: null, message, details, unreachable: true };
  return { outcome: 'down', responseMs: timedOut ? null : Math.round(nowMs - startedMs), message, details, ...(timedOut ? { timedOut } : {}) };
}
