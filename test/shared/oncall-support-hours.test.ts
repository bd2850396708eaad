// Support hours decide urgency: HIGH inside, LOW outside, in the service's zone and across its daylight-saving
// changes. Expected instants are written out with the offsets the zone has on that day (checked against the
// IANA rules: Europe/Berlin goes CET +01:00 → CEST +02:00 at 2026-03-29 02:00 and back at 2026-10-25 03:00).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { inSupportHours, nextSupportHoursStart, urgencyBySupportHours } from '../../src-shared/domain/oncall/support-hours.ts';
import type { SupportHours } from '../../src-shared/schemas/oncall.ts';

const at = (s: string) => Date.parse(s);
const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
const weekdays: SupportHours = { timeZone: 'Europe/Berlin', days: [1, 2, 3, 4, 5], start: '09:00', end: '17:00' };

test('Mon–Fri 09:00–17:00 in Berlin follows the wall clock across the spring-forward weekend', () => {
  const cases: [string, boolean][] = [
    ['2026-03-27T08:59:59+01:00', false], // Friday, CET
    ['2026-03-27T09:00:00+01:00', true],
    ['2026-03-27T16:59:59+01:00', true],
    ['2026-03-27T17:00:00+01:00', false],
    ['2026-03-28T12:00:00+01:00', false], // Saturday
    ['2026-03-29T12:00:00+02:00', false], // Sunday, the change
    ['2026-03-30T08:59:59+02:00', false], // Monday, CEST: 09:00 is an hour earlier in UTC than the Friday before
    ['2026-03-30T09:00:00+02:00', true],
    ['2026-03-30T16:59:59+02:00', true],
    ['2026-03-30T17:00:00+02:00', false],
  ];
  for (const [when, inside] of cases) {
    assert.equal(inSupportHours(weekdays, at(when)), inside, when);
    assert.equal(urgencyBySupportHours(weekdays, at(when)), inside ? 'HIGH' : 'LOW', when);
  }
});

test('the next start after a Friday evening is Monday 09:00, also when the clocks change over the weekend', () => {
  assert.equal(iso(nextSupportHoursStart(weekdays, at('2026-03-27T18:00:00+01:00'))), iso(at('2026-03-30T09:00:00+02:00')));
  assert.equal(iso(nextSupportHoursStart(weekdays, at('2026-10-23T18:00:00+02:00'))), iso(at('2026-10-26T09:00:00+01:00')));
  // Inside support hours, the next start is tomorrow's; before today's, today's.
  assert.equal(iso(nextSupportHoursStart(weekdays, at('2026-03-25T10:00:00+01:00'))), iso(at('2026-03-26T09:00:00+01:00')));
  assert.equal(iso(nextSupportHoursStart(weekdays, at('2026-03-25T06:00:00+01:00'))), iso(at('2026-03-25T09:00:00+01:00')));
});

test('overnight hours (22:00–06:00) run into the next day, which need not be listed, and last as long as the wall clock says', () => {
  const nights: SupportHours = { timeZone: 'Europe/Berlin', days: [5, 6], start: '22:00', end: '06:00' }; // Friday and Saturday nights
  const cases: [string, boolean][] = [
    ['2026-03-27T21:59:59+01:00', false],
    ['2026-03-27T22:00:00+01:00', true], // Friday night
    ['2026-03-28T05:59:59+01:00', true], // Saturday morning: Friday's night
    ['2026-03-28T06:00:00+01:00', false],
    ['2026-03-28T22:00:00+01:00', true], // Saturday night, across the change: 7 hours long
    ['2026-03-29T05:59:59+02:00', true], // Sunday morning (not listed): Saturday's night
    ['2026-03-29T06:00:00+02:00', false],
    ['2026-03-29T22:00:00+02:00', false], // Sunday night is not listed
    ['2026-03-30T03:00:00+02:00', false],
    ['2026-10-24T22:00:00+02:00', true], // the autumn Saturday night: 9 hours long
    ['2026-10-25T02:30:00+01:00', true], // the second 02:30
    ['2026-10-25T05:59:59+01:00', true],
    ['2026-10-25T06:00:00+01:00', false],
  ];
  for (const [when, inside] of cases) assert.equal(inSupportHours(nights, at(when)), inside, when);
  assert.equal(iso(nextSupportHoursStart(nights, at('2026-03-28T06:00:00+01:00'))), iso(at('2026-03-28T22:00:00+01:00')));
  assert.equal(iso(nextSupportHoursStart(nights, at('2026-03-29T06:00:00+02:00'))), iso(at('2026-04-03T22:00:00+02:00')));
});

test('a start the clock skips begins at the change; one it reads twice begins at the first', () => {
  const sundayEarly: SupportHours = { timeZone: 'Europe/Berlin', days: [7], start: '02:30', end: '04:00' };
  // Spring: 02:30 does not exist on 2026-03-29 (02:00 CET → 03:00 CEST): the hours begin at 03:00 CEST.
  assert.equal(iso(nextSupportHoursStart(sundayEarly, at('2026-03-28T12:00:00+01:00'))), iso(at('2026-03-29T03:00:00+02:00')));
  assert.equal(inSupportHours(sundayEarly, at('2026-03-29T03:00:00+02:00') - 1), false);
  assert.equal(inSupportHours(sundayEarly, at('2026-03-29T03:00:00+02:00')), true);
  // Autumn: 02:30 happens at +02:00 and again at +01:00 on 2026-10-25: the first one; 04:00 once, at +01:00.
  assert.equal(iso(nextSupportHoursStart(sundayEarly, at('2026-10-24T12:00:00+02:00'))), iso(at('2026-10-25T02:30:00+02:00')));
  assert.equal(inSupportHours(sundayEarly, at('2026-10-25T03:59:59+01:00')), true);
  assert.equal(inSupportHours(sundayEarly, at('2026-10-25T04:00:00+01:00')), false);
});

test('all day, every day never begins; all day on weekdays begins on Monday at midnight; start = end is 24 hours', () => {
  const always: SupportHours = { timeZone: 'America/Chicago', days: [1, 2, 3, 4, 5, 6, 7], start: '00:00', end: '24:00' };
  assert.equal(inSupportHours(always, at('2026-03-08T02:30:00-06:00')), true);
  assert.equal(nextSupportHoursStart(always, at('2026-03-04T12:00:00-06:00')), null);
  const weekdaysAllDay: SupportHours = { ...always, days: [1, 2, 3, 4, 5] };
  assert.equal(iso(nextSupportHoursStart(weekdaysAllDay, at('2026-03-04T12:00:00-06:00'))), iso(at('2026-03-09T00:00:00-05:00')));
  assert.equal(inSupportHours(weekdaysAllDay, at('2026-03-07T12:00:00-06:00')), false);
  // The same start and end: a whole day from the start, into the next (unlisted) day.
  const mondayShift: SupportHours = { timeZone: 'America/Chicago', days: [1], start: '09:00', end: '09:00' };
  assert.equal(inSupportHours(mondayShift, at('2026-03-10T08:59:59-05:00')), true);
  assert.equal(inSupportHours(mondayShift, at('2026-03-10T09:00:00-05:00')), false);
});

test('property: the next start is a beginning (outside just before, inside at it), and no support hours begin before it', () => {
  const ZONES = ['Europe/Berlin', 'America/Chicago', 'Australia/Lord_Howe', 'UTC'];
  const quarter = fc.integer({ min: 0, max: 95 }).map((q) => `${String(Math.floor(q / 4)).padStart(2, '0')}:${String((q % 4) * 15).padStart(2, '0')}`);
  const hours = fc.record({
    timeZone: fc.constantFrom(...ZONES),
    days: fc.uniqueArray(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 7 }),
    start: quarter, end: quarter,
  });
  // Instants on quarter hours around the 2026 changes of all three zones (every offset here is a multiple of 15 min).
  const around = fc.constantFrom('2026-03-06T00:00:00Z', '2026-03-26T00:00:00Z', '2026-04-03T00:00:00Z', '2026-10-01T00:00:00Z', '2026-10-22T00:00:00Z')
    .chain((base) => fc.integer({ min: 0, max: 8 * 96 }).map((q) => at(base) + q * 15 * 60_000));
  fc.assert(fc.property(hours, around, (sh, after) => {
    const next = nextSupportHoursStart(sh, after);
    const stepMs = 15 * 60_000;
    const horizon = next ?? after + 8 * 24 * 3_600_000;
    if (next !== null) {
      assert.ok(next > after);
      assert.equal(inSupportHours(sh, next), true, `inside at ${iso(next)}`);
      assert.equal(inSupportHours(sh, next - 1), false, `outside just before ${iso(next)}`);
    }
    let was = inSupportHours(sh, after);
    for (let t = after + stepMs; t < horizon; t += stepMs) {
      const is = inSupportHours(sh, t);
      assert.ok(!(is && !was), `support hours began at ${iso(t)}, before ${iso(next)}`);
      was = is;
    }
  }), { numRuns: 60 });
});
