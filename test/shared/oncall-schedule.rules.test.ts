// What a schedule says besides rotation: restrictions clip layers (on the wall clock, across DST too), the last layer
// with someone on call wins and earlier layers show through its gaps, overrides sit above every layer and the one
// created last wins. Expected spells are written as the schedule's clock reads them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Layer, Override, Restriction } from '../../src-shared/schemas/oncall.ts';
import { WallTime } from '../../src-shared/schemas/oncall.ts';
import { contiguousShifts, onCallAt, shiftsBetween, spellsOfPerson, type ScheduleRules } from '../../src-shared/domain/oncall/schedule.ts';
import { dayOfWeekAt, minuteOfDayAt, parseWallTime, wallToInstant } from '../../src-shared/domain/oncall/wall-clock.ts';
import { assertReading, intlReading } from '../support/intl-zone.ts';

const at = (iso: string) => Date.parse(iso);
const layer = (over: Partial<Layer> & Pick<Layer, 'start' | 'userIds'>): Layer => ({ rotation: 'daily', turns: 1, restrictions: [], end: null, ...over });
const override = (id: string, userId: string, start: string, end: string, createdAt: string): Override => ({
  id, userId, start: new Date(at(start)).toISOString(), end: new Date(at(end)).toISOString(), createdAt, createdBy: 'usr_admin',
});
const weekdays = (startTime: string, durationMinutes: number): Restriction[] =>
  [1, 2, 3, 4, 5].map((startDay) => ({ type: 'weekly', startDay, startTime, durationMinutes }));

/** Shifts in [from, to) as [person, start, end, override?] read on `timeZone`'s clock (each reading checked by Intl). */
function spells(s: ScheduleRules, from: string, to: string): [string, string, string, boolean][] {
  return shiftsBetween(s, assertReading(s.timeZone, from), assertReading(s.timeZone, to))
    .map((x) => [x.userId, intlReading(s.timeZone, x.start), intlReading(s.timeZone, x.end), x.override]);
}

test('weekdays 09:00–17:00 (weekly restrictions): one spell a working day, the person of that day\'s turn; the weekend is a gap', () => {
  const s: ScheduleRules = { timeZone: 'Europe/Berlin', overrides: [], layers: [layer({ start: '2026-03-23T09:00', userIds: ['ana', 'ben'], restrictions: weekdays('09:00', 480) })] };
  assert.deepEqual(spells(s, '2026-03-23T00:00:00+01:00', '2026-03-30T00:00:00+02:00'), [
    ['ana', '2026-03-23T09:00:00+01:00', '2026-03-23T17:00:00+01:00', false],
    ['ben', '2026-03-24T09:00:00+01:00', '2026-03-24T17:00:00+01:00', false],
    ['ana', '2026-03-25T09:00:00+01:00', '2026-03-25T17:00:00+01:00', false],
    ['ben', '2026-03-26T09:00:00+01:00', '2026-03-26T17:00:00+01:00', false],
    ['ana', '2026-03-27T09:00:00+01:00', '2026-03-27T17:00:00+01:00', false],
  ]);
  // The weekend gap runs from Friday 17:00 to Monday 09:00, now in summer time.
  const gap = onCallAt(s, at('2026-03-28T12:00:00+01:00'));
  assert.deepEqual([gap.userId, intlReading(s.timeZone, gap.start!), intlReading(s.timeZone, gap.end!)], [null, '2026-03-27T17:00:00+01:00', '2026-03-30T09:00:00+02:00']);
  assert.equal(onCallAt(s, at('2026-03-30T09:00:00+02:00')).userId, 'ben');
  assert.equal(onCallAt(s, at('2026-03-27T16:59:59+01:00')).userId, 'ana');
  assert.equal(onCallAt(s, at('2026-03-27T17:00:00+01:00')).userId, null);
});

test('a turn that straddles a restriction edge is cut there; each part belongs to its turn\'s person', () => {
  const s: ScheduleRules = { timeZone: 'America/Chicago', overrides: [], layers: [layer({ start: '2026-03-02T12:00', userIds: ['ana', 'ben'], restrictions: [{ type: 'daily', startTime: '09:00', durationMinutes: 480 }] })] };
  assert.deepEqual(spells(s, '2026-03-03T00:00:00-06:00', '2026-03-04T00:00:00-06:00'), [
    ['ana', '2026-03-03T09:00:00-06:00', '2026-03-03T12:00:00-06:00', false],
    ['ben', '2026-03-03T12:00:00-06:00', '2026-03-03T17:00:00-06:00', false],
  ]);
});

test('an overnight restriction (22:00 for 10 h) runs 22:00–08:00 on the clock: 9 real hours the night clocks spring forward, 11 when they fall back', () => {
  const s: ScheduleRules = { timeZone: 'America/Chicago', overrides: [], layers: [layer({ start: '2020-03-01T00:00', rotation: 'weekly', userIds: ['ana'], restrictions: [{ type: 'daily', startTime: '22:00', durationMinutes: 600 }] })] };
  const spring = spells(s, '2020-03-06T00:00:00-06:00', '2020-03-09T00:00:00-05:00');
  assert.deepEqual(spring, [
    ['ana', '2020-03-06T00:00:00-06:00', '2020-03-06T08:00:00-06:00', false],
    ['ana', '2020-03-06T22:00:00-06:00', '2020-03-07T08:00:00-06:00', false],
    ['ana', '2020-03-07T22:00:00-06:00', '2020-03-08T08:00:00-05:00', false],
    ['ana', '2020-03-08T22:00:00-05:00', '2020-03-09T00:00:00-05:00', false],
  ]);
  assert.equal(at(spring[2]![2]) - at(spring[2]![1]), 9 * 3_600_000);
  const fall = spells(s, '2020-10-31T12:00:00-05:00', '2020-11-01T12:00:00-06:00');
  assert.deepEqual(fall, [['ana', '2020-10-31T22:00:00-05:00', '2020-11-01T08:00:00-06:00', false]]);
  assert.equal(at(fall[0]![2]) - at(fall[0]![1]), 11 * 3_600_000);
});

test('a restriction due to open in a spring-forward gap opens at the transition (02:30 for 1 h → 03:00–03:30 CDT)', () => {
  const s: ScheduleRules = { timeZone: 'America/Chicago', overrides: [], layers: [layer({ start: '2020-03-01T00:00', userIds: ['ana'], restrictions: [{ type: 'daily', startTime: '02:30', durationMinutes: 60 }] })] };
  assert.deepEqual(spells(s, '2020-03-07T00:00:00-06:00', '2020-03-09T00:00:00-05:00'), [
    ['ana', '2020-03-07T02:30:00-06:00', '2020-03-07T03:30:00-06:00', false],
    ['ana', '2020-03-08T03:00:00-05:00', '2020-03-08T03:30:00-05:00', false],
  ]);
});

test('a restriction due to open in a fall-back overlap opens at the first showing and closes when the clock reads its end (01:30 for 1 h → 2 real hours)', () => {
  const s: ScheduleRules = { timeZone: 'America/Chicago', overrides: [], layers: [layer({ start: '2020-10-01T00:00', userIds: ['ana'], restrictions: [{ type: 'daily', startTime: '01:30', durationMinutes: 60 }] })] };
  assert.deepEqual(spells(s, '2020-10-31T00:00:00-05:00', '2020-11-02T00:00:00-06:00'), [
    ['ana', '2020-10-31T01:30:00-05:00', '2020-10-31T02:30:00-05:00', false],
    ['ana', '2020-11-01T01:30:00-05:00', '2020-11-01T02:30:00-06:00', false],
  ]);
  // 01:15 CST reads earlier than 01:30 but comes after the window opened (at 01:30 CDT).
  assert.equal(onCallAt(s, at('2020-11-01T01:15:00-06:00'), 0).userId, 'ana');
  assert.deepEqual(spells(s, '2020-11-01T00:00:00-05:00', '2020-11-01T01:15:00-06:00'), [
    ['ana', '2020-11-01T01:30:00-05:00', '2020-11-01T01:15:00-06:00', false],
  ]);
});

const UTC_DAY = ['2026-03-02T00:00:00+00:00', '2026-03-04T00:00:00+00:00'] as const;
const allDay = layer({ start: '2026-03-02T00:00', userIds: ['ana', 'ben'] });
const officeHours = layer({ start: '2026-03-02T00:00', userIds: ['cai'], restrictions: [{ type: 'daily', startTime: '09:00', durationMinutes: 480 }] });

test('the last layer with someone on call wins; the earlier layer shows through its restriction gaps', () => {
  const s: ScheduleRules = { timeZone: 'UTC', overrides: [], layers: [allDay, officeHours] };
  assert.deepEqual(spells(s, ...UTC_DAY), [
    ['ana', '2026-03-02T00:00:00+00:00', '2026-03-02T09:00:00+00:00', false],
    ['cai', '2026-03-02T09:00:00+00:00', '2026-03-02T17:00:00+00:00', false],
    ['ana', '2026-03-02T17:00:00+00:00', '2026-03-03T00:00:00+00:00', false],
    ['ben', '2026-03-03T00:00:00+00:00', '2026-03-03T09:00:00+00:00', false],
    ['cai', '2026-03-03T09:00:00+00:00', '2026-03-03T17:00:00+00:00', false],
    ['ben', '2026-03-03T17:00:00+00:00', '2026-03-04T00:00:00+00:00', false],
  ]);
  // A layer with nobody in it (the schema refuses one; an old op might hold it) is all gap.
  assert.equal(onCallAt({ ...s, layers: [allDay, { ...officeHours, userIds: [] }] }, at('2026-03-02T12:00:00Z'), 0).userId, 'ana');
  // Added the other way round, the round-the-clock layer hides the office-hours one entirely.
  assert.deepEqual(spells({ ...s, layers: [officeHours, allDay] }, ...UTC_DAY), [
    ['ana', '2026-03-02T00:00:00+00:00', '2026-03-03T00:00:00+00:00', false],
    ['ben', '2026-03-03T00:00:00+00:00', '2026-03-04T00:00:00+00:00', false],
  ]);
});

test('a layer is off before its start and from its end; the layer beneath shows there', () => {
  const cover = layer({ start: '2026-03-02T06:00', end: '2026-03-02T18:00', userIds: ['dan'] });
  const s: ScheduleRules = { timeZone: 'UTC', overrides: [], layers: [allDay, cover] };
  assert.deepEqual(spells(s, '2026-03-02T00:00:00+00:00', '2026-03-03T00:00:00+00:00'), [
    ['ana', '2026-03-02T00:00:00+00:00', '2026-03-02T06:00:00+00:00', false],
    ['dan', '2026-03-02T06:00:00+00:00', '2026-03-02T18:00:00+00:00', false],
    ['ana', '2026-03-02T18:00:00+00:00', '2026-03-03T00:00:00+00:00', false],
  ]);
  assert.deepEqual(spells({ ...s, layers: [cover] }, '2026-03-01T00:00:00+00:00', '2026-03-04T00:00:00+00:00'), [
    ['dan', '2026-03-02T06:00:00+00:00', '2026-03-02T18:00:00+00:00', false],
  ]);
});

test('overrides sit above every layer; where two overlap, the one created last wins, whatever their order in the list', () => {
  const ben = override('ovr_1', 'ben', '2026-03-02T10:00:00Z', '2026-03-02T14:00:00Z', '2026-03-01T00:00:00.000Z');
  const cai = override('ovr_2', 'cai', '2026-03-02T12:00:00Z', '2026-03-02T16:00:00Z', '2026-03-01T01:00:00.000Z');
  const base: ScheduleRules = { timeZone: 'UTC', layers: [allDay, officeHours], overrides: [] };
  const day = ['2026-03-02T00:00:00+00:00', '2026-03-03T00:00:00+00:00'] as const;
  const caiLater = [
    ['ana', '2026-03-02T00:00:00+00:00', '2026-03-02T09:00:00+00:00', false],
    ['cai', '2026-03-02T09:00:00+00:00', '2026-03-02T10:00:00+00:00', false],
    ['ben', '2026-03-02T10:00:00+00:00', '2026-03-02T12:00:00+00:00', true],
    ['cai', '2026-03-02T12:00:00+00:00', '2026-03-02T16:00:00+00:00', true],
    ['cai', '2026-03-02T16:00:00+00:00', '2026-03-02T17:00:00+00:00', false],
    ['ana', '2026-03-02T17:00:00+00:00', '2026-03-03T00:00:00+00:00', false],
  ];
  assert.deepEqual(spells({ ...base, overrides: [ben, cai] }, ...day), caiLater);
  assert.deepEqual(spells({ ...base, overrides: [cai, ben] }, ...day), caiLater);
  // Ben's override made later instead: he keeps 10–14, Cai's covers only what is left.
  const benLater = { ...ben, createdAt: '2026-03-01T02:00:00.000Z' };
  assert.deepEqual(spells({ ...base, overrides: [cai, benLater] }, ...day).slice(2, 5), [
    ['ben', '2026-03-02T10:00:00+00:00', '2026-03-02T14:00:00+00:00', true],
    ['cai', '2026-03-02T14:00:00+00:00', '2026-03-02T16:00:00+00:00', true],
    ['cai', '2026-03-02T16:00:00+00:00', '2026-03-02T17:00:00+00:00', false],
  ]);
  // Made at the same instant (two laptops): the greater id wins on every device.
  const sameTime = { ...ben, createdAt: cai.createdAt, id: 'ovr_3' };
  assert.equal(onCallAt({ ...base, overrides: [sameTime, cai] }, at('2026-03-02T13:00:00Z')).userId, 'ben');
  assert.equal(onCallAt({ ...base, overrides: [cai, sameTime] }, at('2026-03-02T13:00:00Z')).userId, 'ben');
});

test('an override inside a gap fills it; an override by the person already on call extends their spell but is marked', () => {
  const officeOnly: ScheduleRules = { timeZone: 'UTC', layers: [officeHours], overrides: [override('ovr_1', 'dan', '2026-03-02T18:00:00Z', '2026-03-02T20:00:00Z', '2026-03-01T00:00:00.000Z')] };
  assert.deepEqual(spells(officeOnly, '2026-03-02T00:00:00+00:00', '2026-03-03T00:00:00+00:00'), [
    ['cai', '2026-03-02T09:00:00+00:00', '2026-03-02T17:00:00+00:00', false],
    ['dan', '2026-03-02T18:00:00+00:00', '2026-03-02T20:00:00+00:00', true],
  ]);
  assert.deepEqual(onCallAt(officeOnly, at('2026-03-02T19:00:00Z')), { userId: 'dan', override: true, start: at('2026-03-02T18:00:00Z'), end: at('2026-03-02T20:00:00Z') });
  assert.deepEqual(onCallAt(officeOnly, at('2026-03-02T17:30:00Z')), { userId: null, override: false, start: at('2026-03-02T17:00:00Z'), end: at('2026-03-02T18:00:00Z') });

  const caiStaysLate: ScheduleRules = { ...officeOnly, overrides: [override('ovr_2', 'cai', '2026-03-02T17:00:00Z', '2026-03-02T19:00:00Z', '2026-03-01T00:00:00.000Z')] };
  assert.deepEqual(spells(caiStaysLate, '2026-03-02T00:00:00+00:00', '2026-03-03T00:00:00+00:00'), [
    ['cai', '2026-03-02T09:00:00+00:00', '2026-03-02T17:00:00+00:00', false],
    ['cai', '2026-03-02T17:00:00+00:00', '2026-03-02T19:00:00+00:00', true],
  ]);
  // "On call until" is the person's whole spell, whichever part the override makes.
  assert.equal(onCallAt(caiStaysLate, at('2026-03-02T10:00:00Z')).end, at('2026-03-02T19:00:00Z'));
  // And the API's shifts say so: one shift, marked as (partly) an override; another person's override stays its own.
  const withDan = { ...caiStaysLate, overrides: [...caiStaysLate.overrides, officeOnly.overrides[0]!] };
  assert.deepEqual(contiguousShifts(withDan, at('2026-03-02T00:00:00Z'), at('2026-03-03T00:00:00Z')), [
    { userId: 'cai', start: at('2026-03-02T09:00:00Z'), end: at('2026-03-02T19:00:00Z'), override: true },
    { userId: 'dan', start: at('2026-03-02T19:00:00Z'), end: at('2026-03-02T20:00:00Z'), override: true },
  ]);
});

test('overrides long over change nothing asked after them, yet one that ended at the edge of the look back still bounds a spell', () => {
  const alone: ScheduleRules = { timeZone: 'UTC', overrides: [], layers: [layer({ start: '2025-01-01T00:00', userIds: ['ana'] })] };
  const now = at('2026-06-01T12:00:00Z');
  // Ben covered a few hours every day for years; the last one ended yesterday.
  const old = Array.from({ length: 600 }, (_, i) => override(`ovr_${i}`, 'ben', new Date(now - (i + 1) * 86_400_000 - 4 * 3_600_000).toISOString(),
    new Date(now - (i + 1) * 86_400_000).toISOString(), '2025-01-01T00:00:00.000Z'));
  const kept: ScheduleRules = { ...alone, overrides: old };
  assert.deepEqual(onCallAt(kept, now), { userId: 'ana', override: false, start: now - 86_400_000, end: null }, 'Ana since Ben\'s last cover ended');
  assert.deepEqual(shiftsBetween(kept, now, now + 7 * 86_400_000), shiftsBetween(alone, now, now + 7 * 86_400_000));
  // An override that ended exactly as far back as onCallAt looks (7 days here) is where Ana's spell starts.
  const edge: ScheduleRules = { ...alone, overrides: [override('ovr_edge', 'ben', new Date(now - 8 * 86_400_000).toISOString(), new Date(now - 7 * 86_400_000).toISOString(), '2025-01-01T00:00:00.000Z')] };
  assert.equal(onCallAt(edge, now, 7 * 86_400_000).start, now - 7 * 86_400_000);
  assert.deepEqual(shiftsBetween(edge, now - 7 * 86_400_000, now).map((x) => [x.userId, x.start, x.override]), [['ana', now - 7 * 86_400_000, false]]);
});

test('a spell longer than the horizon has no start or end; a person alone on a layer is on call from its start on', () => {
  const s: ScheduleRules = { timeZone: 'UTC', overrides: [], layers: [layer({ start: '2026-03-02T00:00', userIds: ['ana'] })] };
  assert.deepEqual(onCallAt(s, at('2026-03-10T00:00:00Z')), { userId: 'ana', override: false, start: at('2026-03-02T00:00:00Z'), end: null });
  assert.deepEqual(onCallAt(s, at('2026-09-10T00:00:00Z')), { userId: 'ana', override: false, start: null, end: null });
  assert.deepEqual(onCallAt(s, at('2026-03-01T00:00:00Z'), 0), { userId: null, override: false, start: null, end: null });
});

test('a person\'s spells as they live them: whole past the window\'s edges, an override next to their own turn joined to it', () => {
  const s: ScheduleRules = {
    timeZone: 'UTC', layers: [layer({ start: '2026-03-02T09:00', userIds: ['ana', 'ben'] })],
    // Ana covers the two hours before her Wednesday turn, and Ben's Thursday afternoon.
    overrides: [override('ovr_1', 'ana', '2026-03-04T07:00:00Z', '2026-03-04T09:00:00Z', '2026-03-01T00:00:00Z'),
      override('ovr_2', 'ana', '2026-03-05T12:00:00Z', '2026-03-05T14:00:00Z', '2026-03-01T00:00:00Z')],
  };
  const read = (from: string, to: string) => spellsOfPerson(s, 'ana', at(from), at(to)).map((x) => [new Date(x.start).toISOString(), new Date(x.end).toISOString()]);
  assert.deepEqual(read('2026-03-02T12:00:00Z', '2026-03-06T00:00:00Z'), [
    ['2026-03-02T09:00:00.000Z', '2026-03-03T09:00:00.000Z'],
    ['2026-03-04T07:00:00.000Z', '2026-03-05T09:00:00.000Z'],
    ['2026-03-05T12:00:00.000Z', '2026-03-05T14:00:00.000Z'],
  ]);
  assert.deepEqual(read('2026-03-04T10:00:00Z', '2026-03-04T11:00:00Z'), [['2026-03-04T07:00:00.000Z', '2026-03-05T09:00:00.000Z']], 'a window inside the spell');
  assert.deepEqual(spellsOfPerson(s, 'ana', at('2026-03-03T10:00:00Z'), at('2026-03-03T11:00:00Z')), [], 'Ben\'s day');
  // shiftsBetween itself keeps marking the override apart, for the window's legend.
  assert.equal(shiftsBetween(s, at('2026-03-04T00:00:00Z'), at('2026-03-05T00:00:00Z')).filter((x) => x.userId === 'ana').length, 2);
});

test('wall-clock helpers: day of week and time of day in the zone; impossible wall times refused; an unknown zone reads as UTC', () => {
  // 2020-03-09T04:00Z is Sunday 23:00 in Chicago (CDT).
  assert.equal(dayOfWeekAt('America/Chicago', at('2020-03-09T04:00:00Z')), 7);
  assert.equal(minuteOfDayAt('America/Chicago', at('2020-03-09T04:00:00Z')), 23 * 60);
  assert.equal(dayOfWeekAt('Australia/Lord_Howe', at('2026-10-04T15:30:00Z')), 1);
  assert.equal(minuteOfDayAt('Australia/Lord_Howe', at('2026-10-04T15:30:00Z')), 2 * 60 + 30);
  assert.throws(() => parseWallTime('2026-02-30T09:00'), RangeError);
  assert.equal(WallTime.safeParse('2026-02-29T09:00').success, false);
  assert.equal(WallTime.safeParse('2026-03-06T24:00').success, false);
  assert.equal(WallTime.safeParse('2028-02-29T09:00:30').success, true);
  assert.equal(wallToInstant('Mars/Olympus_Mons', parseWallTime('2026-01-01T09:00')), at('2026-01-01T09:00:00Z'));
});
