// The queue's store with a fake bridge: ordering (the domain's compareForQueue, kept while live changes move rows),
// filters, optimistic commands and their rollback with a visible error.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { createQueueStore, type QueueStore } from '../../src-renderer/store/queue-store.ts';
import { compareForQueue } from '../../src-shared/domain/lifecycle.ts';
import { BridgeError } from '../../src-renderer/bridge/bridge-error.ts';
import type { Incident } from '../../src-shared/schemas/incidents.ts';
import { createFakeApi, deferred, listFrom, makeIncident, type FakeApi } from './support/fake-api.ts';

async function loadedStore(incidents: Incident[], opts: { now?: () => number; pageSize?: number } = {}): Promise<{ api: FakeApi; store: QueueStore }> {
  const api = createFakeApi();
  api.handle('incidents.list', listFrom(() => incidents));
  const store = createQueueStore({ api, ...opts });
  await store.getState().load();
  return { api, store };
}
const titles = (list: readonly Incident[]) => list.map((i) => i.title);
const shownStatus = (store: QueueStore, id: string) => store.getState().shown.get(id)?.status;

test('the queue puts triggered before acknowledged, HIGH before LOW, P1 first, then oldest first', async (t) => {
  const at = (m: number) => new Date(Date.UTC(2024, 0, 15, 10, m)).toISOString();
  const incidents = [
    makeIncident({ title: 'ack high', status: 'acknowledged', urgency: 'HIGH', createdAt: at(1) }),
    makeIncident({ title: 'trig low', status: 'triggered', urgency: 'LOW', createdAt: at(2) }),
    makeIncident({ title: 'trig high newer', status: 'triggered', urgency: 'HIGH', createdAt: at(5) }),
    makeIncident({ title: 'trig high older', status: 'triggered', urgency: 'HIGH', createdAt: at(3) }),
    makeIncident({ title: 'trig high P1', status: 'triggered', urgency: 'HIGH', priority: 'P1', createdAt: at(9) }),
    makeIncident({ title: 'snoozed high', status: 'snoozed', urgency: 'HIGH', snoozedUntil: '2999-01-01T00:00:00.000Z', createdAt: at(0) }),
  ];
  const { store } = await loadedStore(incidents);
  t.after(() => store.getState().dispose());
  assert.deepEqual(titles(store.getState().visible),
    ['trig high P1', 'trig high older', 'trig high newer', 'trig low', 'ack high', 'snoozed high']);
});

test('live changes move rows to where a full sort would put them', async (t) => {
  // Any sequence of pushed snapshots (new incidents, status and urgency changes, resolves) leaves the list in
  // exactly the order the domain's comparator gives, although the store moves rows one by one.
  const statuses = ['triggered', 'acknowledged', 'snoozed', 'resolved'] as const;
  const change = fc.record({
    id: fc.integer({ min: 0, max: 30 }),
    status: fc.constantFrom(...statuses),
    urgency: fc.constantFrom('HIGH' as const, 'LOW' as const),
    priority: fc.constantFrom(null, 'P1' as const, 'P3' as const),
    minute: fc.integer({ min: 0, max: 59 }),
  });
  await fc.assert(fc.asyncProperty(fc.array(fc.array(change, { minLength: 1, maxLength: 5 }), { maxLength: 25 }), async (batches) => {
    const { api, store } = await loadedStore([]);
    const unsubscribe = api.subscribe((n) => store.getState().applyChange(n));
    let version = 0;
    for (const batch of batches) {
      api.push({
        incidents: batch.map((c) => makeIncident({
          id: `inc_${c.id}`, title: `n${c.id}`, status: c.status, urgency: c.urgency, priority: c.priority,
          snoozedUntil: c.status === 'snoozed' ? '2999-01-01T00:00:00.000Z' : null,
          createdAt: new Date(Date.UTC(2024, 0, 1, 0, c.minute)).toISOString(),
          updatedAt: new Date(Date.UTC(2024, 1, 1, 0, 0, 0, ++version)).toISOString(),
        })),
      });
    }
    const { ordered, shown, visible } = store.getState();
    assert.deepEqual(ordered.map((i) => i.id), [...shown.values()].sort(compareForQueue).map((i) => i.id));
    assert.ok(visible.every((i) => i.status !== 'resolved'), 'the default view hides resolved incidents');
    unsubscribe();
    store.getState().dispose();
  }), { numRuns: 150, seed: 7 });
  t.diagnostic('150 random change sequences');
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
  assert.equal(shownStatus(store, first.id), 'resolved');
  assert.deepEqual(titles(store.getState().visible), ['Queue backlog'], 'resolved leaves the open view at once');

  answer.reject(new BridgeError('UNAVAILABLE', 'Klaxon is shutting down; retry shortly', 503));
  assert.equal(await done, false);
  assert.equal(shownStatus(store, first.id), 'triggered', 'rolled back to the server state');
  assert.deepEqual(titles(store.getState().visible), ['Database timeout', 'Queue backlog'], 'back in its place');
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
  api.subscribe((n) => store.getState().applyChange(n));
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

test('bulk acknowledge sends one command for the selected incidents', async (t) => {
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
});

test('filters by status, service, urgency and search', async (t) => {
  const incs = [
    makeIncident({ title: 'CPU high on db-1', urgency: 'HIGH' }),
    makeIncident({ title: 'Slow checkout', urgency: 'LOW', service: { id: 'svc_b', name: 'Shop' }, serviceId: 'svc_b' }),
    makeIncident({ title: 'Cert expiring', urgency: 'LOW', status: 'acknowledged', dedupKey: 'cert-db' }),
  ];
  const resolved = makeIncident({ title: 'Old outage', status: 'resolved' });
  const { store } = await loadedStore([...incs, resolved]);
  t.after(() => store.getState().dispose());
  const s = () => store.getState();
  s().setFilters({ urgency: 'LOW' });
  assert.deepEqual(titles(s().visible), ['Slow checkout', 'Cert expiring']);
  s().setFilters({ urgency: null, serviceId: 'svc_b' });
  assert.deepEqual(titles(s().visible), ['Slow checkout']);
  s().setFilters({ serviceId: null, status: 'acknowledged' });
  assert.deepEqual(titles(s().visible), ['Cert expiring']);
  s().setFilters({ status: 'open', q: 'DB' });
  assert.deepEqual(titles(s().visible), ['CPU high on db-1', 'Cert expiring'], 'search covers title and dedup key, any case');
  s().setFilters({ q: '', status: 'resolved' });
  // Resolved incidents are not in the initial load; choosing the filter fetches them.
  await waitFor(() => titles(s().visible).includes('Old outage'));
  assert.deepEqual(titles(s().visible), ['Old outage']);
});

test('a snooze that ends puts the incident back among the triggered ones', async (t) => {
  let now = Date.parse('2024-01-15T12:00:00.000Z');
  const snoozed = makeIncident({ title: 'snoozed', status: 'snoozed', snoozedUntil: '2024-01-15T12:15:00.000Z', createdAt: '2024-01-15T09:00:00.000Z' });
  const triggered = makeIncident({ title: 'triggered', createdAt: '2024-01-15T11:00:00.000Z' });
  const { store } = await loadedStore([snoozed, triggered], { now: () => now });
  t.after(() => store.getState().dispose());
  assert.deepEqual(titles(store.getState().visible), ['triggered', 'snoozed']);
  now = Date.parse('2024-01-15T12:15:01.000Z');
  store.getState().tick();
  assert.equal(shownStatus(store, snoozed.id), 'triggered');
  assert.deepEqual(titles(store.getState().visible), ['snoozed', 'triggered'], 'older triggered first');
});

test('a maintenance-suppressed incident joins Open as triggered when the window ends, by the clock alone', async (t) => {
  // Opened during a maintenance window: suppressed until the window's planned end, then triggered with no op and
  // no change notice. A rule-suppressed incident (no end) stays out of Open. The store's own timer must notice.
  const base = Date.parse('2024-01-15T12:00:00.000Z');
  let now = base;
  const end = new Date(base + 200).toISOString();
  const maintenance = makeIncident({ title: 'during maintenance', status: 'suppressed', snoozedUntil: end, createdAt: '2024-01-15T11:50:00.000Z' });
  const byRule = makeIncident({ title: 'rule suppressed', status: 'suppressed', snoozedUntil: null, createdAt: '2024-01-15T11:40:00.000Z' });
  const older = makeIncident({ title: 'older triggered', createdAt: '2024-01-15T09:00:00.000Z' });
  const newer = makeIncident({ title: 'newer triggered', createdAt: '2024-01-15T11:55:00.000Z' });
  const acked = makeIncident({ title: 'acknowledged', status: 'acknowledged', createdAt: '2024-01-15T08:00:00.000Z' });
  const { api, store } = await loadedStore([maintenance, byRule, older, newer, acked], { now: () => now });
  t.after(() => store.getState().dispose());
  const s = () => store.getState();
  // The header's count: triggered rows the window holds.
  const triggeredCount = () => s().ordered.filter((i) => i.status === 'triggered').length;

  assert.deepEqual(titles(s().visible), ['older triggered', 'newer triggered', 'acknowledged'], 'before the end: not in Open');
  assert.equal(triggeredCount(), 2);
  const callsAfterLoad = api.calls.length;

  now = base + 201; // just past the window's end; nothing is pushed and nothing is reloaded
  await waitFor(() => shownStatus(store, maintenance.id) === 'triggered');
  assert.deepEqual(titles(s().visible), ['older triggered', 'during maintenance', 'newer triggered', 'acknowledged'],
    'in Open, among the triggered, oldest first');
  assert.equal(triggeredCount(), 3, 'counted as triggered');
  assert.equal(shownStatus(store, byRule.id), 'suppressed', 'a suppression rule has no end');
  assert.ok(!s().visible.some((i) => i.id === byRule.id), 'the rule-suppressed incident never shows in Open');
  assert.equal(api.calls.length, callsAfterLoad, 'no reload');

  s().setFilters({ status: 'suppressed' });
  assert.deepEqual(titles(s().visible), ['rule suppressed'], 'the Suppressed filter holds only the one still suppressed');
});

test('loads every open incident page by page and shows the first page before the rest', async (t) => {
  const many = Array.from({ length: 450 }, (_, i) => makeIncident({ id: `inc_many${i}`, title: `m${i}` }));
  const api = createFakeApi();
  const serve = listFrom(() => many);
  const gate = deferred<void>();
  let pages = 0;
  api.handle('incidents.list', async (input) => { if (++pages === 2) await gate.promise; return serve(input); });
  const store = createQueueStore({ api, pageSize: 200 });
  t.after(() => store.getState().dispose());
  const loading = store.getState().load();
  await waitFor(() => store.getState().phase === 'ready');
  assert.equal(store.getState().visible.length, 200, 'first page on screen while the second is in flight');
  assert.equal(store.getState().loadingMore, true);
  gate.resolve();
  await loading;
  assert.equal(store.getState().visible.length, 450);
  assert.equal(store.getState().loadTotal, 450);
  assert.equal(store.getState().loadingMore, false);
});

async function waitFor(cond: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 5));
  }
}
