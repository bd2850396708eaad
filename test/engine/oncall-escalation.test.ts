// An incident's escalation through the engine on a fake clock: derived from its service's policy, the schedules and
// the clock (nothing written by a timer) with the next instant that changes it (a level, a handoff), shown with its
// steps in the timeline, stopped by an acknowledgement, started again at level 1 when the acknowledgement times out,
// and moved on by hand ("escalate now").
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createEngine } from '../../src-main/engine/engine.ts';
import type { Engine } from '../../src-main/engine/types.ts';
import { FakeClock } from '../../src-main/clock.ts';
import { silentLogger } from '../../src-main/log.ts';
import { KlaxonError } from '../../src-shared/schemas/errors.ts';
import { CreateSchedule, CreateEscalationPolicy } from '../../src-shared/schemas/oncall.ts';
import { ListIncidentsQuery } from '../../src-shared/schemas/incidents.ts';
import { tempDir } from '../support/temp-dir.ts';

const T0 = Date.parse('2026-03-06T16:00:00Z'); // Friday 10:00 in Chicago
const MIN = 60_000;
const iso = (ms: number) => new Date(ms).toISOString();

/** Alice on level 1 (5 min), the "Secondary" schedule on level 2 (10 min; Bob until 09:00 Chicago tomorrow), repeat once. */
async function setup(t: { after(fn: () => unknown): void }, opts: { ackTimeoutMinutes?: number; level1?: 'alice' | 'nights' } = {}) {
  const clock = new FakeClock(T0);
  const engine: Engine = createEngine({ dataDir: tempDir(t), clock, log: silentLogger });
  t.after(() => engine.close());
  const alice = await engine.createUser('Alice');
  const bob = await engine.createUser('Bob');
  const carol = await engine.createUser('Carol');
  const secondary = await engine.createSchedule(CreateSchedule.parse({
    name: 'Secondary', timeZone: 'America/Chicago', layers: [{ start: '2026-03-06T09:00:00', rotation: 'daily', userIds: [bob, carol] }],
  }), 'x');
  // On call only 22:00–06:00 Chicago time: nobody during the day.
  const nights = await engine.createSchedule(CreateSchedule.parse({
    name: 'Nights', timeZone: 'America/Chicago', layers: [{ start: '2026-03-01T22:00:00', rotation: 'weekly', userIds: [carol], restrictions: [{ type: 'daily', startTime: '22:00', durationMinutes: 480 }] }],
  }), 'x');
  const level1 = opts.level1 === 'nights' ? { type: 'schedule' as const, id: nights.id } : { type: 'user' as const, id: alice };
  const policy = await engine.createPolicy(CreateEscalationPolicy.parse({
    name: 'Web', repeat: 1, levels: [{ delayMinutes: 5, targets: [level1] }, { delayMinutes: 10, targets: [{ type: 'schedule', id: secondary.id }] }],
  }), 'x');
  const svc = await engine.createService({ name: 'Web' });
  await engine.updateService(svc.id, { escalationPolicyId: policy.id, ...(opts.ackTimeoutMinutes ? { ackTimeoutMinutes: opts.ackTimeoutMinutes } : {}) });
  const trigger = async (dedupKey = 'cpu') => (await engine.ingestEvent({
    action: 'trigger', routingKey: svc.routingKey, dedupKey, summary: 'CPU high', source: 'prometheus', severity: 'critical', receivedVia: 'enqueue',
  })).incidentId!;
  return { clock, engine, alice, bob, carol, secondary, policy, svc, trigger };
}

const paged = (engine: Engine, id: string) => engine.getIncident(id).escalation?.paging.map((p) => p.userId);

test('level 1 is paged first; when nobody acknowledges within its delay, level 2 is, and the timeline says so', async (t) => {
  const { clock, engine, alice, bob, policy, trigger } = await setup(t);
  const id = await trigger();
  const first = engine.getIncident(id).escalation!;
  assert.deepEqual({ ...first, paging: first.paging.map((p) => p.userId) },
    { policyId: policy.id, level: 1, loop: 0, paging: [alice], nextEscalationAt: iso(T0 + 5 * MIN), emptyLevels: [], nobodyOnCall: false, nextChangeAt: iso(T0 + 5 * MIN) });
  const state = engine.openIncidentStates().find((s) => s.id === id)!;
  assert.deepEqual(engine.pagingFor(state, T0).wakeAt, T0 + 5 * MIN, 'the pager wakes when level 2 is reached');

  clock.advance(6 * MIN);
  const detail = engine.getIncident(id);
  assert.equal(detail.escalation!.level, 2);
  assert.deepEqual(paged(engine, id), [bob], 'the Secondary schedule\'s person now');
  const step = detail.timeline.find((e) => e.kind === 'escalated')!;
  assert.equal(step.at, iso(T0 + 5 * MIN));
  assert.equal(step.actor, 'system');
  assert.equal(step.message, 'Escalated to level 2: nobody acknowledged within 5 min (paging Bob)');
  assert.deepEqual({ derived: step.data.derived, level: step.data.level }, { derived: true, level: 2 });
  assert.equal(engine.opsSince(engine.deviceId, 0, 1000).filter((o) => o.type === 'incident.escalated').length, 0, 'derived: no op was written');

  clock.advance(10 * MIN);
  assert.deepEqual([engine.getIncident(id).escalation!.level, engine.getIncident(id).escalation!.loop], [1, 1], 'after the last level, level 1 again (repeat 1)');
  assert.match(engine.getIncident(id).timeline.at(-1)!.message, /^Escalated to level 1 again \(repeat 1 of 1\): nobody acknowledged within 10 min \(paging Alice\)$/);
});

test('an acknowledgement stops escalation; when its timeout passes the incident is triggered again, from level 1', async (t) => {
  const { clock, engine, alice, trigger } = await setup(t, { ackTimeoutMinutes: 30 });
  const id = await trigger();
  clock.advance(6 * MIN);
  const [acked] = await engine.acknowledge([id], 'user:bob');
  assert.equal(acked!.status, 'acknowledged');
  assert.equal(acked!.acknowledgedUntil, iso(T0 + 36 * MIN), 'the service\'s 30 minutes, fixed when acknowledged');
  const quiet = engine.getIncident(id);
  assert.deepEqual([quiet.escalation!.level, quiet.escalation!.paging], [0, []]);
  assert.ok(quiet.timeline.some((e) => e.data.derived === true && e.data.level === 2), 'the steps before the acknowledgement stay in the timeline');
  const state = engine.openIncidentStates().find((s) => s.id === id)!;
  assert.equal(engine.pagingFor(state, clock.now()).wakeAt, T0 + 36 * MIN, 'the pager wakes when the acknowledgement runs out');

  clock.advance(31 * MIN);
  const again = engine.getIncident(id);
  assert.equal(again.status, 'triggered', 'nothing written: the clock did it');
  assert.deepEqual([again.escalation!.level, again.escalation!.nextEscalationAt], [1, iso(T0 + 41 * MIN)]);
  assert.deepEqual(paged(engine, id), [alice]);
  assert.deepEqual(again.timeline.filter((e) => e.data.derived === true).map((e) => [e.at, e.message]), [
    [iso(T0 + 5 * MIN), 'Escalated to level 2: nobody acknowledged within 5 min (paging Bob)'],
    [iso(T0 + 36 * MIN), 'The acknowledgement timed out: triggered again, escalation from level 1 (paging Alice)'],
  ]);
  clock.advance(5 * MIN);
  assert.equal(engine.getIncident(id).escalation!.level, 2);
});

test('escalate now moves to the next level at once, even after an acknowledgement; after the last level, level 1', async (t) => {
  const { clock, engine, bob, alice, trigger, svc } = await setup(t);
  const id = await trigger();
  clock.advance(MIN);
  await engine.acknowledge([id], 'user:alice');
  clock.advance(MIN);
  const up = await engine.escalate(id, 'user:alice');
  assert.equal(up.status, 'triggered', 'paging again');
  assert.deepEqual([up.escalation!.level, up.escalation!.nextEscalationAt], [2, iso(T0 + 12 * MIN)]);
  assert.deepEqual(up.escalation!.paging.map((p) => p.userId), [bob]);
  assert.equal(up.timeline.at(-1)!.message, 'Escalated to level 2 by user:alice');
  const round = await engine.escalate(id, 'user:alice');
  assert.deepEqual([round.escalation!.level, round.escalation!.paging.map((p) => p.userId)], [1, [alice]]);

  await engine.resolve([id], 'user:alice');
  await assert.rejects(engine.escalate(id, 'user:alice'), (e: unknown) => e instanceof KlaxonError && e.code === 'ILLEGAL_TRANSITION');
  await engine.updateService(svc.id, { escalationPolicyId: null });
  const other = await trigger('disk');
  assert.equal(engine.getIncident(other).escalation, null, 'no policy: every device pages, as before');
  await assert.rejects(engine.escalate(other, 'user:alice'), (e: unknown) => e instanceof KlaxonError && e.code === 'CONFLICT' && /no escalation policy/.test(e.message));
});

test('an incident\'s detail says the level escalation is at now; a list says the level escalated to by hand', async (t) => {
  const { clock, engine, trigger } = await setup(t);
  const id = await trigger();
  const listed = () => engine.listIncidents(ListIncidentsQuery.parse({})).incidents.find((i) => i.id === id)!.escalationLevel;
  clock.advance(6 * MIN);
  const d = engine.getIncident(id);
  assert.deepEqual([d.escalationLevel, d.escalation!.level], [2, 2], 'one level on the incident page, not "0" beside "Level 2"');
  assert.equal(listed(), 0, 'nobody escalated it by hand');
  const up = await engine.escalate(id, 'user:alice');
  assert.deepEqual([up.escalationLevel, up.escalation!.level, listed()], [1, 1, 1], 'after the last level, level 1 again, by hand');
  await engine.acknowledge([id], 'user:alice');
  assert.deepEqual([engine.getIncident(id).escalationLevel, listed()], [0, 1], 'stopped: level 0 in the detail');
});

test('the detail names the next instant its answer changes by the clock: the next level, or a handoff of the schedule paged', async (t) => {
  const { clock, engine, bob, carol, trigger } = await setup(t);
  const id = await trigger();
  assert.equal(engine.getIncident(id).escalation!.nextChangeAt, iso(T0 + 5 * MIN), 'level 2 next');
  clock.advance(22 * MIN); // level 2 of the second round: the last, it stays there
  const last = engine.getIncident(id).escalation!;
  assert.deepEqual([last.level, last.loop, last.nextEscalationAt, last.paging.map((p) => p.userId)], [2, 1, null, [bob]]);
  assert.equal(last.nextChangeAt, '2026-03-07T15:00:00.000Z', 'Secondary hands Bob\'s page to Carol at 09:00 Chicago');
  clock.advance(Date.parse(last.nextChangeAt!) - clock.now());
  assert.deepEqual(paged(engine, id), [carol]);
  await engine.acknowledge([id], 'user:carol');
  assert.equal(engine.getIncident(id).escalation!.nextChangeAt, null, 'acknowledged, no timeout: nothing changes by itself');
});

test('a level with nobody on call is skipped at once and named, in the escalation and in the timeline', async (t) => {
  const { engine, bob, trigger } = await setup(t, { level1: 'nights' });
  const id = await trigger();
  const d = engine.getIncident(id);
  assert.deepEqual([d.escalation!.level, d.escalation!.emptyLevels, d.escalation!.nextEscalationAt], [2, [1], iso(T0 + 10 * MIN)]);
  assert.deepEqual(paged(engine, id), [bob]);
  assert.equal(d.timeline.find((e) => e.kind === 'escalated')!.message, 'Escalated to level 2: nobody on call at level 1 (paging Bob)');
});

test('support hours set urgency: HIGH inside them, LOW outside (marked so, to be raised when they begin), and LOW never escalates', async (t) => {
  const { clock, engine, alice, svc, trigger } = await setup(t);
  await engine.updateService(svc.id, { supportHours: { timeZone: 'America/Chicago', days: [1, 2, 3, 4, 5], start: '09:00', end: '17:00' } });
  const inside = await trigger('inside');
  assert.equal(engine.getIncident(inside).urgency, 'HIGH');
  clock.advance(8 * 60 * MIN); // Friday 18:00 in Chicago
  const outside = await trigger('outside');
  assert.equal(engine.getIncident(outside).urgency, 'LOW', 'a critical alert after hours is LOW');
  const op = engine.opsSince(engine.deviceId, 0, 1000).find((o) => o.entity === outside && o.type === 'incident.triggered')!;
  assert.equal((op.data as { outsideSupportHours?: boolean }).outsideSupportHours, true);
  assert.equal((engine.opsSince(engine.deviceId, 0, 1000).find((o) => o.entity === inside)!.data as { outsideSupportHours?: boolean }).outsideSupportHours, undefined);
  clock.advance(30 * MIN);
  const low = engine.getIncident(outside).escalation!;
  assert.deepEqual([low.level, low.nextEscalationAt, low.paging.map((p) => p.userId)], [1, null, [alice]], 'notified once, never escalated');
});
