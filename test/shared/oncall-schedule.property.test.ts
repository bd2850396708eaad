// The shift list and the point answer must tell the same story: for random schedules (layers with rotations, turns,
// restrictions, in the three DST zones and UTC, and overrides), every spell of `shiftsBetween` is what `onCallAt` says
// at its change instants and between them; and a year walked every 30 minutes finds no instant where they differ.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { Layer, Override, Restriction } from '../../src-shared/schemas/oncall.ts';
import { changeInstants, onCallAt, shiftsBetween, type ScheduleRules, type ShiftSpan } from '../../src-shared/domain/oncall/schedule.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const ZONES = ['America/Chicago', 'Europe/Berlin', 'Australia/Lord_Howe', 'UTC'] as const;
// Days with a clock change in one of the zones, so random anchors and windows often straddle one.
const CHANGE_DAYS = ['2026-03-08', '2026-03-29', '2026-04-05', '2026-10-04', '2026-10-25', '2026-11-01'].map((d) => Date.parse(`${d}T00:00:00Z`));
const PEOPLE = ['ana', 'ben', 'cai', 'dan'];

const wallString = (wallMs: number) => new Date(wallMs).toISOString().slice(0, 16);
const quarter = fc.integer({ min: 0, max: 95 }).map((q) => q * 15);
const timeOfDay = quarter.map((m) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`);

const restriction: fc.Arbitrary<Restriction> = fc.oneof(
  fc.record({ type: fc.constant('daily' as const), startTime: timeOfDay, durationMinutes: fc.integer({ min: 1, max: 96 }).map((q) => q * 15) }),
  fc.record({ type: fc.constant('weekly' as const), startDay: fc.integer({ min: 1, max: 7 }), startTime: timeOfDay, durationMinutes: fc.integer({ min: 1, max: 7 * 24 }).map((h) => h * 60) }),
);

const layer = (around: number): fc.Arbitrary<Layer> => fc.record({
  startDay: fc.integer({ min: -20, max: 3 }),
  startMinute: quarter,
  rotation: fc.constantFrom('hourly' as const, 'daily' as const, 'weekly' as const),
  turns: fc.integer({ min: 1, max: 3 }),
  userIds: fc.uniqueArray(fc.constantFrom(...PEOPLE), { minLength: 1, maxLength: 3 }),
  restrictions: fc.array(restriction, { maxLength: 2 }),
  endDays: fc.option(fc.integer({ min: 1, max: 30 }), { nil: null }),
}).map((l) => {
  const start = around + l.startDay * DAY + l.startMinute * 60_000;
  return {
    start: wallString(start), end: l.endDays === null ? null : wallString(start + l.endDays * DAY),
    rotation: l.rotation, turns: l.turns, userIds: l.userIds, restrictions: l.restrictions,
  };
});

const scheduleAndWindow = fc.record({
  zone: fc.constantFrom(...ZONES),
  day: fc.constantFrom(...CHANGE_DAYS),
  fromHours: fc.integer({ min: -72, max: 48 }),
  lengthHours: fc.integer({ min: 1, max: 21 * 24 }),
}).chain(({ zone, day, fromHours, lengthHours }) => {
  const from = day + fromHours * HOUR;
  const to = from + lengthHours * HOUR;
  const override = fc.record({
    id: fc.constantFrom('ovr_a', 'ovr_b', 'ovr_c'),
    userId: fc.constantFrom(...PEOPLE),
    startMinutes: fc.integer({ min: -120, max: lengthHours * 60 }),
    minutes: fc.integer({ min: 15, max: 3 * 24 * 60 }),
    createdAt: fc.constantFrom('2026-01-01T00:00:00.000Z', '2026-01-02T00:00:00.000Z'),
  }).map((o): Override => ({
    id: o.id, userId: o.userId, createdAt: o.createdAt, createdBy: 'usr_admin',
    start: new Date(from + o.startMinutes * 60_000).toISOString(), end: new Date(from + (o.startMinutes + o.minutes) * 60_000).toISOString(),
  }));
  return fc.record({
    schedule: fc.record({ timeZone: fc.constant(zone), layers: fc.array(layer(day), { minLength: 1, maxLength: 3 }), overrides: fc.array(override, { maxLength: 4 }) }),
    from: fc.constant(from),
    to: fc.constant(to),
  });
});

const covering = (shifts: ShiftSpan[], t: number) => shifts.find((x) => x.start <= t && t < x.end);

test('shiftsBetween agrees with onCallAt at every change instant and midway between; shifts are sorted, disjoint, merged and inside the window', () => {
  fc.assert(fc.property(scheduleAndWindow, ({ schedule, from, to }) => {
    const shifts = shiftsBetween(schedule, from, to);
    shifts.forEach((x, i) => {
      assert.ok(from <= x.start && x.start < x.end && x.end <= to, 'inside the window, not empty');
      const prev = shifts[i - 1];
      if (prev) {
        assert.ok(prev.end <= x.start, 'sorted and disjoint');
        assert.ok(!(prev.end === x.start && prev.userId === x.userId && prev.override === x.override), 'touching spells of one person merged');
      }
    });
    const changes = changeInstants(schedule, from, to);
    const probes = [from, ...changes];
    for (let i = 0; i < probes.length; i++) {
      const next = probes[i + 1] ?? to;
      for (const t of [probes[i]!, Math.floor((probes[i]! + next) / 2), next - 1]) {
        if (t < from || t >= to) continue;
        const said = onCallAt(schedule, t, 0);
        const shift = covering(shifts, t);
        assert.deepEqual({ userId: shift?.userId ?? null, override: shift?.override ?? false }, { userId: said.userId, override: said.override }, `at ${new Date(t).toISOString()}`);
      }
    }
  }), { numRuns: 300 });
});

test('onCallAt\'s spell starts where someone else was on call before and ends where someone else takes over', () => {
  fc.assert(fc.property(scheduleAndWindow, fc.double({ min: 0, max: 1, noNaN: true }), ({ schedule, from, to }, where) => {
    const t = Math.floor(from + (to - from) * where);
    const spell = onCallAt(schedule, t, 7 * DAY);
    const who = (x: number) => onCallAt(schedule, x, 0).userId;
    if (spell.start !== null) {
      assert.ok(spell.start <= t && t - spell.start <= 7 * DAY);
      assert.equal(who(spell.start), spell.userId);
      assert.notEqual(who(spell.start - 1), spell.userId);
    }
    if (spell.end !== null) {
      assert.ok(t < spell.end && spell.end - t <= 7 * DAY);
      assert.equal(who(spell.end - 1), spell.userId);
      assert.notEqual(who(spell.end), spell.userId);
    }
    // Nobody else is on call anywhere inside the spell: no shift of another person (nor a gap) cuts it.
    const lo = spell.start ?? t - 7 * DAY;
    const hi = spell.end ?? t + 7 * DAY;
    const inside = shiftsBetween(schedule, lo, hi);
    if (spell.userId === null) assert.deepEqual(inside, []);
    else assert.equal(inside.reduce((sum, x) => (x.userId === spell.userId ? sum + x.end - x.start : sum), 0), hi - lo);
  }), { numRuns: 200 });
});

const layerOf = (l: Partial<Layer> & Pick<Layer, 'start' | 'userIds'>): Layer => ({ rotation: 'daily', turns: 1, restrictions: [], end: null, ...l });
const overrideOf = (id: string, userId: string, start: string, end: string): Override => ({
  id, userId, start: new Date(Date.parse(start)).toISOString(), end: new Date(Date.parse(end)).toISOString(), createdAt: '2026-01-01T00:00:00.000Z', createdBy: 'usr_admin',
});

// One schedule per zone, each with a restriction and an override across a clock change.
const YEAR_SCHEDULES: ScheduleRules[] = [
  { timeZone: 'America/Chicago', layers: [
    layerOf({ start: '2025-12-30T02:30', userIds: ['ana', 'ben', 'cai'] }),
    layerOf({ start: '2026-01-05T22:00', rotation: 'weekly', userIds: ['dan', 'eve'], restrictions: [{ type: 'daily', startTime: '22:00', durationMinutes: 600 }] }),
  ], overrides: [overrideOf('ovr_1', 'fay', '2026-03-07T20:00:00-06:00', '2026-03-08T10:00:00-05:00')] },
  { timeZone: 'Europe/Berlin', layers: [
    layerOf({ start: '2026-01-05T09:00', rotation: 'weekly', userIds: ['ana', 'ben'], restrictions: [1, 2, 3, 4, 5].map((startDay) => ({ type: 'weekly' as const, startDay, startTime: '09:00', durationMinutes: 480 })) }),
    layerOf({ start: '2026-01-01T02:30', rotation: 'hourly', turns: 8, userIds: ['cai', 'dan', 'eve'], restrictions: [{ type: 'weekly', startDay: 6, startTime: '00:00', durationMinutes: 2880 }] }),
  ], overrides: [overrideOf('ovr_1', 'fay', '2026-10-24T23:00:00+02:00', '2026-10-25T04:00:00+01:00')] },
  { timeZone: 'Australia/Lord_Howe', layers: [
    // Handoffs at 01:45, in the half hour shown twice on 2026-04-05; the upper layer's window opens in the gap on 2026-10-04.
    layerOf({ start: '2025-12-31T01:45', userIds: ['ana', 'ben', 'cai'] }),
    layerOf({ start: '2026-01-03T02:15', rotation: 'weekly', userIds: ['dan', 'eve'], restrictions: [{ type: 'daily', startTime: '02:15', durationMinutes: 240 }] }),
  ], overrides: [overrideOf('ovr_1', 'cai', '2026-10-03T23:00:00+10:30', '2026-10-04T12:00:00+11:00')] },
  { timeZone: 'UTC', layers: [
    layerOf({ start: '2026-01-01T00:15', rotation: 'hourly', turns: 5, userIds: ['ana', 'ben', 'cai', 'dan'], restrictions: [{ type: 'weekly', startDay: 1, startTime: '06:00', durationMinutes: 5 * 1440 }] }),
  ], overrides: [overrideOf('ovr_1', 'eve', '2026-06-01T00:00:00Z', '2026-06-02T12:00:00Z')] },
];

test('brute force: every 30 minutes for a year, the person in the year\'s shift list is the one onCallAt names', () => {
  const from = Date.parse('2026-01-01T00:00:00Z');
  const to = Date.parse('2027-01-01T00:00:00Z');
  let checked = 0;
  for (const s of YEAR_SCHEDULES) {
    const shifts = shiftsBetween(s, from, to);
    let i = 0;
    for (let t = from; t < to; t += 30 * 60_000) {
      while (i < shifts.length && shifts[i]!.end <= t) i++;
      const listed = i < shifts.length && shifts[i]!.start <= t ? shifts[i]!.userId : null;
      assert.equal(listed, onCallAt(s, t).userId, `${s.timeZone} at ${new Date(t).toISOString()}`);
      checked++;
    }
  }
  console.log(`brute force: ${checked} instants checked (${YEAR_SCHEDULES.length} schedules × a year every 30 minutes)`);
  assert.equal(checked, YEAR_SCHEDULES.length * 365 * 48);
});
