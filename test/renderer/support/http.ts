// Raw HTTP for the bridge's security tests: fetch() will not send a forged Host header, node:http will.
import http from 'node:http';

export interface RawResponse { status: number; headers: http.IncomingHttpHeaders; body: string }

export function rawRequest(baseUrl: string, path: string, opts: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<RawResponse> {
  const url = new URL(path, baseUrl);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: url.hostname, port: url.port, path: url.pathname + url.search, method: opts.method ?? 'GET', headers: opts.headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => { body += c; });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.setTimeout(30_000, () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end(opts.body);
  });
}

/** The `name=value` part of a Set-Cookie header. */
export const cookiePair = (setCookie: string | string[] | undefined): string => {
  const first = Array.isArray(setCookie) ? setCookie[0] : setCookie;
  if (!first) throw new Error('no Set-Cookie');
  return first.split(';')[0]!;
};

/** A signed-in tab as the host knows it: the browser's cookie (`name=value`) and the tab's secret. */
export interface BridgeSession { cookie: string; tab: string }

/** The login token in a `klaxon open --print` link (it travels in the fragment). */
export const tokenOf = (link: string): string => new URLSearchParams(new URL(link).hash.slice(1)).get('token') ?? '';

/** Spends a login token as the sign-in page does (from the host's own origin) and returns the session. */
export async function signInWithToken(baseUrl: string, token: string, cookie?: string): Promise<BridgeSession> {
  const res = await rawRequest(baseUrl, '/bridge/session', {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: baseUrl, ...(cookie ? { cookie } : {}) },
    body: JSON.stringify({ token }),
  });
  if (res.status !== 200) throw new Error(`sign-in refused: ${res.status} ${res.body}`);
  return { cookie: cookiePair(res.headers['set-cookie']), tab: (JSON.parse(res.body) as { tab: string }).tab };
}

/** Headers that make a bridge request signed in as `session`. */
export const sessionHeaders = (session: BridgeSession): Record<string, string> => ({ cookie: session.cookie, 'x-klaxon-tab': session.tab });
