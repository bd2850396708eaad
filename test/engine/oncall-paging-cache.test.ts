// engine.pagingFor keeps each incident's answer (the pager asks about every open incident on every plan). A kept
// answer must never outlive what it was derived from: the incident, the schedules and policies, the service's
// policy, and the clock up to the answer's wakeAt. Each test asks with the same incident state object the pager
// holds, so a stale answer would show.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createEngine } from '../../src-main/engine/engine.ts';
import type { Engine } from '../../src-main/engine/types.ts';
import { FakeClock } from '../../src-main/clock.ts';
import { silentLogger } from '../../src-main/log.ts';
import { CreateSchedule, CreateEscalationPolicy } from '../../src-shared/schemas/oncall.ts';
import type { IncidentState } from '../../src-shared/domain/incident-fold.ts';
import { tempDir } from '../support/temp-dir.ts';

const T0 = Date.parse('2026-03-06T16:00:00Z'); // Friday 10:00 in Chicago
const BOB_UNTIL = Date.parse('2026-03-07T15:00:00Z'); // Saturday 09:00 in Chicago (CST): the daily handoff to Carol
const MIN = 60_000;

/** Alice on level 1 (5 min), then the Secondary schedule (Bob, then Carol, daily at 09:00 Chicago) for good (no repeat). */
async function setup(t: { after(fn: () => unknown): void }) {
  const clock = new FakeClock(T0);
  const engine: Engine = createEngine({ dataDir: tempDir(t), clock, log: silentLogger });
  t.after(() => engine.close());
  const [alice, bob, carol, dan] = await Promise.all(['Alice', 'Bob', 'Carol', 'Dan'].map((n) => engine.createUser(n)));
  const secondary = await engine.createSchedule(CreateSchedule.parse({
    name: 'Secondary', timeZone: 'America/Chicago', layers: [{ start: '2026-03-06T09:00:00', rotation: 'daily', userIds: [bob!, carol!] }],
  }), 'x');
  const policy = await engine.createPolicy(CreateEscalationPolicy.parse({
    name: 'Web', repeat: 0, levels: [{ delayMinutes: 5, targets: [{ type: 'user', id: alice! }] }, { delayMinutes: 10, targets: [{ type: 'schedule', id: secondary.id }] }],
  }), 'x');
  const svc = await engine.createService({ name: 'Web' });
  await engine.updateService(svc.id, { escalationPolicyId: policy.id });
  const id = (await engine.ingestEvent({
    action: 'trigger', routingKey: svc.routingKey, dedupKey: 'cpu', summary: 'CPU high', source: 'prometheus', severity: 'critical', receivedVia: 'enqueue',
  })).incidentId!;
  const state = (): IncidentState => engine.incidentStatesByIds([id])[0]!;
  /** Level and people paged, as pagingFor answers for `s` at `at`. */
  const paging = (s: IncidentState, at: number) => {
    const { escalation, wakeAt } = engine.pagingFor(s, at);
    return { level: escalation?.level ?? null, people: escalation?.paging.map((p) => p.userId) ?? null, wakeAt };
  };
  return { clock, engine, alice: alice!, bob: bob!, carol: carol!, dan: dan!, secondary, policy, svc, id, state, paging };
}

test('a kept answer gives way at its wakeAt: level 2 when level 1\'s delay runs out, the next person at the handoff', async (t) => {
  const { alice, bob, carol, state, paging } = await setup(t);
  const s = state();
  assert.deepEqual(paging(s, T0), { level: 1, people: [alice], wakeAt: T0 + 5 * MIN });
  assert.deepEqual(paging(s, T0 + 5 * MIN - 1), { level: 1, people: [alice], wakeAt: T0 + 5 * MIN });
  assert.deepEqual(paging(s, T0 + 5 * MIN), { level: 2, people: [bob], wakeAt: BOB_UNTIL }, 'level 2, until Bob hands off');
  assert.deepEqual(paging(s, BOB_UNTIL - 1), { level: 2, people: [bob], wakeAt: BOB_UNTIL });
  assert.deepEqual(paging(s, BOB_UNTIL).people, [carol], 'the page moves to Carol at the handoff');
});

test('an on-call op drops the kept answers: an override on the paged schedule pages its person at once', async (t) => {
  const { engine, bob, dan, secondary, state, paging } = await setup(t);
  const s = state();
  const at = T0 + 6 * MIN;
  assert.deepEqual(paging(s, at).people, [bob]);
  await engine.addOverride(secondary.id, { userId: dan, start: new Date(T0).toISOString(), end: new Date(T0 + 2 * 60 * MIN).toISOString() }, 'x');
  assert.deepEqual(paging(s, at), { level: 2, people: [dan], wakeAt: T0 + 2 * 60 * MIN }, 'Dan covers Bob until the override ends');
  await engine.updatePolicy(engine.listPolicies()[0]!.id, { repeat: 1 }, 'x');
  assert.deepEqual(paging(s, at), { level: 2, people: [dan], wakeAt: T0 + 15 * MIN }, 'with a repeat, level 1 again after level 2\'s 10 minutes');
});

test('a change to the incident drops its kept answer: escalated by hand, then acknowledged', async (t) => {
  const { engine, alice, bob, id, state, paging } = await setup(t);
  assert.deepEqual(paging(state(), T0 + MIN).people, [alice]);
  await engine.escalate(id, 'user:alice');
  assert.deepEqual(paging(state(), T0 + MIN).people, [bob], 'escalated to level 2 by hand');
  await engine.acknowledge([id], 'user:bob');
  assert.deepEqual(paging(state(), T0 + MIN), { level: 0, people: [], wakeAt: null }, 'acknowledged: nobody paged');
});

test('a service given another policy, or none, drops its incidents\' kept answers', async (t) => {
  const { engine, carol, svc, state, paging } = await setup(t);
  const s = state();
  assert.equal(paging(s, T0).level, 1);
  const other = await engine.createPolicy(CreateEscalationPolicy.parse({ name: 'Other', levels: [{ delayMinutes: 5, targets: [{ type: 'user', id: carol }] }] }), 'x');
  await engine.updateService(svc.id, { escalationPolicyId: other.id });
  assert.equal(engine.pagingFor(s, T0).escalation?.policyId, other.id);
  assert.deepEqual(paging(s, T0).people, [carol]);
  await engine.updateService(svc.id, { escalationPolicyId: null });
  assert.deepEqual(engine.pagingFor(s, T0), { escalation: null, wakeAt: null }, 'no policy: every device pages, as before issue 9');
});
