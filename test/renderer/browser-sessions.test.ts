// A browser session is the cookie *and* the tab's secret: the cookie alone (which the browser also sends to every
// other server on 127.0.0.1) signs nothing in, two cookies of that name are refused, a browser's tabs sign in and out
// on their own, acts of a session opened with an API key are recorded as that key, and an admin lists and revokes
// sessions over the bridge and the HTTP API.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, fetchJson, type TestServer } from '../support/server.ts';
import { createLoginLink } from '../../src-main/cli/open.ts';
import { SESSION_IDLE_MS } from '../../src-shared/schemas/sessions.ts';
import { rawRequest, cookiePair, signInWithToken, tokenOf, sessionHeaders, type BridgeSession } from './support/http.ts';

let server: TestServer;
before(async () => { server = await startServer(); });
after(async () => { await server?.close(); });

const signIn = (cookie?: string): Promise<BridgeSession> => signInWithToken(server.baseUrl, tokenOf(createLoginLink(server.dataDir, server.baseUrl)), cookie);

async function signInWithKey(scopes: ('incidents:read' | 'incidents:write' | 'admin')[]): Promise<BridgeSession & { keyId: string }> {
  const key = await server.createKey(scopes);
  const res = await fetchJson(server.baseUrl, '/bridge/session', { method: 'POST', key: key.key });
  assert.equal(res.status, 200, res.text);
  return { cookie: cookiePair(res.headers.get('set-cookie') ?? undefined), tab: res.body.tab, keyId: key.id };
}

const invoke = (headers: Record<string, string>, method: string, input?: unknown) => rawRequest(server.baseUrl, '/bridge/invoke', {
  method: 'POST', headers: { 'content-type': 'application/json', origin: server.baseUrl, ...headers }, body: JSON.stringify({ method, input }),
});
const call = (session: BridgeSession, method: string, input?: unknown) => invoke(sessionHeaders(session), method, input);

async function trigger(summary: string): Promise<string> {
  const res = await fetchJson(server.baseUrl, '/v2/enqueue', {
    body: { routing_key: server.routingKey, event_action: 'trigger', dedup_key: summary, payload: { summary, source: 'test', severity: 'critical' } },
  });
  assert.equal(res.status, 202, res.text);
  return server.klaxon.engine.listIncidents({ q: summary, limit: 1 }).incidents[0]!.id;
}

test('the session cookie alone, replayed with this host as Origin, gets 401 on every bridge route', async () => {
  const session = await signIn();
  const keysBefore = server.klaxon.engine.listKeys().length;
  const cookieOnly = { cookie: session.cookie };
  for (const [method, input] of [['keys.create', { name: 'stolen', scopes: ['admin'] }], ['incidents.list', {}], ['sessions.list', undefined]] as const) {
    const res = await invoke(cookieOnly, method, input);
    assert.equal(res.status, 401, method);
    assert.equal(JSON.parse(res.body).error.code, 'UNAUTHORIZED');
  }
  assert.equal((await rawRequest(server.baseUrl, '/bridge/events', { headers: cookieOnly })).status, 401);
  assert.equal((await rawRequest(server.baseUrl, '/bridge/session', { method: 'DELETE', headers: { ...cookieOnly, origin: server.baseUrl } })).status, 401);
  assert.equal(server.klaxon.engine.listKeys().length, keysBefore, 'no key was minted');

  // Nor the tab's secret without its cookie, nor with another browser's.
  const other = await signIn();
  assert.equal((await invoke({ 'x-klaxon-tab': session.tab }, 'incidents.list', {})).status, 401);
  assert.equal((await invoke({ cookie: other.cookie, 'x-klaxon-tab': session.tab }, 'incidents.list', {})).status, 401);
  assert.equal((await rawRequest(server.baseUrl, '/bridge/events', { headers: { cookie: other.cookie, 'x-klaxon-tab': session.tab } })).status, 401);
  // The pair still works: the replay ended nothing.
  assert.equal((await call(session, 'incidents.list', {})).status, 200);
});

test('a request carrying two klaxon_session cookies is refused, even when one of them is good', async () => {
  const session = await signIn();
  // What the browser sends after a server on another port set its own cookie with a longer path.
  const twice = { cookie: `klaxon_session=planted-by-another-server; ${session.cookie}`, 'x-klaxon-tab': session.tab };
  const res = await invoke(twice, 'incidents.list', {});
  assert.equal(res.status, 401);
  assert.match(JSON.parse(res.body).error.message, /Two klaxon_session cookies/);
  assert.equal((await rawRequest(server.baseUrl, '/bridge/events', { headers: twice })).status, 401);
  assert.equal((await rawRequest(server.baseUrl, '/', { headers: { cookie: twice.cookie } })).status, 401);
  const token = tokenOf(createLoginLink(server.dataDir, server.baseUrl));
  const signInTwice = await rawRequest(server.baseUrl, '/bridge/session', {
    method: 'POST', headers: { 'content-type': 'application/json', origin: server.baseUrl, cookie: twice.cookie }, body: JSON.stringify({ token }),
  });
  assert.equal(signInTwice.status, 401);
  assert.ok((await signInWithToken(server.baseUrl, token)).tab, 'the refused sign-in did not spend the token');
});

test("a browser's second tab keeps its cookie; each tab signs out on its own, and the cookie goes with the last", async () => {
  const first = await signIn();
  const second = await signIn(first.cookie);
  assert.equal(second.cookie, first.cookie, 'the browser keeps one cookie for its tabs');
  assert.notEqual(second.tab, first.tab);
  assert.equal((await call(first, 'incidents.list', {})).status, 200);
  assert.equal((await call(second, 'incidents.list', {})).status, 200);

  const out = await rawRequest(server.baseUrl, '/bridge/session', { method: 'DELETE', headers: { ...sessionHeaders(first), origin: server.baseUrl } });
  assert.equal(out.status, 204);
  assert.equal(out.headers['set-cookie'], undefined, 'the other tab still needs the cookie');
  assert.equal((await call(first, 'incidents.list', {})).status, 401);
  assert.equal((await call(second, 'incidents.list', {})).status, 200);

  const last = await rawRequest(server.baseUrl, '/bridge/session', { method: 'DELETE', headers: { ...sessionHeaders(second), origin: server.baseUrl } });
  assert.equal(last.status, 204);
  assert.match(String(last.headers['set-cookie']), /^klaxon_session=;.*Max-Age=0/);
  assert.equal((await rawRequest(server.baseUrl, '/', { headers: { cookie: second.cookie } })).status, 401);
  // A sign-out from another origin is refused (it would be a CSRF sign-out).
  const third = await signIn();
  assert.equal((await rawRequest(server.baseUrl, '/bridge/session', { method: 'DELETE', headers: { ...sessionHeaders(third), origin: 'http://127.0.0.1:1' } })).status, 403);
  assert.equal((await call(third, 'incidents.list', {})).status, 200);
});

test('acts through a session signed in with an API key are recorded as that key, not as the local user', async () => {
  const responder = await signInWithKey(['incidents:read', 'incidents:write']);
  const id = await trigger('Acked through a key session');
  const ack = await call(responder, 'incidents.acknowledge', { ids: [id] });
  assert.equal(ack.status, 200, ack.body);
  assert.equal(JSON.parse(ack.body)[0].acknowledgedBy, `key:${responder.keyId}`);
  const noted = await call(responder, 'incidents.addNote', { id, note: { text: 'looking' } });
  assert.equal(noted.status, 200, noted.body);
  const note = (JSON.parse(noted.body).timeline as { kind: string; actor: string }[]).find((e) => e.kind === 'note')!;
  assert.equal(note.actor, `key:${responder.keyId}`);

  // A `klaxon open` session is this machine's user.
  const local = await signIn();
  const other = await trigger('Acked through a login session');
  const localAck = await call(local, 'incidents.acknowledge', { ids: [other] });
  assert.equal(JSON.parse(localAck.body)[0].acknowledgedBy, `user:${server.klaxon.engine.getSettings().userName}`);
});

test('sessions are listed and revoked by an admin: over the bridge and the HTTP API, never by a lesser key', async () => {
  const admin = await signIn();
  const responder = await signInWithKey(['incidents:read', 'incidents:write']);
  const listed = await call(admin, 'sessions.list');
  assert.equal(listed.status, 200, listed.body);
  const sessions = JSON.parse(listed.body) as { id: string; via: string; keyName: string | null; current: boolean; idleExpiresAt: string; expiresAt: string; lastUsedAt: string }[];
  const mine = sessions.filter((s) => s.current);
  assert.equal(mine.length, 1, 'the caller is told which session is its own');
  assert.equal(mine[0]!.via, 'login');
  const theirs = sessions.find((s) => s.via === `key:${responder.keyId}`)!;
  assert.ok(theirs, 'the key session is listed');
  assert.match(theirs.id, /^ses_[0-9a-f]{16}$/);
  assert.ok(Date.parse(theirs.idleExpiresAt) <= Date.parse(theirs.expiresAt));
  assert.equal(Date.parse(theirs.idleExpiresAt) - Date.parse(theirs.lastUsedAt), SESSION_IDLE_MS);
  assert.ok(!listed.body.includes(responder.tab) && !listed.body.includes(responder.cookie.split('=')[1]!), 'no secrets');

  assert.equal((await call(responder, 'sessions.list')).status, 403);
  assert.equal((await call(responder, 'sessions.revoke', { id: mine[0]!.id })).status, 403);
  assert.equal((await call(admin, 'incidents.list', {})).status, 200);

  const revoked = await call(admin, 'sessions.revoke', { id: theirs.id });
  assert.equal(revoked.status, 200, revoked.body);
  assert.equal((await call(responder, 'incidents.list', {})).status, 401);
  assert.equal((await call(admin, 'sessions.revoke', { id: theirs.id })).status, 404);

  // The admin API, with an admin key.
  const viaApi = await fetchJson(server.baseUrl, '/api/sessions', { key: server.adminKey });
  assert.equal(viaApi.status, 200);
  assert.ok(viaApi.body.sessions.some((s: { id: string }) => s.id === mine[0]!.id));
  assert.ok(!viaApi.body.sessions.some((s: { id: string }) => s.id === theirs.id));
  const reader = await server.createKey(['incidents:read', 'incidents:write']);
  assert.equal((await fetchJson(server.baseUrl, '/api/sessions', { key: reader.key })).status, 403);
  const gone = await fetchJson(server.baseUrl, `/api/sessions/${mine[0]!.id}`, { method: 'DELETE', key: server.adminKey });
  assert.equal(gone.status, 200, gone.text);
  assert.equal(gone.body.id, mine[0]!.id);
  assert.equal((await call(admin, 'incidents.list', {})).status, 401);
  const missing = await fetchJson(server.baseUrl, '/api/sessions/ses_0000000000000000', { method: 'DELETE', key: server.adminKey });
  assert.equal(missing.status, 404);
  assert.equal(missing.body.error.code, 'NOT_FOUND');
});
