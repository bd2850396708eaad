// The browser bridge's doors: nothing without a session; a `klaxon open` link works once; an API key with the
// incidents scopes may sign in, others may not; Host (DNS rebinding) and Origin (CSRF) are checked; no CORS.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, fetchJson, type TestServer } from '../support/server.ts';
import { createLoginLink } from '../../src-main/cli/open.ts';
import BetterSqlite3 from 'better-sqlite3';
import { openBridgeAuthStore, sessionsDbPath, LOGIN_TOKEN_TTL_MS } from '../../src-main/http/browser/auth-store.ts';
import { rawRequest, cookiePair, signInWithToken, tokenOf, sessionHeaders, type BridgeSession } from './support/http.ts';
import { ensureRendererBuilt } from './support/build.ts';

let server: TestServer;
before(async () => {
  ensureRendererBuilt();
  server = await startServer({ rendererDir: 'dist/renderer' });
});
after(async () => { await server?.close(); });

const invoke = (session: BridgeSession | undefined, body: unknown, headers: Record<string, string> = {}) => rawRequest(server.baseUrl, '/bridge/invoke', {
  method: 'POST',
  headers: { 'content-type': 'application/json', origin: server.baseUrl, ...(session ? { cookie: session.cookie, 'x-klaxon-tab': session.tab } : {}), ...headers },
  body: JSON.stringify(body),
});

const signInWithLink = (): Promise<BridgeSession> => signInWithToken(server.baseUrl, tokenOf(createLoginLink(server.dataDir, server.baseUrl)));

test('without a session the window, the calls and the change feed are refused', async () => {
  const page = await rawRequest(server.baseUrl, '/');
  assert.equal(page.status, 401);
  assert.match(page.body, /klaxon open/);
  assert.doesNotMatch(page.body, /<script/, 'a signed-out visitor gets no app');
  const call = await invoke(undefined, { method: 'incidents.list', input: {} });
  assert.equal(call.status, 401);
  assert.equal(JSON.parse(call.body).error.code, 'UNAUTHORIZED');
  const feed = await rawRequest(server.baseUrl, '/bridge/events');
  assert.equal(feed.status, 401);
  const forged = await invoke({ cookie: 'klaxon_session=not-a-session', tab: 'not-a-tab' }, { method: 'incidents.list', input: {} });
  assert.equal(forged.status, 401);
});

test('a klaxon open link signs in once, with an HttpOnly SameSite=Strict cookie and a secret for the tab', async () => {
  const link = createLoginLink(server.dataDir, server.baseUrl);
  assert.equal(new URL(link).pathname, '/sign-in');
  assert.equal(new URL(link).search, '', 'the token is in the fragment, which browsers never send to a server');
  const exchange = () => rawRequest(server.baseUrl, '/bridge/session', {
    method: 'POST', headers: { 'content-type': 'application/json', origin: server.baseUrl }, body: JSON.stringify({ token: tokenOf(link) }),
  });
  const first = await exchange();
  assert.equal(first.status, 200, first.body);
  const setCookie = String(first.headers['set-cookie']);
  assert.match(setCookie, /HttpOnly/);
  assert.match(setCookie, /SameSite=Strict/);
  const session = { cookie: cookiePair(first.headers['set-cookie']), tab: JSON.parse(first.body).tab as string };
  assert.match(session.tab, /^[A-Za-z0-9_-]{40,}$/);

  const again = await exchange();
  assert.equal(again.status, 401, 'the link is spent');
  assert.equal(again.headers['set-cookie'], undefined);

  const app = await rawRequest(server.baseUrl, '/', { headers: { cookie: session.cookie } });
  assert.equal(app.status, 200);
  assert.match(app.body, /<script type="module"[^>]* src="\.\/assets\//, 'the signed-in browser gets the window');
  const call = await invoke(session, { method: 'host.info' });
  assert.equal(call.status, 200);
  assert.equal(JSON.parse(call.body).baseUrl, server.baseUrl);
});

test('a login token is only exchanged by this origin: a form from elsewhere gets the sign-in page, not a session', async () => {
  const token = tokenOf(createLoginLink(server.dataDir, server.baseUrl));
  for (const origin of ['http://127.0.0.1:1', 'null']) {
    const foreign = await rawRequest(server.baseUrl, '/bridge/session', {
      method: 'POST', headers: { 'content-type': 'application/json', origin }, body: JSON.stringify({ token }),
    });
    assert.equal(foreign.status, 403, origin);
    assert.equal(foreign.headers['set-cookie'], undefined);
  }
  // What `klaxon open`'s file does: POST the token as a form. The answer hands it to the page's script, unspent.
  const form = await rawRequest(server.baseUrl, '/sign-in', {
    method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'null' }, body: `token=${token}`,
  });
  assert.equal(form.status, 200);
  assert.equal(form.headers['set-cookie'], undefined);
  assert.match(form.body, new RegExp(`<meta name="klaxon-login-token" content="${token}">`));
  assert.equal(form.headers['cache-control'], 'no-store');
  assert.ok((await signInWithToken(server.baseUrl, token)).tab, 'still good for the page to spend');
  // Form bodies reach that page only: a cross-site form to the bridge is still refused before any handler.
  const formInvoke = await rawRequest(server.baseUrl, '/bridge/invoke', {
    method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', origin: server.baseUrl }, body: 'method=keys.list',
  });
  assert.equal(formInvoke.status, 415);
  const junk = await rawRequest(server.baseUrl, '/sign-in', {
    method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'token=%22%3E%3Cscript%3E',
  });
  assert.equal(junk.status, 400);
  assert.doesNotMatch(junk.body, /<script/);
});

test('login tokens expire and are stored only as hashes', async () => {
  const auth = openBridgeAuthStore(server.dataDir);
  try {
    const now = Date.now();
    const token = auth.createLoginToken(now);
    assert.equal(auth.consumeLoginToken(token, now + LOGIN_TOKEN_TTL_MS + 1), false, 'expired');
    const fresh = auth.createLoginToken(now);
    assert.equal(auth.consumeLoginToken(fresh, now + 1000), true);
  } finally {
    auth.close();
  }
  const token = tokenOf(createLoginLink(server.dataDir, server.baseUrl));
  const session = await signInWithLink();
  // What someone with a copy of the sessions file would see: hashes, never the token or a session's secrets.
  const db = new BetterSqlite3(sessionsDbPath(server.dataDir), { readonly: true });
  try {
    const stored = JSON.stringify([...db.prepare('SELECT * FROM login_tokens').all(), ...db.prepare('SELECT * FROM browser_sessions').all()]);
    assert.match(stored, /[0-9a-f]{64}/);
    for (const secret of [token, session.cookie.split('=')[1]!, session.tab]) assert.ok(!stored.includes(secret));
  } finally {
    db.close();
  }
});

test('an API key with incidents:read and incidents:write may sign in; others may not', async () => {
  const reader = await server.createKey(['incidents:read']);
  const refused = await fetchJson(server.baseUrl, '/bridge/session', { method: 'POST', key: reader.key });
  assert.equal(refused.status, 403);
  const bad = await fetchJson(server.baseUrl, '/bridge/session', { method: 'POST', key: 'kx_not_a_key' });
  assert.equal(bad.status, 401);

  const responder = await server.createKey(['incidents:read', 'incidents:write']);
  const ok = await fetchJson(server.baseUrl, '/bridge/session', { method: 'POST', key: responder.key });
  assert.equal(ok.status, 200);
  const session: BridgeSession = { cookie: cookiePair(ok.headers.get('set-cookie') ?? undefined), tab: ok.body.tab };
  assert.equal((await invoke(session, { method: 'settings.get' })).status, 200);
  assert.equal((await invoke(session, { method: 'incidents.list', input: {} })).status, 200);

  // The session can do what the key can do over the API, no more: no minting an admin key, no services, no listener.
  const keysBefore = server.klaxon.engine.listKeys().length;
  const mint = await invoke(session, { method: 'keys.create', input: { name: 'escalate', scopes: ['admin'] } });
  assert.equal(mint.status, 403);
  assert.equal(JSON.parse(mint.body).error.code, 'FORBIDDEN');
  assert.equal(server.klaxon.engine.listKeys().length, keysBefore, 'no key was created');
  assert.equal((await invoke(session, { method: 'services.list' })).status, 403);
  assert.equal((await invoke(session, { method: 'settings.update', input: { listen: { host: '0.0.0.0' } } })).status, 403);
  assert.equal(server.klaxon.engine.getSettings().listen.host, '127.0.0.1');

  // Revoking the key ends the sessions it opened.
  await server.klaxon.engine.revokeKey(responder.id);
  assert.equal((await invoke(session, { method: 'settings.get' })).status, 401);
});

test('state-changing calls need this server as Origin and JSON; there are no CORS headers', async () => {
  const session = await signInWithLink();
  const list = { method: 'incidents.list', input: {} };
  assert.equal((await invoke(session, list, { origin: 'http://evil.example' })).status, 403);
  const noOrigin = await rawRequest(server.baseUrl, '/bridge/invoke', {
    method: 'POST', headers: { 'content-type': 'application/json', ...sessionHeaders(session) }, body: JSON.stringify(list),
  });
  assert.equal(noOrigin.status, 403);
  // A cross-site form can only send "simple" content types; those never reach a handler.
  const form = await rawRequest(server.baseUrl, '/bridge/invoke', {
    method: 'POST', headers: { 'content-type': 'text/plain', ...sessionHeaders(session), origin: server.baseUrl }, body: JSON.stringify(list),
  });
  assert.equal(form.status, 415);

  const preflight = await rawRequest(server.baseUrl, '/bridge/invoke', {
    method: 'OPTIONS', headers: { origin: 'http://evil.example', 'access-control-request-method': 'POST' },
  });
  assert.equal(preflight.headers['access-control-allow-origin'], undefined);
  const ok = await invoke(session, list, { origin: server.baseUrl });
  assert.equal(ok.status, 200);
  assert.equal(ok.headers['access-control-allow-origin'], undefined);
});

test('a request naming another host is refused (DNS rebinding)', async () => {
  const session = await signInWithLink();
  const { cookie } = session;
  const page = await rawRequest(server.baseUrl, '/', { headers: { host: 'evil.example', cookie } });
  assert.equal(page.status, 403);
  const call = await invoke(session, { method: 'incidents.list', input: {} }, { host: `evil.example:${new URL(server.baseUrl).port}`, origin: `http://evil.example:${new URL(server.baseUrl).port}` });
  assert.equal(call.status, 403);
  const viaLocalhost = await rawRequest(server.baseUrl, '/', { headers: { host: `localhost:${new URL(server.baseUrl).port}`, cookie } });
  assert.equal(viaLocalhost.status, 200);
});

test('inputs are validated with the shared schemas; refusals use the seeds error shape', async () => {
  const session = await signInWithLink();
  const unknown = await invoke(session, { method: 'incidents.delete', input: {} });
  assert.equal(unknown.status, 404);
  const invalid = await invoke(session, { method: 'incidents.snooze', input: { ids: ['inc_x'], minutes: 0 } });
  assert.equal(invalid.status, 400);
  assert.deepEqual(Object.keys(JSON.parse(invalid.body).error).slice(0, 3), ['code', 'message', 'field']);
  assert.equal(JSON.parse(invalid.body).error.field, 'input.minutes');
  const missing = await invoke(session, { method: 'incidents.get', input: { id: 'inc_missing' } });
  assert.equal(missing.status, 404);
  assert.equal(JSON.parse(missing.body).error.code, 'NOT_FOUND');
});

test('the window is served with a strict CSP and no-sniff / no-referrer headers', async () => {
  const { cookie } = await signInWithLink();
  const page = await rawRequest(server.baseUrl, '/', { headers: { cookie } });
  const csp = String(page.headers['content-security-policy']);
  for (const directive of ["default-src 'self'", "script-src 'self'", "connect-src 'self'", "frame-ancestors 'none'"]) assert.ok(csp.includes(directive), directive);
  assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
  assert.equal(page.headers['x-content-type-options'], 'nosniff');
  assert.equal(page.headers['referrer-policy'], 'no-referrer');
  const script = /src="\.(\/assets\/[^"]+\.js)"/.exec(page.body)![1]!;
  const asset = await rawRequest(server.baseUrl, script);
  assert.equal(asset.status, 200);
  assert.match(String(asset.headers['content-type']), /javascript/);
  assert.ok(String(asset.headers['content-security-policy']).includes("default-src 'self'"));
});

test('the change feed pushes the changed incident after an event is accepted', async () => {
  const session = await signInWithLink();
  const ctl = new AbortController();
  const res = await fetch(new URL('/bridge/events', server.baseUrl), { headers: { cookie: session.cookie, 'x-klaxon-tab': session.tab }, signal: ctl.signal });
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type') ?? '', /text\/event-stream/);
  const reader = res.body!.getReader();
  const posted = await fetchJson(server.baseUrl, '/v2/enqueue', {
    body: { routing_key: server.routingKey, event_action: 'trigger', dedup_key: 'sse-check', payload: { summary: 'SSE check', source: 'test', severity: 'critical' } },
  });
  assert.equal(posted.status, 202);
  const decoder = new TextDecoder();
  let text = '';
  const deadline = Date.now() + 20_000;
  while (!text.includes('SSE check') && Date.now() < deadline) {
    const { value, done } = await reader.read();
    if (done) break;
    text += decoder.decode(value);
  }
  ctl.abort();
  const frame = text.split('\n\n').find((f) => f.includes('SSE check'))!;
  const notice = JSON.parse(frame.replace(/^data: /, ''));
  assert.equal(notice.incidents[0].title, 'SSE check');
  assert.equal(notice.incidents[0].status, 'triggered');
  assert.equal(notice.incidents[0].dedupKey, 'sse-check');
});
