// An incident's triggered spells, replayed from its ops: what a report derives its pages from. Each spell starts
// where live escalation would count from (lifecycle.ts escalationAnchor) and ends where an op stopped it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { incidentHistory } from '../../src-shared/domain/oncall/spells.ts';
import { incidentOps } from '../support/incident-ops.ts';

const MIN = 60_000;
const T0 = Date.parse('2026-03-02T10:00:00Z');
const at = (min: number) => T0 + min * MIN;
const spellsOf = (ops: ReturnType<typeof incidentOps>, nowMin: number) =>
  incidentHistory(ops.ops, at(nowMin)).spells.map((s) => ({ start: (s.start - T0) / MIN, level: s.level, end: (s.end - T0) / MIN, urgency: s.urgency }));

test('a spell runs from creation to the acknowledgement; notes and repeats do not split it', () => {
  const b = incidentOps('inc_1').triggered(at(0))
    .op(at(2), 'incident.note_added', { text: 'looking', by: 'user:usr_a' })
    .op(at(3), 'incident.alert_received', { summary: null, severity: null, source: null, customDetails: null, extra: null, by: 'integration:svc_a' })
    .ack(at(5), 'user:usr_a').resolve(at(9), 'user:usr_a');
  assert.deepEqual(spellsOf(b, 60), [{ start: 0, level: 0, end: 5, urgency: 'HIGH' }]);
});

test('an acknowledgement timeout starts a new spell at level 1 when it runs out; a snooze does the same', () => {
  const ackTimeout = incidentOps('inc_2').triggered(at(0)).ack(at(5), 'user:usr_a', at(35)).resolve(at(60), 'user:usr_b');
  assert.deepEqual(spellsOf(ackTimeout, 90), [{ start: 0, level: 0, end: 5, urgency: 'HIGH' }, { start: 35, level: 0, end: 60, urgency: 'HIGH' }]);

  const snoozed = incidentOps('inc_3').triggered(at(0))
    .op(at(1), 'incident.snoozed', { episode: 1, until: new Date(at(30)).toISOString(), by: 'user:usr_a' })
    .op(at(40), 'incident.note_added', { text: 'still firing', by: 'user:usr_a' });
  assert.deepEqual(spellsOf(snoozed, 50), [{ start: 0, level: 0, end: 1, urgency: 'HIGH' }, { start: 30, level: 0, end: 50, urgency: 'HIGH' }],
    'still triggered: the last spell runs to now');
});

test('an acknowledgement that has not run out by now leaves no spell after it', () => {
  const b = incidentOps('inc_4').triggered(at(0)).ack(at(5), 'user:usr_a', at(35));
  assert.deepEqual(spellsOf(b, 20), [{ start: 0, level: 0, end: 5, urgency: 'HIGH' }]);
});

test('escalating by hand starts a spell at that level, even after an acknowledgement; re-opening starts one at level 1', () => {
  const b = incidentOps('inc_5').triggered(at(0)).ack(at(3), 'user:usr_a')
    .op(at(10), 'incident.escalated', { level: 2, by: 'user:usr_a' })
    .resolve(at(20), 'user:usr_b').reopen(at(100), 'user:usr_b').resolve(at(110), 'user:usr_b');
  assert.deepEqual(spellsOf(b, 200), [
    { start: 0, level: 0, end: 3, urgency: 'HIGH' }, { start: 10, level: 2, end: 20, urgency: 'HIGH' }, { start: 100, level: 0, end: 110, urgency: 'HIGH' },
  ]);
});

test('suppressed by maintenance: no spell while it lasts; one from its end if the incident is still open then', () => {
  const over = incidentOps('inc_6').triggered(at(0), { suppressedUntil: at(30) }).resolve(at(20), 'integration:svc_a');
  assert.deepEqual(spellsOf(over, 60), []);
  const after = incidentOps('inc_7').triggered(at(0), { suppressedUntil: at(30) }).resolve(at(45), 'integration:svc_a');
  assert.deepEqual(spellsOf(after, 60), [{ start: 30, level: 0, end: 45, urgency: 'HIGH' }]);
});

test('raising a LOW incident to HIGH (support hours beginning) starts a spell there, at the level it had; lowering it cuts the spell, counting from where it did', () => {
  const raised = incidentOps('inc_8').triggered(at(0), { urgency: 'LOW' })
    .op(at(30), 'incident.changed', { fields: { urgency: 'HIGH' }, by: 'system' }).ack(at(40), 'user:usr_a');
  assert.deepEqual(spellsOf(raised, 60), [{ start: 0, level: 0, end: 30, urgency: 'LOW' }, { start: 30, level: 0, end: 40, urgency: 'HIGH' }]);
  const byHand = incidentOps('inc_10').triggered(at(0), { urgency: 'LOW' }).op(at(5), 'incident.escalated', { level: 2, by: 'user:usr_a' })
    .op(at(30), 'incident.changed', { fields: { urgency: 'HIGH' }, by: 'user:usr_a' });
  assert.deepEqual(spellsOf(byHand, 60).at(-1), { start: 30, level: 2, end: 60, urgency: 'HIGH' }, 'escalated by hand to level 2: from level 2');
  const lowered = incidentOps('inc_11').triggered(at(0)).op(at(30), 'incident.changed', { fields: { urgency: 'LOW' }, by: 'user:usr_a' });
  assert.deepEqual(incidentHistory(lowered.ops, at(60)).spells.map((s) => [(s.start - T0) / MIN, (s.from - T0) / MIN, (s.end - T0) / MIN, s.urgency]),
    [[0, 0, 30, 'HIGH'], [0, 30, 60, 'LOW']]);
});

test('an acknowledgement after an acknowledgement timed out: the spell the clock began ends at the new acknowledgement', () => {
  const b = incidentOps('inc_12').triggered(at(0)).ack(at(5), 'user:usr_a', at(35)).ack(at(40), 'user:usr_b', at(70));
  assert.deepEqual(spellsOf(b, 100), [
    { start: 0, level: 0, end: 5, urgency: 'HIGH' }, { start: 35, level: 0, end: 40, urgency: 'HIGH' }, { start: 70, level: 0, end: 100, urgency: 'HIGH' },
  ]);
});

test('an op stamped before the one folded ahead of it (a peer clock behind) does not turn time back', () => {
  // The peer's acknowledgement carries an instant before creation: the fold applies it after the creation.
  const b = incidentOps('inc_9').triggered(at(10)).ack(at(4), 'user:usr_a');
  assert.deepEqual(spellsOf(b, 60), []);
});
