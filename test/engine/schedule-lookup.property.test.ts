// The pager's schedule lookup remembers spells so that a plan does not evaluate a schedule per incident. What it
// remembers must never change an answer: asked about random instants in random order (so later questions fall in
// spells remembered from other instants, before and after them), it answers exactly what onCallAt computes afresh:
// who is on call, and the handoff within 90 days (null beyond). Schedules range from one person for good (no handoff
// for months) to hourly layers with restrictions, layers that end, and overrides.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { Layer, Override } from '../../src-shared/schemas/oncall.ts';
import { onCallAt } from '../../src-shared/domain/oncall/schedule.ts';
import type { ScheduleState } from '../../src-shared/domain/oncall/fold.ts';
import { scheduleLookup } from '../../src-main/engine/schedule-lookup.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const BASE = Date.parse('2026-03-08T00:00:00Z'); // a clock change in Chicago
const PEOPLE = ['ana', 'ben', 'cai'];

const wall = (ms: number) => new Date(ms).toISOString().slice(0, 16);

const layer: fc.Arbitrary<Layer> = fc.record({
  startDays: fc.integer({ min: -400, max: 30 }),
  rotation: fc.constantFrom('hourly' as const, 'daily' as const, 'weekly' as const),
  turns: fc.integer({ min: 1, max: 200 }),
  userIds: fc.uniqueArray(fc.constantFrom(...PEOPLE), { minLength: 1, maxLength: 2 }),
  office: fc.boolean(),
  endDays: fc.option(fc.integer({ min: 1, max: 500 }), { nil: null }),
}).map((l) => {
  const start = BASE + l.startDays * DAY + 9 * HOUR;
  return {
    start: wall(start), end: l.endDays === null ? null : wall(start + l.endDays * DAY), rotation: l.rotation, turns: l.turns, userIds: l.userIds,
    restrictions: l.office ? [{ type: 'daily' as const, startTime: '09:00', durationMinutes: 480 }] : [],
  };
});

const override: fc.Arbitrary<Override> = fc.record({
  id: fc.constantFrom('ovr_a', 'ovr_b', 'ovr_c'),
  userId: fc.constantFrom(...PEOPLE, 'dan'),
  startHours: fc.integer({ min: -300 * 24, max: 300 * 24 }),
  hours: fc.integer({ min: 1, max: 60 * 24 }),
}).map((o) => ({
  id: o.id, userId: o.userId, createdAt: '2026-01-01T00:00:00.000Z', createdBy: 'usr_admin',
  start: new Date(BASE + o.startHours * HOUR).toISOString(), end: new Date(BASE + (o.startHours + o.hours) * HOUR).toISOString(),
}));

const schedule = (layers: Layer[], overrides: Override[]): ScheduleState => ({
  id: 'sch_1', name: 'S', description: null, timeZone: 'America/Chicago', layers, overrides,
  createdAt: '2025-01-01T00:00:00.000Z', updatedAt: '2025-01-01T00:00:00.000Z', deleted: false, lastHlc: '',
});

/** Offsets from BASE: some far apart (months), some close together (minutes), as a plan's escalation anchors and now. */
const instants = fc.array(fc.oneof(
  fc.integer({ min: -400 * 24, max: 400 * 24 }).map((h) => h * HOUR),
  fc.integer({ min: -3 * 24 * 60, max: 3 * 24 * 60 }).map((m) => m * 60_000),
), { minLength: 1, maxLength: 25 });

test('the lookup answers every question as onCallAt does afresh, whatever it remembered from other instants', () => {
  fc.assert(fc.property(fc.array(layer, { minLength: 1, maxLength: 2 }), fc.array(override, { maxLength: 3 }), instants, (layers, overrides, offsets) => {
    const s = schedule(layers, overrides);
    const lookup = scheduleLookup(new Map([[s.id, s]]));
    for (const offset of offsets) {
      const at = BASE + offset;
      const fresh = onCallAt(s, at);
      assert.deepEqual(lookup.onCallAt(s.id, at), { userId: fresh.userId, end: fresh.end }, `at ${new Date(at).toISOString()}`);
    }
  }), { numRuns: 150 });
});

test('one person for good: asked a day, a month, a season later, the lookup says no handoff ahead, then the layer\'s end when it comes within 90 days', () => {
  const solo = schedule([{ start: '2026-01-05T09:00', end: '2026-09-01T09:00', rotation: 'weekly', turns: 1, userIds: ['ana'], restrictions: [] }], []);
  const lookup = scheduleLookup(new Map([[solo.id, solo]]));
  const ends = Date.parse('2026-09-01T14:00:00Z'); // 09:00 CDT
  for (const days of [0, 1, 30, 60, 100, 150, 170]) {
    const at = BASE + days * DAY;
    assert.deepEqual(lookup.onCallAt(solo.id, at), { userId: 'ana', end: ends - at <= 90 * DAY ? ends : null }, `${days} days on`);
  }
  assert.deepEqual(lookup.onCallAt(solo.id, ends), { userId: null, end: null }, 'nobody after the layer ends');
  assert.equal(lookup.onCallAt('sch_gone', BASE), null, 'no such schedule');
});
