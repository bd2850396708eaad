// Where escalation counts from when something other than a trigger starts it: a LOW incident raised to HIGH (support
// hours beginning, or by hand), a service given its policy after the incident began, an acknowledgement after an
// earlier one timed out, an "escalate now" written for an episode that has since ended, and a policy a peer wrote
// beyond the bounds. In each, nobody is paged at a level the incident never reached.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pagingTargets, escalationSteps, type ScheduleLookup } from '../../src-shared/domain/oncall/escalation.ts';
import { foldIncident, type IncidentState } from '../../src-shared/domain/incident-fold.ts';
import { judgeRemoteOp, type Op } from '../../src-shared/domain/ops.ts';
import { encodeHlc } from '../../src-shared/domain/hlc.ts';
import type { EscalationPolicy } from '../../src-shared/schemas/oncall.ts';
import { incidentOps, type OpsBuilder } from '../support/incident-ops.ts';

const MIN = 60_000;
const T0 = Date.parse('2026-03-02T10:00:00Z');
const at = (m: number) => T0 + m * MIN;
const iso = (ms: number) => new Date(ms).toISOString();

/** Level 1: usr_a for 5 minutes; level 2: usr_b for 10; level 3: usr_c for 15; no repeat. */
const policy = (over: Partial<EscalationPolicy> = {}): EscalationPolicy => ({
  id: 'pol_1', name: 'Web', description: null, repeat: 0, createdAt: iso(T0), updatedAt: iso(T0),
  levels: [
    { delayMinutes: 5, targets: [{ type: 'user', id: 'usr_a' }] },
    { delayMinutes: 10, targets: [{ type: 'user', id: 'usr_b' }] },
    { delayMinutes: 15, targets: [{ type: 'user', id: 'usr_c' }] },
  ],
  ...over,
});
const noSchedules: ScheduleLookup = { onCallAt: () => null };
const state = (b: OpsBuilder): IncidentState => foldIncident(b.ops).state!;
const levelAt = (s: IncidentState, m: number, since: number | null = null) => {
  const e = pagingTargets(s, policy(), noSchedules, at(m), since)!;
  return [e.level, e.nextEscalationAt];
};
const raise = (b: OpsBuilder, m: number) => b.op(at(m), 'incident.changed', { fields: { urgency: 'HIGH' }, by: 'system' });

test('a LOW incident raised to HIGH ten hours after its trigger pages level 1 from the raise, then level 2 after its delay', () => {
  const s = state(raise(incidentOps('inc_1').triggered(at(0), { urgency: 'LOW' }), 600));
  assert.deepEqual(levelAt(s, 600), [1, iso(at(605))], 'not the last level at once');
  assert.deepEqual(levelAt(s, 606), [2, iso(at(615))]);
  assert.deepEqual(escalationSteps(s, policy(), noSchedules, at(620)).map((x) => [x.at, x.level]), [[iso(at(600)), 1], [iso(at(605)), 2], [iso(at(615)), 3]]);
});

test('raised after being escalated by hand: from the level it was escalated to, counted from the raise', () => {
  const b = incidentOps('inc_2').triggered(at(0), { urgency: 'LOW' }).op(at(10), 'incident.escalated', { level: 2, episode: 1, by: 'user:usr_a' });
  const s = state(raise(b, 600));
  assert.deepEqual(levelAt(s, 600), [2, iso(at(610))]);
});

test('raised while acknowledged: nothing until the acknowledgement runs out, then level 1 from its end', () => {
  const s = state(raise(incidentOps('inc_3').triggered(at(0), { urgency: 'LOW' }).ack(at(1), 'user:usr_a', at(31)), 10));
  assert.equal(pagingTargets(s, policy(), noSchedules, at(20))!.level, 0);
  assert.deepEqual(levelAt(s, 31), [1, iso(at(36))]);
});

test('raised after an acknowledgement timed out: from the raise at level 1, not at a level escalated to before the acknowledgement', () => {
  const b = incidentOps('inc_4').triggered(at(0), { urgency: 'LOW' })
    .op(at(2), 'incident.escalated', { level: 3, episode: 1, by: 'user:usr_a' }).ack(at(3), 'user:usr_a', at(33));
  const s = state(raise(b, 300));
  assert.deepEqual([s.triggeredAt, s.escalationLevel], [iso(at(300)), 0]);
  assert.deepEqual(levelAt(s, 300), [1, iso(at(305))]);
});

test('a service given its policy after the incident began: escalation counts from then, from level 1', () => {
  const s = state(incidentOps('inc_5').triggered(at(0)));
  assert.deepEqual(levelAt(s, 181, at(180)), [1, iso(at(185))], 'three hours old, but the policy is a minute old');
  assert.deepEqual(levelAt(s, 186, at(180)), [2, iso(at(195))]);
  assert.deepEqual(levelAt(s, 3, at(-60)), [1, iso(at(5))], 'a policy older than the incident changes nothing');
  const acked = state(incidentOps('inc_6').triggered(at(0)).ack(at(1), 'user:usr_a', at(31)));
  assert.deepEqual(levelAt(acked, 181, at(180)), [1, iso(at(185))], 'an acknowledgement that ran out before the policy: from the policy');
});

test('an acknowledgement after an earlier one timed out records the spell the clock began (from its end, at level 1)', () => {
  const reAcked = state(incidentOps('inc_7').triggered(at(0)).op(at(1), 'incident.escalated', { level: 2, episode: 1, by: 'user:usr_a' })
    .ack(at(2), 'user:usr_a', at(32)).ack(at(40), 'user:usr_b', at(70)));
  assert.deepEqual([reAcked.triggeredAt, reAcked.escalationLevel, reAcked.snoozedUntil], [iso(at(32)), 0, iso(at(70))]);
  const afterSnooze = state(incidentOps('inc_8').triggered(at(0))
    .op(at(1), 'incident.snoozed', { episode: 1, until: iso(at(30)), by: 'user:usr_a' }).ack(at(33), 'user:usr_a'));
  assert.deepEqual([afterSnooze.triggeredAt, afterSnooze.escalationLevel], [iso(at(30)), 0]);
  const stillAcked = state(incidentOps('inc_9').triggered(at(0)).ack(at(2), 'user:usr_a', at(32)).ack(at(20), 'user:usr_b', at(50)));
  assert.equal(stillAcked.triggeredAt, iso(at(0)), 'the first acknowledgement had not run out: nothing began in between');
});

test('"escalate now" written for an episode that has since been resolved and re-opened leaves the new episode as it is', () => {
  const b = incidentOps('inc_10').triggered(at(0)).resolve(at(5), 'user:usr_a').reopen(at(10), 'user:usr_a').ack(at(11), 'user:usr_a')
    .op(at(12), 'incident.escalated', { level: 2, episode: 1, by: 'user:usr_b' });
  const { state: s, timeline } = foldIncident(b.ops);
  assert.deepEqual([s!.status, s!.acknowledgedBy, s!.escalationLevel], ['acknowledged', 'user:usr_a', 0]);
  assert.equal(timeline.at(-1)!.data.ignored, true);
  const current = state(incidentOps('inc_11').triggered(at(0)).ack(at(1), 'user:usr_a').op(at(2), 'incident.escalated', { level: 2, episode: 1, by: 'user:usr_b' }));
  assert.deepEqual([current.status, current.escalationLevel], ['triggered', 2], 'for the episode it names, it escalates');
  const older = state(incidentOps('inc_12').triggered(at(0)).ack(at(1), 'user:usr_a').op(at(2), 'incident.escalated', { level: 2, by: 'user:usr_b' }));
  assert.deepEqual([older.status, older.escalationLevel], ['triggered', 2], 'an older version\'s op names no episode: it escalates the open one');
});

test('a policy beyond the bounds is walked within them: at most 9 repeats, at most 20 levels', () => {
  const s = state(incidentOps('inc_13').triggered(at(0)));
  const endless = pagingTargets(s, policy({ repeat: 1_000_000 }), noSchedules, at(30 * 24 * 60))!;
  assert.deepEqual([endless.level, endless.loop, endless.nextEscalationAt], [3, 9, null], 'a month on: on its last level after the ninth repeat');
  const many = policy({ levels: Array.from({ length: 25 }, (_, i) => ({ delayMinutes: 1, targets: [{ type: 'user' as const, id: `usr_${i + 1}` }] })) });
  assert.deepEqual(pagingTargets(s, many, noSchedules, at(60))!.paging.map((p) => p.userId), ['usr_20']);
});

test('a peer\'s policy beyond the bounds is kept aside, never folded: no levels, more than 20, more than 9 repeats', () => {
  const level = { delayMinutes: 5, targets: [{ type: 'user', id: 'usr_a' }] };
  const op = (type: string, data: unknown): Op => ({ id: 'devP:1', hlc: encodeHlc({ wall: T0, counter: 0 }), type, entity: 'pol_x', data });
  const created = (levels: unknown[], repeat: number) => op('policy.created', { name: 'P', description: null, levels, repeat, by: 'user:usr_a' });
  assert.equal(judgeRemoteOp(created([level], 9)).keepAside, null);
  assert.match(judgeRemoteOp(created([], 0)).keepAside ?? '', /levels/);
  assert.match(judgeRemoteOp(created(Array.from({ length: 21 }, () => level), 0)).keepAside ?? '', /levels/);
  assert.match(judgeRemoteOp(created([level], 10)).keepAside ?? '', /repeat/);
  assert.match(judgeRemoteOp(op('policy.changed', { fields: { repeat: 1_000_000 }, by: 'user:usr_a' })).keepAside ?? '', /repeat/);
  assert.match(judgeRemoteOp(op('policy.changed', { fields: { levels: [] }, by: 'user:usr_a' })).keepAside ?? '', /levels/);
});
