// `klaxon://incident/<id>` opens that incident. The link arrives as a URL (macOS `open-url`) or inside a command
// line (Windows/Linux: the first launch's argv, or a second instance's argv), so both are parsed here.
import type { NavigateRequest } from '../../src-shared/api.ts';

export const DEEP_LINK_SCHEME = 'klaxon';

/** Incident ids are `inc_` plus URL-safe characters; anything else in a link is refused rather than passed on. */
const INCIDENT_ID = /^inc_[A-Za-z0-9_-]{1,100}$/;

export function parseDeepLink(raw: string): NavigateRequest | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  if (url.protocol !== `${DEEP_LINK_SCHEME}:`) return null;
  // `klaxon://incident/inc_1` has host "incident"; `klaxon:incident/inc_1` (some launchers) has no host.
  const parts = `${url.host}${url.pathname}`.split('/').filter(Boolean);
  if (parts.length !== 2 || parts[0] !== 'incident') return null;
  let id: string;
  try {
    id = decodeURIComponent(parts[1] ?? '');
  } catch {
    return null;
  }
  return INCIDENT_ID.test(id) ? { incidentId: id } : null;
}

/** The first deep link in a command line (Windows and Linux pass the link as an argument). */
export function findDeepLink(argv: readonly string[]): NavigateRequest | null {
  for (const arg of argv) {
    if (!arg.toLowerCase().startsWith(`${DEEP_LINK_SCHEME}:`)) continue;
    const link = parseDeepLink(arg);
    if (link) return link;
  }
  return null;
}
