// The On-call page's store over a fake bridge: it loads people, schedules with their shifts over the two weeks from
// local midnight, policies, who is on call now and who "you" are; a change notice about on-call or the roster loads
// again (a burst costs one more load, not one each); a failed load keeps what was shown and says why; and the clock
// loads again just after the handoff the host announced, with no notice at all.
process.env.TZ = 'America/Chicago';
import { test, mock } from 'node:test';
import assert from 'node:assert/strict';
import { createOnCallStore, MAX_RELOAD_WAIT_MS, nextChangeAt } from '../../src-renderer/oncall/oncall-store.ts';
import { timelineRange } from '../../src-renderer/oncall/timeline-layout.ts';
import { BridgeError } from '../../src-renderer/bridge/bridge-error.ts';
import { createFakeApi, deferred } from './support/fake-api.ts';
import { emptyNow, schedule, serveOnCall, shift, user, type OnCallWorld } from './support/oncall-fixtures.ts';

const NOW = Date.parse('2026-03-06T15:00:00Z'); // 09:00 in Chicago

function world(): OnCallWorld {
  return {
    users: [user('usr_a', 'Alice'), user('usr_b', 'Bob')],
    schedules: [schedule({ id: 'sch_1', name: 'Primary' })],
    shifts: { sch_1: [shift('usr_a', '2026-03-06T15:00:00Z', '2026-03-07T15:00:00Z')] },
    policies: [],
    now: { ...emptyNow(new Date(NOW).toISOString()), schedules: [{ scheduleId: 'sch_1', name: 'Primary', userId: 'usr_a', until: '2026-03-07T15:00:00.000Z', next: { userId: 'usr_b', start: '2026-03-07T15:00:00.000Z', end: '2026-03-08T14:00:00.000Z' } }] },
    selfUserId: 'usr_b',
  };
}
/** A store over a fake bridge that serves `w` (the test may change it between loads). */
function storeOver(w: OnCallWorld, clock = () => NOW) {
  const api = createFakeApi();
  serveOnCall(api, () => w);
  return { api, w, store: createOnCallStore(api, { clock }) };
}
const count = (api: ReturnType<typeof createFakeApi>, method: string) => api.calls.filter((c) => c.method === method).length;

test('one load brings people, schedules with their two weeks of shifts, policies, now, and who you are', async () => {
  const { api, store } = storeOver(world());
  await store.getState().reload();
  const s = store.getState();
  assert.deepEqual(s.users?.map((u) => u.name), ['Alice', 'Bob']);
  assert.equal(s.shifts.sch_1?.[0]?.userId, 'usr_a');
  assert.equal(s.now?.schedules[0]?.userId, 'usr_a');
  assert.equal(s.selfUserId, 'usr_b');
  assert.equal(s.error, null);
  const asked = api.calls.find((c) => c.method === 'schedules.shifts')!.input;
  // Midnight in Chicago (CST) to midnight 14 days on (CDT since 8 March): an hour short of 14 × 24 h.
  assert.deepEqual(asked, { id: 'sch_1', from: '2026-03-06T06:00:00.000Z', to: '2026-03-20T05:00:00.000Z' });

  // A session that may not read the team still gets the page; only "Cover me" cannot name you.
  api.handle('team.status', async () => { throw new BridgeError('FORBIDDEN', 'not allowed', 403); });
  await store.getState().reload();
  assert.equal(store.getState().selfUserId, null);
  assert.equal(store.getState().error, null);
});

test('on-call and roster notices load again (a burst while loading costs one more load); others do not', async () => {
  const { api, w, store } = storeOver(world());
  const stop = store.getState().start();
  await store.getState().reload();
  const before = count(api, 'schedules.list');

  api.push({ incidents: [], services: true, keys: true });
  assert.equal(count(api, 'schedules.list'), before, 'nothing on-call changed');

  const gate = deferred<unknown>();
  api.handle('policies.list', () => gate.promise);
  api.push({ incidents: [], oncall: true });
  api.push({ incidents: [], roster: true });
  api.push({ incidents: [], oncall: true });
  api.push({ incidents: [], resync: true });
  w.schedules = [...w.schedules, schedule({ id: 'sch_2', name: 'Secondary' })];
  api.handle('policies.list', async () => []);
  gate.resolve([]);
  await store.getState().reload();
  assert.equal(count(api, 'schedules.list'), before + 2, 'the one in flight, and one more for all that came meanwhile');
  assert.deepEqual(store.getState().schedules?.map((s) => s.name), ['Primary', 'Secondary']);
  stop();
});

test('a failed load keeps what was shown and says why; the next one clears it', async () => {
  const { api, w, store } = storeOver(world());
  await store.getState().reload();
  api.handle('oncall.now', async () => { throw new BridgeError('UNAVAILABLE', 'the host is restarting', 503); });
  await store.getState().reload();
  assert.equal(store.getState().error, 'the host is restarting');
  assert.equal(store.getState().now?.schedules[0]?.userId, 'usr_a', 'still shown');
  serveOnCall(api, () => w);
  await store.getState().reload();
  assert.equal(store.getState().error, null);
});

test('the clock loads again just after the announced handoff, and at least every 10 minutes', async (t) => {
  const range = timelineRange(NOW);
  const w = world();
  assert.equal(nextChangeAt({ now: w.now, range }, NOW), NOW + MAX_RELOAD_WAIT_MS, 'the handoff is a day away: look again in 10 min');
  const soon = { ...w.now, schedules: [{ ...w.now.schedules[0]!, until: new Date(NOW + 5 * 60_000).toISOString() }] };
  assert.equal(nextChangeAt({ now: soon, range }, NOW), NOW + 5 * 60_000);
  assert.equal(nextChangeAt({ now: soon, range }, range.to), range.to, 'the days moved on: at once');

  t.mock.timers.enable({ apis: ['setTimeout'] });
  let clock = NOW;
  w.now = soon;
  const { api, store } = storeOver(w, () => clock);
  const stop = store.getState().start();
  await store.getState().reload();
  const loads = count(api, 'oncall.now');
  clock = NOW + 5 * 60_000;
  t.mock.timers.tick(5 * 60_000 - 1);
  assert.equal(count(api, 'oncall.now'), loads, 'not before the handoff');
  t.mock.timers.tick(1_001);
  assert.equal(count(api, 'oncall.now'), loads + 1, 'just after it');
  stop();
  mock.timers.reset();
});
