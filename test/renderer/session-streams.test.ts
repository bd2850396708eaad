// A change stream lives no longer than its session: it closes when the tab signs out, when the session is revoked
// (from this host, or by `klaxon sessions revoke` in another process), when the API key it was opened with is revoked,
// and when the session expires — idle or absolute — by the host's clock (a FakeClock here, moved by the test).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, fetchJson, type TestServer } from '../support/server.ts';
import { klaxon } from '../support/cli.ts';
import { FakeClock } from '../../src-main/clock.ts';
import { createLoginLink } from '../../src-main/cli/open.ts';
import { SESSION_IDLE_MS, SESSION_TTL_MS } from '../../src-shared/schemas/sessions.ts';
import { rawRequest, cookiePair, signInWithToken, tokenOf, sessionHeaders, type BridgeSession } from './support/http.ts';

const HOUR = 3600_000;
let server: TestServer;
let clock: FakeClock;
before(async () => {
  clock = new FakeClock(Date.now());
  server = await startServer({ clock });
});
after(async () => { await server?.close(); });

const signIn = (): Promise<BridgeSession> => signInWithToken(server.baseUrl, tokenOf(createLoginLink(server.dataDir, server.baseUrl)));
async function signInWithKey(secret?: string): Promise<BridgeSession> {
  const key = secret ?? (await server.createKey(['incidents:read', 'incidents:write'])).key;
  const res = await fetchJson(server.baseUrl, '/bridge/session', { method: 'POST', key });
  assert.equal(res.status, 200, res.text);
  return { cookie: cookiePair(res.headers.get('set-cookie') ?? undefined), tab: res.body.tab };
}
const call = (session: BridgeSession, method: string, input?: unknown) => rawRequest(server.baseUrl, '/bridge/invoke', {
  method: 'POST', headers: { 'content-type': 'application/json', origin: server.baseUrl, ...sessionHeaders(session) }, body: JSON.stringify({ method, input }),
});
const sessionId = async (session: BridgeSession): Promise<string> =>
  (JSON.parse((await call(session, 'sessions.list')).body) as { id: string; current: boolean }[]).find((s) => s.current)!.id;

interface OpenStream { notices: string[]; ended: Promise<'ended'> }

/** Opens the change stream as the window does and collects its notices until the host ends it. */
async function openStream(session: BridgeSession): Promise<OpenStream> {
  const res = await fetch(new URL('/bridge/events', server.baseUrl), { headers: sessionHeaders(session) });
  assert.equal(res.status, 200);
  const notices: string[] = [];
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  const ended = (async () => {
    let text = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return 'ended' as const;
      text += decoder.decode(value, { stream: true });
      for (let end = text.indexOf('\n\n'); end !== -1; end = text.indexOf('\n\n')) {
        const frame = text.slice(0, end);
        text = text.slice(end + 2);
        if (frame.startsWith('data: ')) notices.push(frame.slice(6));
      }
    }
  })();
  return { notices, ended };
}

/** Resolves 'ended' if the host ends the stream within `ms`, else 'open'. */
const endsWithin = (stream: OpenStream, ms: number) =>
  Promise.race([stream.ended, new Promise<'open'>((r) => setTimeout(() => r('open'), ms).unref())]);

async function trigger(summary: string): Promise<void> {
  const res = await fetchJson(server.baseUrl, '/v2/enqueue', {
    body: { routing_key: server.routingKey, event_action: 'trigger', dedup_key: summary, payload: { summary, source: 'test', severity: 'critical' } },
  });
  assert.equal(res.status, 202, res.text);
}

test('signing out closes the tab\'s stream; another session\'s stream goes on', async () => {
  const leaving = await signIn();
  const staying = await signIn();
  const left = await openStream(leaving);
  const stays = await openStream(staying);
  const out = await rawRequest(server.baseUrl, '/bridge/session', { method: 'DELETE', headers: { ...sessionHeaders(leaving), origin: server.baseUrl } });
  assert.equal(out.status, 204);
  assert.equal(await endsWithin(left, 5000), 'ended');
  await trigger('After the sign-out');
  await pollFor(() => stays.notices.some((n) => n.includes('After the sign-out')));
  assert.ok(!left.notices.some((n) => n.includes('After the sign-out')));
  assert.equal(await endsWithin(stays, 100), 'open');
});

test('revoking the API key closes the streams it opened before its revocation is broadcast', async () => {
  const key = await server.createKey(['incidents:read', 'incidents:write']);
  const session = await signInWithKey(key.key);
  const stream = await openStream(session);
  await trigger('Before the key is revoked');
  await pollFor(() => stream.notices.some((n) => n.includes('Before the key is revoked')));
  const seen = stream.notices.length;

  await server.klaxon.engine.revokeKey(key.id);
  assert.equal(await endsWithin(stream, 5000), 'ended');
  assert.equal(stream.notices.length, seen, 'not even the key change reached it');
  assert.equal((await rawRequest(server.baseUrl, '/bridge/events', { headers: sessionHeaders(session) })).status, 401);
});

test('revoking a session (admin API here, `klaxon sessions revoke` in another process) closes its stream', async () => {
  const viaApi = await signIn();
  const apiStream = await openStream(viaApi);
  const revoked = await fetchJson(server.baseUrl, `/api/sessions/${await sessionId(viaApi)}`, { method: 'DELETE', key: server.adminKey });
  assert.equal(revoked.status, 200, revoked.text);
  assert.equal(await endsWithin(apiStream, 5000), 'ended');

  const viaCli = await signIn();
  const cliStream = await openStream(viaCli);
  const id = await sessionId(viaCli);
  const listed = await klaxon(['sessions', 'list', '--data-dir', server.dataDir]);
  assert.equal(listed.code, 0, listed.stderr);
  assert.match(listed.stdout, new RegExp(`${id}\\s+login`));
  const cli = await klaxon(['sessions', 'revoke', id, '--data-dir', server.dataDir]);
  assert.equal(cli.code, 0, cli.stderr);
  assert.match(cli.stdout, new RegExp(`Revoked ${id}`));
  // Another process wrote it: the host's sweep finds it within two seconds, with no change to broadcast.
  assert.equal(await endsWithin(cliStream, 5000), 'ended');
  assert.equal((await call(viaCli, 'incidents.list', {})).status, 401);
  const again = await klaxon(['sessions', 'revoke', id, '--data-dir', server.dataDir]);
  assert.notEqual(again.code, 0);
  assert.match(again.stderr, /No live session/);
});

test('a session idle for 12 hours ends, and its stream with it; use keeps it going', async () => {
  const idle = await signIn();
  const used = await signIn();
  const idleStream = await openStream(idle);
  const usedStream = await openStream(used);
  clock.advance(SESSION_IDLE_MS / 2);
  assert.equal((await call(used, 'incidents.list', {})).status, 200);
  clock.advance(SESSION_IDLE_MS / 2 + 1000);
  assert.equal(await endsWithin(idleStream, 5000), 'ended', 'closed by the sweep, with no change to broadcast');
  assert.equal(await endsWithin(usedStream, 2500), 'open', 'used half-way: still live');
  assert.equal((await call(idle, 'incidents.list', {})).status, 401);
  assert.equal((await call(used, 'incidents.list', {})).status, 200);
});

test('a session in daily use still ends after its absolute lifetime', async () => {
  // Signed in with a key: a `klaxon open` token is minted by the wall clock, which this host's clock has left behind.
  const session = await signInWithKey();
  const start = clock.now();
  // Used every 11 hours: never idle for 12.
  while (clock.now() - start + 11 * HOUR < SESSION_TTL_MS) {
    clock.advance(11 * HOUR);
    assert.equal((await call(session, 'incidents.list', {})).status, 200);
  }
  const stream = await openStream(session);
  clock.advance(SESSION_TTL_MS - (clock.now() - start) + 1000);
  assert.equal(await endsWithin(stream, 5000), 'ended');
  assert.equal((await call(session, 'incidents.list', {})).status, 401);
});

async function pollFor(probe: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!probe()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 25));
  }
}
