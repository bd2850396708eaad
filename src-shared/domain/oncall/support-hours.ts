// A service's support hours (PagerDuty's `use_support_hours`): incidents triggered inside them are HIGH urgency,
// outside LOW, and open LOW ones are raised when support hours begin. Each listed day (1 = Monday … 7 = Sunday) has
// one window from `start` to `end` in the service's zone; `end` ≤ `start` runs past midnight into the next day
// (whose weekday need not be listed), so a window lasts at most 24 hours and one holding an instant starts on that
// instant's date or the day before.
import { Temporal } from 'temporal-polyfill';
import type { SupportHours } from '../../schemas/oncall.ts';
import type { Urgency } from '../../schemas/common.ts';

const minutesOf = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/**
 * The instant a wall time in `timeZone` happens, by the handoff rule: the first instant at which the wall clock reads
 * that time or later. A time the clock skips (spring forward) happens at the transition (Berlin 2026-03-29 02:30 →
 * 03:00 CEST); one it reads twice (fall back) at its first occurrence. Temporal's `compatible` would give 03:30, so:
 * take `earlier` (which for a skipped time lands just before the transition) and, if the clock never read that
 * time, the transition that follows. Same rule as the schedules' handoffs (oncall/wall-clock.ts).
 */
function instantOfWallTime(wall: Temporal.PlainDateTime, timeZone: string): number {
  const zoned = wall.toZonedDateTime(timeZone, { disambiguation: 'earlier' });
  if (Temporal.PlainDateTime.compare(zoned.toPlainDateTime(), wall) === 0) return zoned.epochMilliseconds;
  return zoned.getTimeZoneTransition('next')!.epochMilliseconds;
}

/** The window of the day `date` as instants [start, end), or null when that weekday is not listed. */
function windowOn(sh: SupportHours, date: Temporal.PlainDate): { start: number; end: number } | null {
  if (!sh.days.includes(date.dayOfWeek)) return null;
  const startMin = minutesOf(sh.start);
  let endMin = minutesOf(sh.end);
  if (endMin <= startMin) endMin += 24 * 60;
  const midnight = date.toPlainDateTime();
  return {
    start: instantOfWallTime(midnight.add({ minutes: startMin }), sh.timeZone),
    end: instantOfWallTime(midnight.add({ minutes: endMin }), sh.timeZone),
  };
}

const dateAt = (sh: SupportHours, atMs: number): Temporal.PlainDate =>
  Temporal.Instant.fromEpochMilliseconds(atMs).toZonedDateTimeISO(sh.timeZone).toPlainDate();

export function inSupportHours(sh: SupportHours, atMs: number): boolean {
  const today = dateAt(sh, atMs);
  return [today.subtract({ days: 1 }), today].some((d) => {
    const w = windowOn(sh, d);
    return w !== null && w.start <= atMs && atMs < w.end;
  });
}

/**
 * The first instant after `afterMs` at which support hours begin (from outside them to inside: a window that starts
 * as the previous one ends continues it). Null if they never begin (every day, all day).
 */
export function nextSupportHoursStart(sh: SupportHours, afterMs: number): number | null {
  const today = dateAt(sh, afterMs);
  // Every listed weekday comes round within a week; a window starting on one of these eight dates begins support hours.
  for (let i = 0; i <= 7; i++) {
    const w = windowOn(sh, today.add({ days: i }));
    if (w && w.start > afterMs && w.start < w.end && !inSupportHours(sh, w.start - 1)) return w.start;
  }
  return null;
}

/** The urgency support hours give an incident triggered at `atMs`: HIGH inside them, LOW outside. */
export function urgencyBySupportHours(sh: SupportHours, atMs: number): Urgency {
  return inSupportHours(sh, atMs) ? 'HIGH' : 'LOW';
}
