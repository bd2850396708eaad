// The queue's store with a fake bridge serving the host's answers (support/fake-api.ts): a window onto the host's
// list that holds only the pages around the rows on screen, shows the host's order and counts, patches the rows it
// holds in place when a change arrives and asks the host again (spaced out in a storm), optimistic commands and
// their rollback with a visible error, the keyboard cursor, and the clock ending snoozes and maintenance.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createQueueStore, rowAt, type QueueStore } from '../../src-renderer/store/queue-store.ts';
import { MAX_PAGES, PAGE_SIZE } from '../../src-renderer/store/queue-window.ts';
import { compareForQueue } from '../../src-shared/domain/lifecycle.ts';
import { BridgeError } from '../../src-renderer/bridge/bridge-error.ts';
import type { Incident } from '../../src-shared/schemas/incidents.ts';
import { createFakeApi, deferred, listFrom, makeIncident, type FakeApi } from './support/fake-api.ts';

async function loadedStore(incidents: Incident[], opts: { now?: () => number; minRefreshMs?: number } = {}): Promise<{ api: FakeApi; store: QueueStore }> {
  const api = createFakeApi();
  api.handle('incidents.list', listFrom(() => incidents, opts.now));
  const store = createQueueStore({ api, minRefreshMs: 0, ...opts });
  api.subscribe((n) => store.getState().applyChange(n));
  await store.getState().load();
  return { api, store };
}
/** The rows on screen, as the list shows them: indexes start..end. */
const rows = (store: QueueStore, start = 0, end = store.getState().total - 1) => {
  const out: (Incident | undefined)[] = [];
  for (let i = start; i <= end; i++) out.push(rowAt(store.getState(), i));
  return out;
};
const titles = (list: readonly (Incident | undefined)[]) => list.map((i) => i?.title ?? '(loading)');
const shownStatus = (store: QueueStore, id: string) => store.getState().shown.get(id)?.status;
const listCalls = (api: FakeApi) => api.calls.filter((c) => c.method === 'incidents.list').length;

async function waitFor(cond: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 5));
  }
}

test('the rows come in the host\'s queue order, with the host\'s total and counts', async (t) => {
  const at = (m: number) => new Date(Date.UTC(2024, 0, 15, 10, m)).toISOString();
  const incidents = [
    makeIncident({ title: 'ack high', status: 'acknowledged', urgency: 'HIGH', createdAt: at(1) }),
    makeIncident({ title: 'trig low', status: 'triggered', urgency: 'LOW', createdAt: at(2) }),
    makeIncident({ title: 'trig high newer', status: 'triggered', urgency: 'HIGH', createdAt: at(5) }),
    makeIncident({ title: 'trig high older', status: 'triggered', urgency: 'HIGH', createdAt: at(3) }),
    makeIncident({ title: 'trig high P1', status: 'triggered', urgency: 'HIGH', priority: 'P1', createdAt: at(9) }),
    makeIncident({ title: 'snoozed high', status: 'snoozed', urgency: 'HIGH', snoozedUntil: '2999-01-01T00:00:00.000Z', createdAt: at(0) }),
  ];
  const { api, store } = await loadedStore(incidents);
  t.after(() => store.getState().dispose());
  assert.deepEqual(titles(rows(store)), ['trig high P1', 'trig high older', 'trig high newer', 'trig low', 'ack high', 'snoozed high']);
  const s = store.getState();
  assert.equal(s.total, 6);
  assert.deepEqual(s.counts?.triggered, { HIGH: 3, LOW: 1 });
  assert.equal(s.triggeredTotal, 4, 'the header counts triggered incidents');
  const query = api.calls.find((c) => c.method === 'incidents.list')!.input as Record<string, unknown>;
  assert.deepEqual(query, { order: 'queue', offset: 0, limit: 100, counts: true, status: ['triggered', 'acknowledged', 'snoozed'] }, 'the host sorts, filters and counts');
});

test('a storm of 5,000: the window holds a few pages, whatever the scrolling, and loads a deep row when it comes into view', async (t) => {
  const many = Array.from({ length: 5000 }, (_, i) => makeIncident({
    id: `inc_s${String(i).padStart(4, '0')}`, title: `storm ${i}`, createdAt: new Date(Date.UTC(2024, 0, 1) + i * 1000).toISOString(),
  }));
  const { api, store } = await loadedStore(many);
  t.after(() => store.getState().dispose());
  const s = () => store.getState();
  assert.equal(s().total, 5000);
  assert.equal(s().shown.size, PAGE_SIZE, 'one page after the first load');
  for (let start = 0; start < 5000; start += 137) {
    s().setRange(start, start + 20);
    await waitFor(() => rowAt(s(), start + 20) !== undefined || start + 20 >= 5000);
    assert.ok(s().pages.size <= MAX_PAGES, `at most ${MAX_PAGES} pages (${s().pages.size} at row ${start})`);
    assert.ok(s().shown.size <= MAX_PAGES * PAGE_SIZE);
  }
  s().setRange(2500, 2517);
  await waitFor(() => rowAt(s(), 2500) !== undefined);
  assert.equal(rowAt(s(), 2500)?.title, 'storm 2500', 'the host\'s row at that place');
  assert.ok(listCalls(api) < 60, `${listCalls(api)} calls for 37 scroll positions`);
});

test('a live new incident: the window asks the host and shows it where the host puts it (at the top if it sorts first)', async (t) => {
  const old = [makeIncident({ title: 'old low', urgency: 'LOW' }), makeIncident({ title: 'old acknowledged', status: 'acknowledged' })];
  const all = [...old];
  const { api, store } = await loadedStore(all);
  t.after(() => store.getState().dispose());
  const fresh = makeIncident({ title: 'new HIGH', urgency: 'HIGH' });
  all.push(fresh);
  api.push({ incidents: [fresh] });
  await waitFor(() => store.getState().total === 3);
  assert.deepEqual(titles(rows(store)), ['new HIGH', 'old low', 'old acknowledged']);
  assert.equal(store.getState().triggeredTotal, 2);
});

test('a status change shows in place at once, then the host moves the row; a repeat alert changes only its count, without a call', async (t) => {
  const a = makeIncident({ title: 'A', createdAt: '2024-01-15T10:00:00.000Z' });
  const b = makeIncident({ title: 'B', createdAt: '2024-01-15T10:01:00.000Z' });
  const c = makeIncident({ title: 'C', createdAt: '2024-01-15T10:02:00.000Z' });
  const all = [a, b, c];
  const { api, store } = await loadedStore(all);
  t.after(() => store.getState().dispose());
  const serve = listFrom(() => all);
  const gate = deferred<void>();
  api.handle('incidents.list', async (input) => { await gate.promise; return serve(input); });

  const acked = { ...a, status: 'acknowledged' as const, updatedAt: '2024-01-15T11:00:00.000Z' };
  all[0] = acked;
  api.push({ incidents: [acked] });
  assert.equal(shownStatus(store, a.id), 'acknowledged', 'in place, before the host answers');
  assert.deepEqual(titles(rows(store)), ['A', 'B', 'C'], 'still where it was');
  gate.resolve();
  await waitFor(() => titles(rows(store)).join() === 'B,C,A');

  const calls = listCalls(api);
  const repeat = { ...b, alertCount: 7, updatedAt: '2024-01-15T11:05:00.000Z' };
  all[1] = repeat;
  api.push({ incidents: [repeat] });
  assert.equal(store.getState().shown.get(b.id)?.alertCount, 7);
  await new Promise((r) => setTimeout(r, 30));
  assert.equal(listCalls(api), calls, 'a count changes no place: no call');
});

test('changes pouring in are refreshed spaced out, and the last state is shown when they stop', async (t) => {
  const all = [makeIncident({ title: 'first' })];
  const { api, store } = await loadedStore(all, { minRefreshMs: 100 });
  t.after(() => store.getState().dispose());
  const before = listCalls(api);
  const startedAt = Date.now();
  for (let i = 0; i < 40; i++) {
    const inc = makeIncident({ title: `burst ${i}` });
    all.push(inc);
    api.push({ incidents: [inc] });
    await new Promise((r) => setTimeout(r, 10));
  }
  const elapsed = Date.now() - startedAt;
  await waitFor(() => store.getState().total === 41);
  const calls = listCalls(api) - before;
  assert.ok(calls <= Math.ceil(elapsed / 100) + 2, `${calls} refreshes for 40 changes in ${elapsed} ms`);
});

test('a storm against a slow host: refreshes go at once until they take a quarter of the time, then spaced out', async (t) => {
  const all = [makeIncident({ title: 'first' })];
  const { api, store } = await loadedStore(all, { minRefreshMs: 0 });
  t.after(() => store.getState().dispose());
  const serve = listFrom(() => all);
  api.handle('incidents.list', async (input) => { await new Promise((r) => setTimeout(r, 50)); return serve(input); });
  const before = listCalls(api);
  const startedAt = Date.now();
  for (let i = 0; i < 100; i++) {
    const inc = makeIncident({ title: `storm ${i}` });
    all.push(inc);
    api.push({ incidents: [inc] });
    await new Promise((r) => setTimeout(r, 10));
  }
  const elapsed = Date.now() - startedAt;
  await waitFor(() => store.getState().total === 101);
  const calls = listCalls(api) - before;
  // Back to back, 50 ms each, would be elapsed / 50 calls; the window keeps to about a quarter of that past the
  // first 250 ms.
  t.diagnostic(`${calls} refreshes in ${elapsed} ms against a 50 ms host`);
  assert.ok(calls <= Math.ceil(250 / 50) + Math.ceil(elapsed / 250) + 2, `${calls} refreshes in ${elapsed} ms`);
});

test('acknowledge shows at once, before the host answers, and the host answer is kept', async (t) => {
  const inc = makeIncident({ title: 'CPU usage above 90%' });
  const { api, store } = await loadedStore([inc]);
  t.after(() => store.getState().dispose());
  const answer = deferred<Incident[]>();
  api.handle('incidents.acknowledge', () => answer.promise);

  const done = store.getState().acknowledge([inc.id]);
  assert.equal(shownStatus(store, inc.id), 'acknowledged', 'optimistic: acknowledged before the answer');
  assert.ok(store.getState().busy.has(inc.id));
  assert.deepEqual(api.calls.at(-1), { method: 'incidents.acknowledge', input: { ids: [inc.id] } });

  const later = new Date(Date.parse(inc.updatedAt) + 1000).toISOString();
  answer.resolve([{ ...inc, status: 'acknowledged', acknowledgedBy: 'user:me', acknowledgedAt: later, updatedAt: later }]);
  assert.equal(await done, true);
  assert.equal(store.getState().shown.get(inc.id)?.acknowledgedBy, 'user:me', 'the server snapshot replaced the patch');
  assert.equal(store.getState().busy.has(inc.id), false);
  assert.deepEqual(store.getState().errors, []);
});

test('a refused command rolls the row back and says why', async (t) => {
  const first = makeIncident({ title: 'Database timeout', createdAt: '2024-01-15T10:00:00.000Z' });
  const second = makeIncident({ title: 'Queue backlog', createdAt: '2024-01-15T10:05:00.000Z' });
  const { api, store } = await loadedStore([first, second]);
  t.after(() => store.getState().dispose());
  const answer = deferred<Incident[]>();
  api.handle('incidents.resolve', () => answer.promise);

  const done = store.getState().resolve([first.id]);
  assert.equal(shownStatus(store, first.id), 'resolved', 'resolved at once, in its place');
  assert.deepEqual(titles(rows(store)), ['Database timeout', 'Queue backlog']);

  answer.reject(new BridgeError('UNAVAILABLE', 'Klaxon is shutting down; retry shortly', 503));
  assert.equal(await done, false);
  assert.equal(shownStatus(store, first.id), 'triggered', 'rolled back to the server state');
  const errors = store.getState().errors;
  assert.equal(errors.length, 1);
  assert.match(errors[0]!.message, /Could not resolve “Database timeout”: Klaxon is shutting down/);
  store.getState().dismissError(errors[0]!.id);
  assert.deepEqual(store.getState().errors, []);
});

test('a pushed change while a command is in flight updates the row without undoing the optimistic status', async (t) => {
  const inc = makeIncident({ title: 'Disk full', alertCount: 1 });
  const { api, store } = await loadedStore([inc]);
  t.after(() => store.getState().dispose());
  const answer = deferred<Incident[]>();
  api.handle('incidents.acknowledge', () => answer.promise);

  const done = store.getState().acknowledge([inc.id]);
  const repeat = { ...inc, alertCount: 2, updatedAt: new Date(Date.parse(inc.updatedAt) + 500).toISOString() };
  api.push({ incidents: [repeat] });
  assert.equal(shownStatus(store, inc.id), 'acknowledged');
  assert.equal(store.getState().shown.get(inc.id)?.alertCount, 2);

  answer.reject(new BridgeError('ILLEGAL_TRANSITION', 'nope', 409));
  await done;
  assert.equal(shownStatus(store, inc.id), 'triggered');
  assert.equal(store.getState().shown.get(inc.id)?.alertCount, 2, 'rollback goes to the newest server snapshot');
});

test('bulk acknowledge sends one command for the selected incidents; select all asks the host for every id', async (t) => {
  const incs = [makeIncident({ title: 'a' }), makeIncident({ title: 'b' }), makeIncident({ title: 'c' })];
  const { api, store } = await loadedStore(incs);
  t.after(() => store.getState().dispose());
  api.handle('incidents.acknowledge', async (input) => (input as { ids: string[] }).ids.map((id) => ({
    ...incs.find((i) => i.id === id)!, status: 'acknowledged', updatedAt: '2030-01-01T00:00:00.000Z',
  })));
  store.getState().toggleSelected(incs[0]!.id);
  store.getState().toggleSelected(incs[2]!.id);
  assert.equal(await store.getState().acknowledge([...store.getState().selected]), true);
  assert.deepEqual(api.calls.filter((c) => c.method === 'incidents.acknowledge').map((c) => c.input), [{ ids: [incs[0]!.id, incs[2]!.id] }]);
  assert.deepEqual(incs.map((i) => shownStatus(store, i.id)), ['acknowledged', 'triggered', 'acknowledged']);
  await store.getState().selectAll();
  assert.deepEqual([...store.getState().selected].sort(), incs.map((i) => i.id).sort());
});

test('filters go to the host: status, service, urgency and search', async (t) => {
  const incs = [
    makeIncident({ title: 'CPU high on db-1', urgency: 'HIGH' }),
    makeIncident({ title: 'Slow checkout', urgency: 'LOW', service: { id: 'svc_b', name: 'Shop' }, serviceId: 'svc_b' }),
    makeIncident({ title: 'Cert expiring', urgency: 'LOW', status: 'acknowledged', dedupKey: 'cert-db' }),
    makeIncident({ title: 'Old outage', status: 'resolved' }),
  ];
  const { api, store } = await loadedStore(incs);
  t.after(() => store.getState().dispose());
  const s = () => store.getState();
  const shows = async (want: string[]) => { await waitFor(() => titles(rows(store)).join() === want.join()); };
  s().setFilters({ urgency: 'LOW' });
  await shows(['Slow checkout', 'Cert expiring']);
  s().setFilters({ urgency: null, serviceId: 'svc_b' });
  await shows(['Slow checkout']);
  // Two triggered in the whole queue, one of them Shop's: the header counts the whole queue.
  await waitFor(() => s().triggeredTotal === 2);
  assert.deepEqual(s().counts?.triggered, { HIGH: 0, LOW: 1 }, 'the filters\' counts are Shop\'s');
  s().setFilters({ serviceId: null, status: 'acknowledged' });
  await shows(['Cert expiring']);
  s().setFilters({ status: 'open', q: 'DB' });
  await shows(['CPU high on db-1', 'Cert expiring']);
  s().setFilters({ q: '', status: 'resolved' });
  await shows(['Old outage']);
  const last = api.calls.filter((c) => c.method === 'incidents.list').at(-1)!.input as Record<string, unknown>;
  assert.deepEqual(last.status, ['resolved']);
});

test('j/k move the cursor through the whole list, loading the rows it reaches; acting on it keeps its place', async (t) => {
  const many = Array.from({ length: 350 }, (_, i) => makeIncident({ id: `inc_k${String(i).padStart(3, '0')}`, title: `k ${i}`, createdAt: new Date(Date.UTC(2024, 0, 1) + i * 1000).toISOString() }));
  const { api, store } = await loadedStore(many);
  t.after(() => store.getState().dispose());
  const s = () => store.getState();
  s().moveCursor(1);
  assert.equal(s().cursorId, many[0]!.id);
  s().moveCursor(-1);
  assert.equal(s().cursorIndex, 0, 'k at the top stays there');
  s().moveCursor(250);
  assert.equal(s().cursorIndex, 250);
  await waitFor(() => s().cursorId === many[250]!.id);
  api.handle('incidents.acknowledge', async (input) => (input as { ids: string[] }).ids.map((id) => {
    const i = many.findIndex((m) => m.id === id);
    many[i] = { ...many[i]!, status: 'acknowledged', updatedAt: '2030-01-01T00:00:00.000Z' };
    return many[i]!;
  }));
  await s().acknowledge([s().cursorId!]);
  api.push({ incidents: [many[250]!] });
  // The acknowledged row moved to the end; the cursor stays at place 250, on the row that took it.
  await waitFor(() => s().cursorId === many[251]!.id);
  assert.equal(s().cursorIndex, 250);
});

test('a snooze that ends shows at once in place, and the host puts the incident back among the triggered ones', async (t) => {
  let now = Date.parse('2024-01-15T12:00:00.000Z');
  const snoozed = makeIncident({ title: 'snoozed', status: 'snoozed', snoozedUntil: '2024-01-15T12:15:00.000Z', createdAt: '2024-01-15T09:00:00.000Z' });
  const triggered = makeIncident({ title: 'triggered', createdAt: '2024-01-15T11:00:00.000Z' });
  const { store } = await loadedStore([snoozed, triggered], { now: () => now });
  t.after(() => store.getState().dispose());
  assert.deepEqual(titles(rows(store)), ['triggered', 'snoozed']);
  now = Date.parse('2024-01-15T12:15:01.000Z');
  store.getState().tick();
  assert.equal(shownStatus(store, snoozed.id), 'triggered');
  await waitFor(() => titles(rows(store)).join() === 'snoozed,triggered');
  assert.equal(store.getState().triggeredTotal, 2);
});

test('a maintenance-suppressed incident the window does not hold joins Open when the window ends, by the clock alone', async (t) => {
  // Opened during a maintenance window: suppressed until its planned end, then triggered with no op and no change
  // notice. The window holds no suppressed rows under Open; the host said when the next status change is due.
  const base = Date.now();
  let now = base;
  const end = new Date(base + 300).toISOString();
  const maintenance = makeIncident({ title: 'during maintenance', status: 'suppressed', snoozedUntil: end, createdAt: '2024-01-15T11:50:00.000Z' });
  const byRule = makeIncident({ title: 'rule suppressed', status: 'suppressed', snoozedUntil: null, createdAt: '2024-01-15T11:40:00.000Z' });
  const older = makeIncident({ title: 'older triggered', createdAt: '2024-01-15T09:00:00.000Z' });
  const newer = makeIncident({ title: 'newer triggered', createdAt: '2024-01-15T11:55:00.000Z' });
  const acked = makeIncident({ title: 'acknowledged', status: 'acknowledged', createdAt: '2024-01-15T08:00:00.000Z' });
  const { store } = await loadedStore([maintenance, byRule, older, newer, acked], { now: () => now });
  t.after(() => store.getState().dispose());
  const s = () => store.getState();

  assert.deepEqual(titles(rows(store)), ['older triggered', 'newer triggered', 'acknowledged'], 'before the end: not in Open');
  assert.equal(s().triggeredTotal, 2);
  assert.ok(!s().shown.has(maintenance.id), 'not held');

  now = base + 301; // just past the window's end; nothing is pushed
  await waitFor(() => s().triggeredTotal === 3, 3000);
  assert.deepEqual(titles(rows(store)), ['older triggered', 'during maintenance', 'newer triggered', 'acknowledged'],
    'in Open, among the triggered, oldest first');
  s().setFilters({ status: 'suppressed' });
  await waitFor(() => titles(rows(store)).join() === 'rule suppressed');
});

test('the host\'s order is kept as it is: the window never sorts', async (t) => {
  // Whatever order the host answers in is the order shown (one definition of the order: the host's). Here the host
  // answers newest first, the opposite of what compareForQueue would give.
  const incs = [makeIncident({ title: 'first' }), makeIncident({ title: 'second' }), makeIncident({ title: 'third' })].reverse();
  assert.deepEqual(titles([...incs].sort(compareForQueue)), ['first', 'second', 'third']);
  const api = createFakeApi();
  api.handle('incidents.list', async () => ({ incidents: incs, total: 3, nextCursor: null }));
  const store = createQueueStore({ api });
  t.after(() => store.getState().dispose());
  await store.getState().load();
  assert.deepEqual(titles(rows(store)), ['third', 'second', 'first']);
});
