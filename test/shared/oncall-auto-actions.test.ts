// The decisions time makes and one device records: auto-resolve after the service's timeout, raising a LOW incident
// when support hours begin, and which device writes them (the incident's author at once, any other 5 minutes late).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  autoResolveAt, autoResolveDue, supportHoursRaiseAt, supportHoursRaiseDue, shouldWrite, writeAt, TAKEOVER_MS,
} from '../../src-shared/domain/oncall/auto-actions.ts';
import type { SupportHours } from '../../src-shared/schemas/oncall.ts';

const at = (s: string) => Date.parse(s);
const MIN = 60_000;
const open = { status: 'acknowledged' as const, mergedInto: null };

test('an open incident auto-resolves its timeout after it was opened (or re-opened); never when resolved, merged or without a timeout', () => {
  const opened = at('2026-03-02T10:00:00Z');
  assert.equal(autoResolveAt(open, 240, opened), opened + 240 * MIN);
  assert.equal(autoResolveDue(open, 240, opened, opened + 240 * MIN - 1), false);
  assert.equal(autoResolveDue(open, 240, opened, opened + 240 * MIN), true);
  assert.equal(autoResolveDue({ status: 'triggered', mergedInto: null }, 240, opened, opened + 240 * MIN), true);
  assert.equal(autoResolveDue({ status: 'snoozed', mergedInto: null }, 240, opened, opened + 240 * MIN), true);
  assert.equal(autoResolveDue(open, null, opened, opened + 9999 * MIN), false);
  assert.equal(autoResolveDue({ status: 'resolved', mergedInto: null }, 240, opened, opened + 240 * MIN), false);
  assert.equal(autoResolveDue({ status: 'triggered', mergedInto: 'inc_b' }, 240, opened, opened + 240 * MIN), false);
});

test('a LOW incident triggered outside support hours is raised when they next begin, unless someone set its urgency since', () => {
  const sh: SupportHours = { timeZone: 'Europe/Berlin', days: [1, 2, 3, 4, 5], start: '09:00', end: '17:00' };
  const low = { status: 'triggered' as const, mergedInto: null, urgency: 'LOW' as const, createdAt: '2026-03-27T19:00:00.000Z' }; // Friday 20:00 CET
  const monday = at('2026-03-30T09:00:00+02:00');
  assert.equal(supportHoursRaiseAt(low, sh, true), monday);
  assert.equal(supportHoursRaiseDue(low, sh, true, monday - 1), false);
  assert.equal(supportHoursRaiseDue(low, sh, true, monday), true);
  assert.equal(supportHoursRaiseDue(low, sh, false, monday), false, 'LOW by its severity, not by support hours');
  assert.equal(supportHoursRaiseDue({ ...low, urgency: 'HIGH' }, sh, true, monday), false, 'already raised (by this rule or a person)');
  assert.equal(supportHoursRaiseDue({ ...low, status: 'resolved' }, sh, true, monday), false);
  assert.equal(supportHoursRaiseDue(low, null, true, monday), false, 'support hours since turned off');
  assert.equal(supportHoursRaiseDue(low, sh, true, monday + MIN, monday + 1), false, 'a person set it LOW after they began');
  assert.equal(supportHoursRaiseDue(low, sh, true, monday + MIN, monday - MIN), true, 'a change before they began does not count');
});

test('the author device writes a due decision at once; any other device only once it is 5 minutes overdue', () => {
  const deadline = at('2026-03-02T10:00:00Z');
  assert.equal(TAKEOVER_MS, 5 * MIN);
  assert.equal(writeAt('dev_a', 'dev_a', deadline), deadline);
  assert.equal(writeAt('dev_a', 'dev_b', deadline), deadline + 5 * MIN);
  assert.equal(shouldWrite('dev_a', 'dev_a', deadline, deadline - 1), false);
  assert.equal(shouldWrite('dev_a', 'dev_a', deadline, deadline), true);
  assert.equal(shouldWrite('dev_a', 'dev_b', deadline, deadline + 5 * MIN - 1), false);
  assert.equal(shouldWrite('dev_a', 'dev_b', deadline, deadline + 5 * MIN), true);
});
