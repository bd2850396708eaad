// What one incident adds to a report, derived from its ops with the real escalation rule: the pages each escalation
// step sent (one per person, per step, in every triggered spell), whether it escalated (by the clock or by hand), its
// first acknowledgement (a second one is not counted), and which pages fell outside the service's support hours.
// The policy: level 1 person A for 5 minutes, level 2 schedule S (B on call) for 10 minutes, no repeat.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { incidentFacts } from '../../src-shared/domain/oncall/report-facts.ts';
import type { ScheduleLookup } from '../../src-shared/domain/oncall/escalation.ts';
import type { EscalationPolicy, SupportHours } from '../../src-shared/schemas/oncall.ts';
import { incidentOps } from '../support/incident-ops.ts';

const MIN = 60_000;
const T0 = Date.parse('2026-03-02T16:57:00Z'); // a Monday, 3 minutes before support hours end
const at = (m: number) => T0 + m * MIN;
const iso = (ms: number) => new Date(ms).toISOString();
const NOW = at(24 * 60);

const POLICY: EscalationPolicy = {
  id: 'pol_1', name: 'Web', description: null, repeat: 0, createdAt: iso(T0), updatedAt: iso(T0),
  levels: [{ delayMinutes: 5, targets: [{ type: 'user', id: 'usr_a' }] }, { delayMinutes: 10, targets: [{ type: 'schedule', id: 'sch_s' }] }],
};
const BUSINESS: SupportHours = { timeZone: 'UTC', days: [1, 2, 3, 4, 5], start: '09:00', end: '17:00' };
const lookup: ScheduleLookup = { onCallAt: (id) => (id === 'sch_s' ? { userId: 'usr_b', end: null } : id === 'sch_gap' ? { userId: null, end: null } : null) };
const withPolicy = { policy: POLICY, supportHours: BUSINESS };
const pages = (f: ReturnType<typeof incidentFacts>) => f!.pages.map((p) => [(p.at - T0) / MIN, p.userId, p.outsideSupportHours]);

test('left unacknowledged, it escalates to level 2 after 5 minutes: two pages, the second one after support hours ended', () => {
  const f = incidentFacts(incidentOps('inc_1').triggered(at(0)).ack(at(12), 'user:usr_b').resolve(at(40), 'user:usr_b').ops, withPolicy, lookup, NOW);
  assert.deepEqual(pages(f), [[0, 'usr_a', false], [5, 'usr_b', true]]);
  assert.equal(f!.escalated, true);
  assert.deepEqual(f!.firstAck, { at: at(12), by: 'user:usr_b' });
  assert.deepEqual(f!.firstResolve, { at: at(40), by: 'user:usr_b' });
});

test('acknowledged twice: the first acknowledgement counts; its timeout ran out in between, so A was paged again', () => {
  const b = incidentOps('inc_2').triggered(at(0)).ack(at(2), 'user:usr_a', at(32)).ack(at(33), 'user:usr_b').resolve(at(50), 'user:usr_b');
  const f = incidentFacts(b.ops, withPolicy, lookup, NOW);
  assert.deepEqual(f!.firstAck, { at: at(2), by: 'user:usr_a' });
  assert.deepEqual(pages(f), [[0, 'usr_a', false], [32, 'usr_a', true]]);
  assert.equal(f!.escalated, false, 'each spell ended within level 1');
});

test('escalated by hand to level 2 counts as escalated, and pages level 2 from then', () => {
  const b = incidentOps('inc_3').triggered(at(0)).ack(at(1), 'user:usr_a').op(at(3), 'incident.escalated', { level: 2, by: 'user:usr_a' }).resolve(at(4), 'user:usr_b');
  const f = incidentFacts(b.ops, { policy: POLICY, supportHours: null }, lookup, NOW);
  assert.deepEqual(pages(f), [[0, 'usr_a', false], [3, 'usr_b', false]], 'no support hours: nothing is outside them');
  assert.equal(f!.escalated, true);
});

test('LOW urgency pages level 1 once and never escalates', () => {
  const f = incidentFacts(incidentOps('inc_4').triggered(at(0), { urgency: 'LOW' }).resolve(at(60), 'user:usr_a').ops, withPolicy, lookup, NOW);
  assert.deepEqual(pages(f), [[0, 'usr_a', false]]);
  assert.equal(f!.escalated, false);
});

test('no policy, or nobody on call at any level: every device paged, one page per triggered spell, to no one person', () => {
  const b = incidentOps('inc_5').triggered(at(0)).ack(at(5), 'key:k1', at(20)).resolve(at(30), 'system');
  assert.deepEqual(pages(incidentFacts(b.ops, { policy: null, supportHours: BUSINESS }, lookup, NOW)), [[0, null, false], [20, null, true]]);
  const nobody: EscalationPolicy = { ...POLICY, levels: [{ delayMinutes: 5, targets: [{ type: 'schedule', id: 'sch_gap' }] }] };
  assert.deepEqual(pages(incidentFacts(b.ops, { policy: nobody, supportHours: null }, lookup, NOW)), [[0, null, false], [20, null, false]]);
});

test('suppressed by maintenance and resolved before it ended: no page; merged into another: not counted at all', () => {
  const quiet = incidentOps('inc_6').triggered(at(0), { suppressedUntil: at(30) }).resolve(at(10), 'integration:svc_a');
  assert.deepEqual(incidentFacts(quiet.ops, withPolicy, lookup, NOW)!.pages, []);
  const merged = incidentOps('inc_7').triggered(at(0)).op(at(1), 'incident.merged', { into: 'inc_1', by: 'device:d' });
  assert.equal(incidentFacts(merged.ops, withPolicy, lookup, NOW), null);
});

test('an acknowledgement stamped before the creation (a peer\'s clock behind) counts as at the creation, never negative', () => {
  const f = incidentFacts(incidentOps('inc_8').triggered(at(10)).ack(at(9), 'user:usr_a').ops, withPolicy, lookup, NOW);
  assert.deepEqual(f!.firstAck, { at: at(10), by: 'user:usr_a' });
});
