// The browser's bridge client with a fake fetch: every request carries the tab's secret, calls wait for the change
// stream (no gap between a load and the stream), a reconnect asks the window to reload, a stream refused with an error
// status is retried, a stream refused as signed out ends the tab's session, and signing out tells the host and leaves.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHttpApi } from '../../src-renderer/bridge/http-client.ts';
import { readEventStream } from '../../src-renderer/bridge/event-stream.ts';
import type { ChangeNotice } from '../../src-shared/api.ts';
import type { SignInReason } from '../../src-shared/bridge.ts';

const encoder = new TextEncoder();

/** One GET /bridge/events the client made, answered when the test says so. */
class FakeStream {
  readonly headers: Record<string, string>;
  aborted = false;
  private answer!: (res: Response) => void;
  private body: ReadableStreamDefaultController<Uint8Array> | undefined;
  readonly response: Promise<Response>;
  constructor(init: RequestInit) {
    this.headers = init.headers as Record<string, string>;
    this.response = new Promise<Response>((resolve, reject) => {
      this.answer = resolve;
      init.signal?.addEventListener('abort', () => {
        this.aborted = true;
        reject(new DOMException('aborted', 'AbortError'));
        try { this.body?.error(new DOMException('aborted', 'AbortError')); } catch { /* already closed */ }
      });
    });
  }
  open() {
    this.answer(new Response(new ReadableStream<Uint8Array>({ start: (c) => { this.body = c; } }), { status: 200, headers: { 'content-type': 'text/event-stream' } }));
  }
  refuse(status: number) { this.answer(new Response('{"error":{"code":"X","message":"refused"}}', { status })); }
  message(notice: ChangeNotice) { this.body!.enqueue(encoder.encode(`data: ${JSON.stringify(notice)}\n\n`)); }
  end() { this.body!.close(); }
}

interface Call { url: string; method: string; headers: Record<string, string>; body: { method: string; input: unknown } | undefined }

function setup(respond: (body: { method: string; input: unknown }) => { status: number; body: unknown } = () => ({ status: 200, body: {} })) {
  const streams: FakeStream[] = [];
  const calls: Call[] = [];
  const signedOut: SignInReason[] = [];
  const fetchFake = (async (url: string, init: RequestInit = {}) => {
    if (url.endsWith('/bridge/events')) {
      const stream = new FakeStream(init);
      streams.push(stream);
      return stream.response;
    }
    const body = typeof init.body === 'string' ? JSON.parse(init.body) : undefined;
    calls.push({ url, method: init.method ?? 'GET', headers: init.headers as Record<string, string>, body });
    if (!url.endsWith('/bridge/invoke')) return new Response(null, { status: 204 });
    const r = respond(body);
    return new Response(JSON.stringify(r.body), { status: r.status, headers: { 'content-type': 'application/json' } });
  }) as unknown as typeof fetch;
  const api = createHttpApi({ fetch: fetchFake, tabSecret: () => 'tab-secret-1', onSignedOut: (reason) => signedOut.push(reason) });
  return { api, streams, calls, signedOut };
}

// Let the client's promise chains run (setImmediate is not among the mocked timers).
const settle = async () => { for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r)); };

test('every request carries the tab secret; a call made after subscribe waits until the change stream is open', async () => {
  const { api, streams, calls } = setup(() => ({ status: 200, body: { incidents: [], total: 0, nextCursor: null } }));
  const notices: ChangeNotice[] = [];
  api.subscribe((n) => notices.push(n));
  const answer = api.send('incidents.list', {});
  await settle();
  assert.equal(calls.length, 0, 'held until the stream is open');
  assert.equal(streams[0]!.headers['x-klaxon-tab'], 'tab-secret-1');
  streams[0]!.open();
  assert.deepEqual(await answer, { incidents: [], total: 0, nextCursor: null });
  assert.equal(calls.length, 1);
  assert.equal(calls[0]!.headers['x-klaxon-tab'], 'tab-secret-1');
  assert.deepEqual(notices, [], 'the first open is not a gap');
  streams[0]!.message({ incidents: [], services: true });
  await settle();
  assert.deepEqual(notices, [{ incidents: [], services: true }]);
});

test('after the stream drops and comes back, the window is told to reload', async (t) => {
  t.mock.timers.enable({ apis: ['setTimeout'] });
  const { api, streams } = setup();
  const notices: ChangeNotice[] = [];
  api.subscribe((n) => notices.push(n));
  streams[0]!.open();
  await settle();
  streams[0]!.end(); // the host ended it (restarting, or a proxy timed it out)
  await settle();
  t.mock.timers.tick(1000);
  assert.equal(streams.length, 2, 'reconnected after a second');
  streams[1]!.open();
  await settle();
  assert.equal(notices.length, 1);
  assert.equal(notices[0]!.resync, true);
});

test('a stream refused with an error status is opened again later, a little later each time', async (t) => {
  t.mock.timers.enable({ apis: ['setTimeout'] });
  const { api, streams, signedOut } = setup();
  api.subscribe(() => {});
  streams[0]!.refuse(503);
  await settle();
  t.mock.timers.tick(1000);
  assert.equal(streams.length, 2);
  streams[1]!.refuse(503);
  await settle();
  t.mock.timers.tick(1000);
  assert.equal(streams.length, 2, 'backing off');
  t.mock.timers.tick(1000);
  assert.equal(streams.length, 3);
  assert.deepEqual(signedOut, []);
});

test('a stream refused as signed out (its session revoked, expired or signed out elsewhere) ends the tab session, with no retry', async (t) => {
  t.mock.timers.enable({ apis: ['setTimeout'] });
  const { api, streams, signedOut } = setup();
  api.subscribe(() => {});
  streams[0]!.open();
  await settle();
  streams[0]!.end(); // the host closes the stream of a revoked session…
  await settle();
  t.mock.timers.tick(1000);
  streams[1]!.refuse(401); // …and refuses it from then on
  await settle();
  assert.deepEqual(signedOut, ['ended']);
  t.mock.timers.tick(60_000);
  assert.equal(streams.length, 2, 'no more attempts');
});

test('signing out tells the host (with the tab secret), stops the stream and leaves', async () => {
  const { api, streams, calls, signedOut } = setup();
  api.subscribe(() => {});
  streams[0]!.open();
  await settle();
  await api.signOut!();
  assert.equal(streams[0]!.aborted, true);
  const del = calls.find((c) => c.method === 'DELETE')!;
  assert.ok(del.url.endsWith('/bridge/session'));
  assert.equal(del.headers['x-klaxon-tab'], 'tab-secret-1');
  assert.deepEqual(signedOut, ['signed-out']);
});

test('refusals carry the host error; a lost session says to sign in again', async () => {
  const { api } = setup((b) => (b.method === 'incidents.get'
    ? { status: 404, body: { error: { code: 'NOT_FOUND', message: 'Incident inc_x not found' } } }
    : b.method === 'settings.get' ? { status: 401, body: { error: { code: 'UNAUTHORIZED', message: 'Two klaxon_session cookies were sent' } } }
      : { status: 401, body: {} }));
  await assert.rejects(api.send('incidents.get', { id: 'inc_x' }), { name: 'BridgeError', code: 'NOT_FOUND', message: 'Incident inc_x not found' });
  await assert.rejects(api.send('settings.get'), { code: 'UNAUTHORIZED', message: 'Two klaxon_session cookies were sent' });
  await assert.rejects(api.send('host.info'), { code: 'UNAUTHORIZED', message: /signed out: run `klaxon open`/ });
});

test('the event stream reader takes frames however the bytes are split, and skips comments', async () => {
  const text = ': connected\n\ndata: {"a":1}\n\n: ping\n\ndata: line one\r\ndata: line two\r\n\r\ndata: {"é":"ü"}\n\n';
  const bytes = encoder.encode(text);
  for (const size of [1, 3, 7, bytes.length]) {
    const body = new ReadableStream<Uint8Array>({
      start(c) {
        for (let i = 0; i < bytes.length; i += size) c.enqueue(bytes.slice(i, i + size));
        c.close();
      },
    });
    const seen: string[] = [];
    await readEventStream(body, (d) => seen.push(d));
    assert.deepEqual(seen, ['{"a":1}', 'line one\nline two', '{"é":"ü"}'], `chunks of ${size}`);
  }
});
