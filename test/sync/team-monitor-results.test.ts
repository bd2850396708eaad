// Monitor history across a team (real hosts on fake clocks that move together): the runner's hourly and daily
// rollups reach the teammate, so GET /api/monitors/:id/results answers the same hours and days on both, while the
// raw checks stay on the runner; when the runner stops, the teammate says the monitor is "not being checked" once
// two hours and an interval have passed without a report, and not before.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { newMember, team, serve, api, inviteAndJoin, eventually, type Member } from './support/team-processes.ts';
import type { MonitorResultsResponse } from '../../src-shared/schemas/monitors.ts';

const FAKE = { args: ['--fake-clock'], env: { KLAXON_TEST_HOOKS: '1' } };
const HOUR = 3_600_000;

interface MonitorBody { id: string; heartbeatUrl: string; lastReportAt: string | null; notBeingChecked: boolean }

async function advance(m: Member, ms: number): Promise<number> {
  const res = await fetch(new URL('/__test/clock/advance', m.proc!.baseUrl), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ms }) });
  assert.equal(res.status, 200);
  return Date.parse(((await res.json()) as { now: string }).now);
}

test('the runner\'s rollups reach the teammate, both answer the same history, and a stopped runner shows as not being checked', async (t) => {
  const [a, b] = await Promise.all([newMember(t, 'a'), newMember(t, 'b')]);
  await team(a, 'create', '--name', 'Ops');
  await serve(a, true, undefined, FAKE);
  await inviteAndJoin(a, b);
  await serve(b, true, undefined, FAKE);
  /** Both clocks move on together, in steps the runners see as time passing awake. */
  const both = async (ms: number, stepMs = ms) => {
    let now = 0;
    for (let done = 0; done < ms; done += stepMs) {
      [now] = await Promise.all([advance(a, Math.min(stepMs, ms - done)), advance(b, Math.min(stepMs, ms - done))]);
    }
    return now;
  };

  const services = await api<{ services: { id: string }[] }>(a, 'GET', '/api/services');
  const created = await api<{ monitor: MonitorBody }>(a, 'POST', '/api/monitors', { name: 'nightly backup', type: 'heartbeat', intervalSeconds: 60, graceSeconds: 30, serviceId: services.body.services[0]!.id });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  const m = created.body.monitor;
  for (let i = 0; i < 6; i++) {
    assert.equal((await fetch(new URL(new URL(m.heartbeatUrl).pathname, a.proc!.baseUrl))).status, 200);
    await both(5000);
  }
  // On to just past the next UTC midnight (the runner sees a sleep: no data from its last tick), then a little over a
  // minute awake, so the runner closes every hour since and the day.
  const midnight = Math.ceil((await advance(a, 0)) / (24 * HOUR)) * 24 * HOUR;
  await both(midnight + 10_000 - (await advance(a, 0)));
  await both(75_000, 5000);

  const span = `from=${new Date(midnight - 24 * HOUR).toISOString()}&to=${new Date(midnight).toISOString()}`;
  const onA = await eventually(async () => {
    const r = await api<MonitorResultsResponse>(a, 'GET', `/api/monitors/${m.id}/results?${span}`);
    return r.status === 200 && r.body.daily.length === 1 ? r.body : undefined;
  }, { what: 'a to close the day' });
  assert.ok(onA.results.length >= 6, 'the runner holds its raw checks');
  assert.ok(onA.hourly.slice(1).every((h) => h.noDataSeconds === 3600 && h.checks === 0), 'every hour after the beats was slept through: no data');
  assert.equal(onA.daily[0]!.up, 6, 'six beats that day');
  const onB = await eventually(async () => {
    const r = await api<MonitorResultsResponse>(b, 'GET', `/api/monitors/${m.id}/results?${span}`);
    return r.status === 200 && r.body.daily.length === 1 && r.body.hourly.length === onA.hourly.length ? r.body : undefined;
  }, { what: 'b to hear of the rollups', timeoutMs: 60_000 });
  assert.deepEqual(onB.hourly, onA.hourly, 'the same hours on both');
  assert.deepEqual(onB.daily, onA.daily, 'the same day on both');
  assert.deepEqual(onB.results, [], 'raw checks stay on the runner');

  const seen = async () => (await api<{ monitor: MonitorBody }>(b, 'GET', `/api/monitors/${m.id}`)).body.monitor;
  const before = await seen();
  assert.equal(before.lastReportAt, new Date(midnight).toISOString(), 'the end of the newest rollup');
  assert.equal(before.notBeingChecked, false);

  await a.proc!.stop();
  await advance(b, midnight + 2 * HOUR - (await advance(b, 0)));
  assert.equal((await seen()).notBeingChecked, false, 'two hours without a report: not yet');
  await advance(b, 91_000);
  assert.equal((await seen()).notBeingChecked, true, 'over two hours and an interval with grace: not being checked');
});
