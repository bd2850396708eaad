// Golden handoff lists across daylight-saving changes, written out by hand as the clock on the wall reads them. Each
// literal is checked against the runtime's Intl (an independent reading of tzdata), and so is the claim behind it:
// a handoff due in a gap lands on the transition, one due in an overlap on its first showing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { compileRotation, handoffAt, type RotationLayer } from '../../src-shared/domain/oncall/rotation.ts';
import { onCallAt } from '../../src-shared/domain/oncall/schedule.ts';
import { formatWallTime, instantToWall, parseWallTime, wallToInstant } from '../../src-shared/domain/oncall/wall-clock.ts';
import { assertGapSkipped, assertReading, assertShownTwice, intlReading } from '../support/intl-zone.ts';

const layer = (start: string, rotation: RotationLayer['rotation'], turns = 1): RotationLayer => ({ start, rotation, turns, userIds: ['ana', 'ben', 'cai'] });

/** Turns 0, 1, 2 … of `l` begin at exactly the `golden` readings of `tz`'s clock. */
function assertHandoffs(tz: string, l: RotationLayer, golden: string[], firstK = 0): void {
  const expected = golden.map((g) => assertReading(tz, g));
  const actual = golden.map((_, i) => handoffAt(l, tz, firstK + i));
  assert.deepEqual(actual.map((ms) => intlReading(tz, ms)), golden);
  assert.deepEqual(actual, expected);
}

/** The handoffs in [from, to) are exactly `golden` (turn starts found from the instants, not listed by k). */
function assertHandoffsBetween(tz: string, l: RotationLayer, from: string, to: string, golden: string[]): void {
  golden.forEach((g) => assertReading(tz, g));
  const found = compileRotation(l, tz).handoffsBetween(Date.parse(from), Date.parse(to));
  assert.deepEqual(found.map((ms) => intlReading(tz, ms)), golden);
}

const CHICAGO = 'America/Chicago';
const BERLIN = 'Europe/Berlin';
const LORD_HOWE = 'Australia/Lord_Howe';

test('Chicago, daily at 02:30 across spring forward: the 02:30 that never shows hands off at 03:00 CDT, then 02:30 again', () => {
  assertGapSkipped(CHICAGO, '2020-03-08T03:00:00-05:00', '02:30:00');
  assertHandoffs(CHICAGO, layer('2020-03-06T02:30', 'daily'), [
    '2020-03-06T02:30:00-06:00', '2020-03-07T02:30:00-06:00', '2020-03-08T03:00:00-05:00', '2020-03-09T02:30:00-05:00',
  ]);
});

test('Chicago, hourly at :30 across spring forward: 00:30, 01:30 CST, then 03:00 (for 02:30), 03:30, 04:30 CDT', () => {
  assertHandoffsBetween(CHICAGO, layer('2020-03-06T02:30', 'hourly'), '2020-03-08T00:00:00-06:00', '2020-03-08T05:00:00-05:00', [
    '2020-03-08T00:30:00-06:00', '2020-03-08T01:30:00-06:00', '2020-03-08T03:00:00-05:00', '2020-03-08T03:30:00-05:00', '2020-03-08T04:30:00-05:00',
  ]);
  // Turn 48 (due 02:30) is the half hour 03:00–03:30; turn 49 begins at 03:30 as its wall time says.
  assertHandoffs(CHICAGO, layer('2020-03-06T02:30', 'hourly'), ['2020-03-08T03:00:00-05:00', '2020-03-08T03:30:00-05:00'], 48);
});

test('Chicago, across fall back: hourly(24) and daily(1) hand off at the same instants, the first 01:30 (CDT)', () => {
  assertShownTwice(CHICAGO, '2020-11-01T01:30:00-05:00', '-06:00');
  const golden = ['2020-10-30T01:30:00-05:00', '2020-10-31T01:30:00-05:00', '2020-11-01T01:30:00-05:00', '2020-11-02T01:30:00-06:00', '2020-11-03T01:30:00-06:00'];
  assertHandoffs(CHICAGO, layer('2020-10-30T01:30', 'daily'), golden);
  assertHandoffs(CHICAGO, layer('2020-10-30T01:30', 'hourly', 24), golden);
  const from = Date.parse('2020-10-25T00:00:00Z');
  const to = Date.parse('2020-11-10T00:00:00Z');
  assert.deepEqual(compileRotation(layer('2020-10-30T01:30', 'hourly', 24), CHICAGO).handoffsBetween(from, to),
    compileRotation(layer('2020-10-30T01:30', 'daily'), CHICAGO).handoffsBetween(from, to));
});

test('in the second showing of an overlap the turn that began at the first showing still holds (Chicago 01:15 CST, Lord Howe 01:35 LHST)', () => {
  const chicago = { timeZone: CHICAGO, overrides: [], layers: [{ ...layer('2020-10-30T01:30', 'daily'), restrictions: [] }] };
  // 01:15 CST comes after the 01:30 CDT handoff, though the clock reads earlier than 01:30.
  const secondShowing = assertReading(CHICAGO, '2020-11-01T01:15:00-06:00');
  assert.ok(secondShowing > assertReading(CHICAGO, '2020-11-01T01:30:00-05:00'));
  const spell = onCallAt(chicago, secondShowing);
  assert.deepEqual([spell.userId, intlReading(CHICAGO, spell.start!), intlReading(CHICAGO, spell.end!)], ['cai', '2020-11-01T01:30:00-05:00', '2020-11-02T01:30:00-06:00']);

  const lordHowe = { timeZone: LORD_HOWE, overrides: [], layers: [{ ...layer('2026-04-03T01:45', 'daily'), restrictions: [] }] };
  assertShownTwice(LORD_HOWE, '2026-04-05T01:35:00+11:00', '+10:30');
  assert.equal(onCallAt(lordHowe, assertReading(LORD_HOWE, '2026-04-05T01:35:00+11:00'), 0).userId, 'ben');
  assert.equal(onCallAt(lordHowe, assertReading(LORD_HOWE, '2026-04-05T01:35:00+10:30'), 0).userId, 'cai');
});

test('Chicago, hourly across fall back: the 01:30 turn lasts two real hours (01:30 CST is no handoff)', () => {
  assertShownTwice(CHICAGO, '2020-11-01T01:30:00-05:00', '-06:00');
  assertHandoffsBetween(CHICAGO, layer('2020-10-31T00:30', 'hourly'), '2020-11-01T00:00:00-05:00', '2020-11-01T04:00:00-06:00', [
    '2020-11-01T00:30:00-05:00', '2020-11-01T01:30:00-05:00', '2020-11-01T02:30:00-06:00', '2020-11-01T03:30:00-06:00',
  ]);
});

test('Berlin, 02:30 anchor: 03:00 CEST on 2026-03-29 (gap), the first 02:30 (CEST) on 2026-10-25 (overlap)', () => {
  assertGapSkipped(BERLIN, '2026-03-29T03:00:00+02:00', '02:30:00');
  assertHandoffs(BERLIN, layer('2026-03-27T02:30', 'daily'), [
    '2026-03-27T02:30:00+01:00', '2026-03-28T02:30:00+01:00', '2026-03-29T03:00:00+02:00', '2026-03-30T02:30:00+02:00',
  ]);
  assertShownTwice(BERLIN, '2026-10-25T02:30:00+02:00', '+01:00');
  assertHandoffs(BERLIN, layer('2026-10-23T02:30', 'daily'), [
    '2026-10-23T02:30:00+02:00', '2026-10-24T02:30:00+02:00', '2026-10-25T02:30:00+02:00', '2026-10-26T02:30:00+01:00',
  ]);
});

test('Berlin, 09:00 anchor: handoffs stay at 09:00 on the clock, so the change day\'s turn lasts 23 h in March and 25 h in October', () => {
  const march = ['2026-03-27T09:00:00+01:00', '2026-03-28T09:00:00+01:00', '2026-03-29T09:00:00+02:00', '2026-03-30T09:00:00+02:00'];
  assertHandoffs(BERLIN, layer('2026-03-27T09:00', 'daily'), march);
  assert.equal(Date.parse(march[2]!) - Date.parse(march[1]!), 23 * 3_600_000);
  const october = ['2026-10-23T09:00:00+02:00', '2026-10-24T09:00:00+02:00', '2026-10-25T09:00:00+01:00', '2026-10-26T09:00:00+01:00'];
  assertHandoffs(BERLIN, layer('2026-10-23T09:00', 'daily'), october);
  assert.equal(Date.parse(october[2]!) - Date.parse(october[1]!), 25 * 3_600_000);
});

test('Berlin, weekly: Sunday 02:30 hands off at 03:00 on the spring Sunday and at the first 02:30 on the autumn one; Monday 09:00 stays 09:00', () => {
  assertHandoffs(BERLIN, layer('2026-03-22T02:30', 'weekly'), ['2026-03-22T02:30:00+01:00', '2026-03-29T03:00:00+02:00', '2026-04-05T02:30:00+02:00']);
  assertHandoffs(BERLIN, layer('2026-10-18T02:30', 'weekly'), ['2026-10-18T02:30:00+02:00', '2026-10-25T02:30:00+02:00', '2026-11-01T02:30:00+01:00']);
  assertHandoffs(BERLIN, layer('2026-10-19T09:00', 'weekly'), ['2026-10-19T09:00:00+02:00', '2026-10-26T09:00:00+01:00', '2026-11-02T09:00:00+01:00']);
  assertHandoffs(BERLIN, layer('2026-03-16T09:00', 'weekly', 2), ['2026-03-16T09:00:00+01:00', '2026-03-30T09:00:00+02:00', '2026-04-13T09:00:00+02:00']);
});

test('Berlin, hourly at :00 across spring forward: the 02:00 turn has no length, and the next person follows at 03:00', () => {
  const l = layer('2026-03-29T00:00', 'hourly');
  assertHandoffs(BERLIN, l, [
    '2026-03-29T00:00:00+01:00', '2026-03-29T01:00:00+01:00', '2026-03-29T03:00:00+02:00', '2026-03-29T03:00:00+02:00', '2026-03-29T04:00:00+02:00',
  ]);
  const s = { timeZone: BERLIN, layers: [{ ...l, restrictions: [] }], overrides: [] };
  // Turn 2 (cai, due 02:00) never holds the pager; turn 3 wraps to ana, as the anchor says.
  assert.equal(onCallAt(s, Date.parse('2026-03-29T01:59:59+01:00'), 0).userId, 'ben');
  assert.equal(onCallAt(s, Date.parse('2026-03-29T03:00:00+02:00'), 0).userId, 'ana');
});

test('Lord Howe, 30-minute spring forward (2026-10-04 02:00 → 02:30): a 02:15 handoff lands on the transition, 02:30 LHDT', () => {
  assertGapSkipped(LORD_HOWE, '2026-10-04T02:30:00+11:00', '02:15:00');
  assertHandoffs(LORD_HOWE, layer('2026-10-02T02:15', 'daily'), [
    '2026-10-02T02:15:00+10:30', '2026-10-03T02:15:00+10:30', '2026-10-04T02:30:00+11:00', '2026-10-05T02:15:00+11:00',
  ]);
  assertHandoffsBetween(LORD_HOWE, layer('2026-10-03T00:15', 'hourly'), '2026-10-04T00:00:00+10:30', '2026-10-04T04:00:00+11:00', [
    '2026-10-04T00:15:00+10:30', '2026-10-04T01:15:00+10:30', '2026-10-04T02:30:00+11:00', '2026-10-04T03:15:00+11:00',
  ]);
});

test('Lord Howe, 30-minute fall back (2026-04-05 02:00 → 01:30): a 01:45 handoff is the first 01:45 (LHDT)', () => {
  assertShownTwice(LORD_HOWE, '2026-04-05T01:45:00+11:00', '+10:30');
  assertHandoffs(LORD_HOWE, layer('2026-04-03T01:45', 'daily'), [
    '2026-04-03T01:45:00+11:00', '2026-04-04T01:45:00+11:00', '2026-04-05T01:45:00+11:00', '2026-04-06T01:45:00+10:30',
  ]);
  // Hourly: the 01:45 turn runs until the clock reads 02:45 (after the half hour shown twice): 1 h 30 min.
  assertHandoffsBetween(LORD_HOWE, layer('2026-04-04T00:45', 'hourly'), '2026-04-05T00:00:00+11:00', '2026-04-05T04:00:00+10:30', [
    '2026-04-05T00:45:00+11:00', '2026-04-05T01:45:00+11:00', '2026-04-05T02:45:00+10:30', '2026-04-05T03:45:00+10:30',
  ]);
});

test('any instant from 1950 to 2100, asked in any order: the wall clock read matches Intl, and that wall time hands off at or just before it', () => {
  const zones = [CHICAGO, BERLIN, LORD_HOWE, 'UTC'];
  const instant = fc.integer({ min: Date.parse('1950-01-01T00:00:00Z') / 60_000, max: Date.parse('2100-01-01T00:00:00Z') / 60_000 }).map((m) => m * 60_000);
  fc.assert(fc.property(fc.constantFrom(...zones), fc.array(instant, { minLength: 1, maxLength: 20 }), (tz, instants) => {
    for (const t of instants) {
      const reading = intlReading(tz, t);
      assert.equal(formatWallTime(instantToWall(tz, t)), reading.slice(0, 19), `${tz} at ${new Date(t).toISOString()}`);
      // The first instant reading that wall time is t itself, or its first showing an overlap earlier.
      const first = wallToInstant(tz, parseWallTime(reading.slice(0, 19)));
      assert.equal(intlReading(tz, first).slice(0, 19), reading.slice(0, 19));
      assert.ok(first <= t && t - first <= 3_600_000, `${reading} first shows at ${intlReading(tz, first)}`);
    }
  }), { numRuns: 200 });
});
