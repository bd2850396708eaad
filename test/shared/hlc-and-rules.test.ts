import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HybridClock, decodeHlc } from '../../src-shared/domain/hlc.ts';
import { urgencyFor, newIncidentUrgency } from '../../src-shared/domain/urgency.ts';
import { effectiveStatus, nextStatusChangeAt, transitionTo } from '../../src-shared/domain/lifecycle.ts';
import { PatchStatus, StatusFilter } from '../../src-shared/schemas/incidents.ts';
import { Urgency } from '../../src-shared/schemas/common.ts';

test('the hybrid clock never goes backwards, even when the wall clock does', () => {
  let wall = 1_000;
  const c = new HybridClock(() => wall);
  const a = c.tick();
  wall = 500; // the wall clock was set back
  const b = c.tick();
  assert.ok(b > a);
  assert.equal(decodeHlc(b).wall, 1_000);
});

test('a timestamp seen from a peer ahead of us orders our next op after it', () => {
  const c = new HybridClock(() => 1_000);
  c.observe('000000000005000.000007');
  const next = c.tick();
  assert.ok(next > '000000000005000.000007');
});

test('urgency follows severity unless the service says always HIGH or always LOW', () => {
  assert.equal(urgencyFor('critical'), 'HIGH');
  assert.equal(urgencyFor('error'), 'HIGH');
  assert.equal(urgencyFor('warning'), 'LOW');
  assert.equal(urgencyFor('info'), 'LOW');
  assert.equal(urgencyFor('info', 'high'), 'HIGH');
  assert.equal(urgencyFor('critical', 'low'), 'LOW');
});

test('a new incident\'s urgency: the one asked for, else support hours, else the service\'s rule', () => {
  const weekdays = { timeZone: 'UTC', days: [1, 2, 3, 4, 5], start: '09:00', end: '17:00' };
  const monNoon = Date.parse('2026-03-02T12:00:00Z');
  const monNight = Date.parse('2026-03-02T22:00:00Z');
  assert.deepEqual(newIncidentUrgency({ urgencyRule: 'severity', supportHours: null }, 'warning', monNight), { urgency: 'LOW', outsideSupportHours: false });
  assert.deepEqual(newIncidentUrgency({ urgencyRule: 'severity', supportHours: weekdays }, 'critical', monNight), { urgency: 'LOW', outsideSupportHours: true });
  assert.deepEqual(newIncidentUrgency({ urgencyRule: 'low', supportHours: weekdays }, 'info', monNoon), { urgency: 'HIGH', outsideSupportHours: false },
    'support hours before "always LOW": the service said when it wants to be woken');
  assert.deepEqual(newIncidentUrgency({ urgencyRule: 'high', supportHours: weekdays }, 'critical', monNight, 'HIGH'), { urgency: 'HIGH', outsideSupportHours: false },
    'asked for HIGH outside support hours: HIGH, never raised');
  assert.deepEqual(newIncidentUrgency({ urgencyRule: 'severity', supportHours: weekdays }, 'critical', monNoon, 'LOW'), { urgency: 'LOW', outsideSupportHours: false });
});

test('status names are accepted in either case and OPEN means triggered (seed 001 ↔ seed 003)', () => {
  assert.equal(PatchStatus.parse('OPEN'), 'triggered');
  assert.equal(PatchStatus.parse('Acknowledged'), 'acknowledged');
  assert.equal(PatchStatus.parse('resolved'), 'resolved');
  assert.equal(PatchStatus.parse('SNOOZED'), 'snoozed');
  assert.equal(StatusFilter.parse('TRIGGERED'), 'triggered');
  assert.equal(StatusFilter.parse('open'), 'triggered');
  assert.equal(Urgency.parse('high'), 'HIGH');
  assert.equal(PatchStatus.safeParse('closed').success, false);
});

test('a snooze ends by itself: the incident reads as triggered once the clock passes snoozedUntil', () => {
  const s = { status: 'snoozed' as const, snoozedUntil: '2026-01-01T01:00:00.000Z' };
  assert.equal(effectiveStatus(s, Date.parse('2026-01-01T00:59:59Z')), 'snoozed');
  assert.equal(effectiveStatus(s, Date.parse('2026-01-01T01:00:00Z')), 'triggered');
});

test("an incident suppressed by a maintenance window is triggered by itself when the window ends; a rule's suppression stays", () => {
  const end = '2026-01-01T04:00:00.000Z';
  const byWindow = { status: 'suppressed' as const, snoozedUntil: end };
  assert.equal(effectiveStatus(byWindow, Date.parse('2026-01-01T03:59:59Z')), 'suppressed');
  assert.equal(effectiveStatus(byWindow, Date.parse(end)), 'triggered');
  assert.equal(nextStatusChangeAt(byWindow, Date.parse('2026-01-01T03:00:00Z')), Date.parse(end), 'the pager wakes at the end');
  const byRule = { status: 'suppressed' as const, snoozedUntil: null };
  assert.equal(effectiveStatus(byRule, Date.parse('2099-01-01T00:00:00Z')), 'suppressed');
  assert.equal(nextStatusChangeAt(byRule, 0), null);
});

test('a resolved incident cannot be acknowledged or snoozed without re-opening', () => {
  assert.throws(() => transitionTo('resolved', 'acknowledged'), /re-open/);
  assert.throws(() => transitionTo('resolved', 'snoozed'), /re-open/);
  assert.equal(transitionTo('resolved', 'triggered'), 'reopen');
  assert.equal(transitionTo('acknowledged', 'triggered'), 'unacknowledge');
  assert.equal(transitionTo('acknowledged', 'acknowledged'), 'none');
});

test('the moves a button may offer are exactly the ones the lifecycle allows and that change something', async () => {
  const { canMoveTo } = await import('../../src-shared/domain/lifecycle.ts');
  assert.equal(canMoveTo('triggered', 'acknowledged'), true);
  assert.equal(canMoveTo('suppressed', 'acknowledged'), true);
  assert.equal(canMoveTo('acknowledged', 'acknowledged'), false, 'already there');
  assert.equal(canMoveTo('resolved', 'acknowledged'), false, 'needs a re-open first');
  assert.equal(canMoveTo('resolved', 'resolved'), false);
  assert.equal(canMoveTo('resolved', 'triggered'), true, 're-open');
  assert.equal(canMoveTo('snoozed', 'snoozed'), true, 'a snooze can be extended');
});
