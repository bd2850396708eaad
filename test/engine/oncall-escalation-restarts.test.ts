// Escalation through the engine when something other than a trigger starts it, on a fake clock: support hours
// beginning raise a weekend's LOW incident, a service is given a policy while an incident is hours old, an
// acknowledgement is made again after one timed out (or after a snooze) and then someone escalates by hand, a person
// opens an incident by hand outside support hours. Each time the page goes to the level the incident really is at.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createEngine } from '../../src-main/engine/engine.ts';
import type { Engine } from '../../src-main/engine/types.ts';
import { createTimedDecisions } from '../../src-main/engine/timed-decisions.ts';
import { FakeClock } from '../../src-main/clock.ts';
import { silentLogger } from '../../src-main/log.ts';
import { CreateEscalationPolicy, ReportQuery, type SupportHours } from '../../src-shared/schemas/oncall.ts';
import { CreateIncident } from '../../src-shared/schemas/incidents.ts';
import { tempDir } from '../support/temp-dir.ts';
import { pollUntil } from '../support/server.ts';

const MIN = 60_000;
const FRI_EVENING = Date.parse('2026-03-07T00:00:00Z'); // Friday 18:00 in Chicago: outside support hours
const MON_MORNING = Date.parse('2026-03-09T14:00:00Z'); // Monday 09:00 in Chicago (CDT by then)
const BUSINESS: SupportHours = { timeZone: 'America/Chicago', days: [1, 2, 3, 4, 5], start: '09:00', end: '17:00' };
const iso = (ms: number) => new Date(ms).toISOString();

/** Alice on level 1 (5 min), Bob on level 2 (10 min), repeat once; the service gets the policy unless `noPolicy`. */
async function setup(t: { after(fn: () => unknown): void }, opts: { ackTimeoutMinutes?: number; supportHours?: SupportHours; noPolicy?: boolean } = {}) {
  const clock = new FakeClock(FRI_EVENING);
  const engine: Engine = createEngine({ dataDir: tempDir(t), clock, log: silentLogger });
  t.after(() => engine.close());
  const alice = await engine.createUser('Alice');
  const bob = await engine.createUser('Bob');
  const policy = await engine.createPolicy(CreateEscalationPolicy.parse({
    name: 'Web', repeat: 1, levels: [{ delayMinutes: 5, targets: [{ type: 'user', id: alice }] }, { delayMinutes: 10, targets: [{ type: 'user', id: bob }] }],
  }), 'x');
  const svc = await engine.createService({ name: 'Web' });
  await engine.updateService(svc.id, {
    ...(opts.noPolicy ? {} : { escalationPolicyId: policy.id }), ackTimeoutMinutes: opts.ackTimeoutMinutes ?? null, supportHours: opts.supportHours ?? null,
  });
  const trigger = async (dedupKey = 'cpu') => (await engine.ingestEvent({
    action: 'trigger', routingKey: svc.routingKey, dedupKey, summary: 'CPU high', source: 'prometheus', severity: 'critical', receivedVia: 'enqueue',
  })).incidentId!;
  const escalation = (id: string) => {
    const e = engine.getIncident(id).escalation!;
    return { level: e.level, next: e.nextEscalationAt, paging: e.paging.map((p) => p.userId) };
  };
  const derived = (id: string) => engine.getIncident(id).timeline.filter((e) => e.data.derived === true).map((e) => [e.at, e.message]);
  /** Pages per person this week, as the report counts them. */
  const pages = () => Object.fromEntries(engine.report(ReportQuery.parse({ from: iso(FRI_EVENING - 7 * 1440 * MIN), to: iso(clock.now() + MIN), groupBy: 'user' }))
    .rows.map((r) => [r.name, r.pagesSent]));
  return { clock, engine, alice, bob, policy, svc, trigger, escalation, derived, pages };
}

test('support hours begin on Monday: the weekend\'s LOW incident, raised to HIGH, pages level 1 from 09:00, then level 2 at 09:05', async (t) => {
  const { clock, engine, alice, bob, trigger, escalation, derived, pages } = await setup(t, { supportHours: BUSINESS });
  const decisions = createTimedDecisions({ engine, clock, log: silentLogger });
  t.after(() => decisions.close());
  decisions.start();
  const id = await trigger();
  assert.deepEqual(escalation(id), { level: 1, next: null, paging: [alice] }, 'LOW: Alice is told once, nothing escalates');
  clock.advance(MON_MORNING - FRI_EVENING);
  await pollUntil(() => engine.getIncident(id).urgency === 'HIGH', { timeoutMs: 5000, message: 'not raised when support hours began' });
  assert.deepEqual(escalation(id), { level: 1, next: iso(MON_MORNING + 5 * MIN), paging: [alice] }, 'not the last level at once');
  assert.deepEqual(derived(id), [], 'no escalation that never happened in the timeline');
  clock.advance(5 * MIN);
  assert.deepEqual(escalation(id), { level: 2, next: iso(MON_MORNING + 15 * MIN), paging: [bob] });
  assert.deepEqual(derived(id), [[iso(MON_MORNING + 5 * MIN), 'Escalated to level 2: nobody acknowledged within 5 min (paging Bob)']]);
  assert.deepEqual(pages(), { Alice: 2, Bob: 1 }, 'Friday\'s notice and Monday\'s page to Alice, one to Bob');
});

test('a service given its policy while an incident is three hours old: level 1 from that moment, and the timeline says why', async (t) => {
  const { clock, engine, alice, bob, policy, svc, trigger, escalation, derived, pages } = await setup(t, { noPolicy: true });
  const id = await trigger();
  assert.equal(engine.getIncident(id).escalation, null, 'no policy: every device pages');
  clock.advance(180 * MIN);
  const since = clock.now();
  await engine.updateService(svc.id, { escalationPolicyId: policy.id });
  assert.deepEqual(escalation(id), { level: 1, next: iso(since + 5 * MIN), paging: [alice] });
  const state = engine.openIncidentStates().find((s) => s.id === id)!;
  assert.equal(engine.pagingFor(state, clock.now()).wakeAt, since + 5 * MIN, 'the pager wakes for level 2 five minutes on');
  assert.deepEqual(derived(id), [[iso(since), 'Escalation policy "Web" began paging for this service, escalation from level 1 (paging Alice)']]);
  clock.advance(6 * MIN);
  await engine.updateService(svc.id, { escalationPolicyId: policy.id, ackTimeoutMinutes: 30 });
  assert.deepEqual(escalation(id), { level: 2, next: iso(since + 15 * MIN), paging: [bob] }, 'setting the policy it has again starts nothing over');
  assert.deepEqual(pages(), { Alice: 1, Bob: 1 });
});

test('escalate now after an acknowledgement timed out and was made again: the level after the one it had reached since the timeout', async (t) => {
  const { clock, engine, bob, trigger, escalation } = await setup(t, { ackTimeoutMinutes: 30 });
  const id = await trigger();
  clock.advance(MIN);
  await engine.acknowledge([id], 'user:alice');
  clock.advance(32 * MIN); // timed out at 31: triggered again, level 1 from there
  assert.equal(escalation(id).level, 1);
  await engine.acknowledge([id], 'user:alice');
  clock.advance(10 * MIN);
  const up = await engine.escalate(id, 'user:alice');
  assert.deepEqual([up.escalation!.level, up.escalation!.paging.map((p) => p.userId)], [2, [bob]], 'level 1 was paging when it was acknowledged again');
  const op = engine.opsSince(engine.deviceId, 0, 1000).find((o) => o.type === 'incident.escalated')!;
  assert.deepEqual(op.data, { level: 2, episode: 1, by: 'user:alice' }, 'written for this episode');
});

test('escalate now after a snooze and an acknowledgement made while snoozed: the level after the one it had when snoozed', async (t) => {
  const { clock, engine, bob, trigger } = await setup(t);
  const id = await trigger();
  clock.advance(MIN);
  await engine.updateIncident(id, { status: 'snoozed', snoozeMinutes: 60 }, 'user:alice');
  clock.advance(20 * MIN);
  await engine.acknowledge([id], 'user:alice');
  clock.advance(MIN);
  const up = await engine.escalate(id, 'user:alice');
  assert.deepEqual([up.escalation!.level, up.escalation!.paging.map((p) => p.userId)], [2, [bob]]);
});

test('an incident opened by hand outside support hours is LOW and raised when they begin, unless its urgency was given', async (t) => {
  const { engine, svc } = await setup(t, { supportHours: BUSINESS });
  const create = (urgency?: 'HIGH' | 'LOW') => engine.createIncident(CreateIncident.parse({ serviceId: svc.id, title: 'Checkout slow', ...(urgency ? { urgency } : {}) }), 'user:alice');
  const outside = await create();
  assert.equal(outside.urgency, 'LOW', 'critical by default, but outside support hours');
  const op = engine.opsSince(engine.deviceId, 0, 1000).find((o) => o.entity === outside.id && o.type === 'incident.triggered')!;
  assert.equal((op.data as { outsideSupportHours?: boolean }).outsideSupportHours, true, 'raised when they begin');
  assert.equal((await create('HIGH')).urgency, 'HIGH', 'the urgency asked for wins');
});

test('the timeline and the report tell one story: a page the timeline shows is a page the report counts, after a lowering too', async (t) => {
  const { clock, engine, trigger, derived, pages } = await setup(t);
  const id = await trigger();
  clock.advance(7 * MIN); // level 2 (Bob) since 18:05
  await engine.updateIncident(id, { urgency: 'LOW' }, 'user:alice');
  clock.advance(20 * MIN);
  await engine.resolve([id], 'user:alice');
  assert.deepEqual(derived(id), [[iso(FRI_EVENING + 5 * MIN), 'Escalated to level 2: nobody acknowledged within 5 min (paging Bob)']]);
  assert.deepEqual(pages(), { Alice: 1, Bob: 1 }, 'Bob was paged before it was lowered');
});
