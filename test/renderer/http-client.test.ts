// The browser's bridge client with a fake fetch and EventSource: calls wait for the change stream (no gap between
// a load and the stream), a reconnect asks the window to reload, a stream refused outright is retried, and a
// signed-out host is reported as such.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHttpApi } from '../../src-renderer/bridge/http-client.ts';
import type { ChangeNotice } from '../../src-shared/api.ts';

class FakeEventSource {
  static readonly CONNECTING = 0;
  static readonly OPEN = 1;
  static readonly CLOSED = 2;
  static all: FakeEventSource[] = [];
  readyState = FakeEventSource.CONNECTING;
  onopen: (() => void) | null = null;
  onerror: (() => void) | null = null;
  onmessage: ((ev: { data: string }) => void) | null = null;
  readonly url: string;
  constructor(url: string) { this.url = url; FakeEventSource.all.push(this); }
  open() { this.readyState = FakeEventSource.OPEN; this.onopen?.(); }
  message(notice: ChangeNotice) { this.onmessage?.({ data: JSON.stringify(notice) }); }
  fail(closed: boolean) { this.readyState = closed ? FakeEventSource.CLOSED : FakeEventSource.CONNECTING; this.onerror?.(); }
  close() { this.readyState = FakeEventSource.CLOSED; }
}

function setup(respond: (body: { method: string; input: unknown }) => { status: number; body: unknown }) {
  FakeEventSource.all = [];
  const requests: { method: string; input: unknown }[] = [];
  const fetchFake = (async (_url: string, init: { body: string }) => {
    const body = JSON.parse(init.body);
    requests.push(body);
    const r = respond(body);
    return new Response(JSON.stringify(r.body), { status: r.status, headers: { 'content-type': 'application/json' } });
  }) as unknown as typeof fetch;
  const api = createHttpApi({ fetch: fetchFake, EventSource: FakeEventSource as unknown as typeof EventSource });
  return { api, requests };
}

const tick = () => new Promise((r) => setTimeout(r, 10));

test('a call made after subscribe waits until the change stream is open', async () => {
  const { api, requests } = setup(() => ({ status: 200, body: { incidents: [], total: 0, nextCursor: null } }));
  const notices: ChangeNotice[] = [];
  api.subscribe((n) => notices.push(n));
  const answer = api.send('incidents.list', {});
  await tick();
  assert.equal(requests.length, 0, 'held until the stream is open');
  FakeEventSource.all[0]!.open();
  assert.deepEqual(await answer, { incidents: [], total: 0, nextCursor: null });
  assert.equal(requests.length, 1);
  assert.deepEqual(notices, [], 'the first open is not a gap');
  FakeEventSource.all[0]!.message({ incidents: [] , services: true });
  assert.deepEqual(notices, [{ incidents: [], services: true }]);
});

test('after the stream drops and comes back, the window is told to reload', async () => {
  const { api } = setup(() => ({ status: 200, body: {} }));
  const notices: ChangeNotice[] = [];
  api.subscribe((n) => notices.push(n));
  const es = FakeEventSource.all[0]!;
  es.open();
  es.fail(false); // dropped: the browser reconnects this same EventSource by itself
  es.open();
  assert.equal(notices.length, 1);
  assert.equal(notices[0]!.resync, true);
});

test('a stream refused with an error status is opened again later', async (t) => {
  t.mock.timers.enable({ apis: ['setTimeout'] });
  const { api } = setup(() => ({ status: 200, body: {} }));
  const notices: ChangeNotice[] = [];
  api.subscribe((n) => notices.push(n));
  FakeEventSource.all[0]!.open();
  FakeEventSource.all[0]!.fail(true); // e.g. 503 while the host restarts: EventSource gives up
  assert.equal(FakeEventSource.all.length, 1);
  t.mock.timers.tick(1000);
  assert.equal(FakeEventSource.all.length, 2, 'a new stream after the back-off');
  FakeEventSource.all[1]!.open();
  assert.equal(notices.at(-1)?.resync, true);
});

test('refusals carry the host error; a lost session says to sign in again', async () => {
  const { api } = setup((b) => (b.method === 'incidents.get'
    ? { status: 404, body: { error: { code: 'NOT_FOUND', message: 'Incident inc_x not found' } } }
    : { status: 401, body: { error: { code: 'UNAUTHORIZED', message: 'Not signed in' } } }));
  await assert.rejects(api.send('incidents.get', { id: 'inc_x' }), { name: 'BridgeError', code: 'NOT_FOUND', message: 'Incident inc_x not found' });
  await assert.rejects(api.send('settings.get'), { code: 'UNAUTHORIZED', message: /signed out: run `klaxon open`/ });
});
