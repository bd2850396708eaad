// Names the browser bridge's two ends share (the host's routes, the window's HTTP client, the sign-in page). Kept
// apart from api.ts so that the sign-in page can use them without bundling the schemas.

/** Browser bridge paths on the headless host; `signIn` is the page a `klaxon open` link lands on. */
export const BRIDGE_PATHS = { invoke: '/bridge/invoke', events: '/bridge/events', session: '/bridge/session', signIn: '/sign-in' } as const;

/**
 * The per-tab secret every bridge request carries besides the session cookie. The page keeps it in sessionStorage
 * (per origin, so per port) and sends it only to its own host: a cookie the browser also sends to any other server
 * on this machine is not enough to act on, or to watch, the window's data.
 */
export const BRIDGE_TAB_HEADER = 'x-klaxon-tab';

/** The sign-in page's meta tag that hands it a login token POSTed by `klaxon open`'s local file. */
export const LOGIN_TOKEN_META = 'klaxon-login-token';

/** Why the window sent a tab to the sign-in page (`/sign-in?from=…`), so that the page can say so. */
export type SignInReason = 'signed-out' | 'ended' | 'new-tab';
