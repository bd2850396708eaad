// The window draws two weeks of every schedule and the calendar feed a year: both must cost next to nothing. Figures
// are medians of repeated runs after a warm-up (the zone's table read once), printed so a slowdown shows in the log.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Layer } from '../../src-shared/schemas/oncall.ts';
import { shiftsBetween, type ScheduleRules } from '../../src-shared/domain/oncall/schedule.ts';

const layer = (l: Partial<Layer> & Pick<Layer, 'start' | 'userIds'>): Layer => ({ rotation: 'daily', turns: 1, restrictions: [], end: null, ...l });

function medianMs(run: () => unknown): number {
  run();
  const times: number[] = [];
  for (let i = 0; i < 11; i++) {
    const t0 = performance.now();
    run();
    times.push(performance.now() - t0);
  }
  return times.sort((a, b) => a - b)[5]!;
}

test('two weeks of three hourly layers with restrictions take well under 10 ms; a year of a daily rotation well under 100 ms', () => {
  const hourly: ScheduleRules = { timeZone: 'America/Chicago', overrides: [], layers: [
    layer({ start: '2026-01-05T09:00', rotation: 'hourly', userIds: ['ana', 'ben', 'cai', 'dan'] }),
    layer({ start: '2026-01-05T09:30', rotation: 'hourly', userIds: ['eve', 'fay'], restrictions: [1, 2, 3, 4, 5].map((startDay) => ({ type: 'weekly' as const, startDay, startTime: '09:00', durationMinutes: 480 })) }),
    layer({ start: '2026-01-05T00:15', rotation: 'hourly', turns: 2, userIds: ['gus', 'hal', 'ida'], restrictions: [{ type: 'daily', startTime: '22:00', durationMinutes: 600 }] }),
  ] };
  const daily: ScheduleRules = { timeZone: 'Europe/Berlin', overrides: [], layers: [layer({ start: '2025-12-29T09:00', userIds: ['ana', 'ben', 'cai'] })] };
  // Two weeks across the spring change in Chicago; the year 2026 in Berlin.
  const from = Date.parse('2026-03-02T00:00:00Z');
  const twoWeeks = medianMs(() => shiftsBetween(hourly, from, from + 14 * 86_400_000));
  const year = medianMs(() => shiftsBetween(daily, Date.parse('2026-01-01T00:00:00Z'), Date.parse('2027-01-01T00:00:00Z')));
  console.log(`shiftsBetween: two weeks, 3 hourly layers ${twoWeeks.toFixed(2)} ms (${shiftsBetween(hourly, from, from + 14 * 86_400_000).length} shifts); a year, daily ${year.toFixed(2)} ms`);
  assert.ok(twoWeeks < 10, `two weeks took ${twoWeeks} ms`);
  assert.ok(year < 100, `a year took ${year} ms`);
});
