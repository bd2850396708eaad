// A service's support hours (PagerDuty's `use_support_hours`): incidents triggered inside them are HIGH urgency,
// outside LOW, and open LOW ones are raised when support hours begin. Each listed day (1 = Monday … 7 = Sunday) has
// one window from `start` to `end` in the service's zone; `end` ≤ `start` runs past midnight into the next day
// (whose weekday need not be listed), so a window lasts at most 24 hours and one holding an instant starts on that
// instant's date or the day before.
import type { SupportHours } from '../../schemas/oncall.ts';
import type { Urgency } from '../../schemas/common.ts';
import { wallToInstant, instantToWall, wallDayOfWeek, DAY, MINUTE, parseTimeOfDay } from './wall-clock.ts';

/**
 * The window of the day whose wall midnight is `date`, as instants [start, end), or null when that weekday is not
 * listed. Its edges follow the handoff rule (wall-clock.ts): a time the clock skips happens at the transition, one
 * it reads twice at its first showing.
 */
function windowOn(sh: SupportHours, date: number): { start: number; end: number } | null {
  if (!sh.days.includes(wallDayOfWeek(date))) return null;
  const startMin = parseTimeOfDay(sh.start);
  let endMin = parseTimeOfDay(sh.end);
  if (endMin <= startMin) endMin += 24 * 60;
  return { start: wallToInstant(sh.timeZone, date + startMin * MINUTE), end: wallToInstant(sh.timeZone, date + endMin * MINUTE) };
}

/** The wall midnight of the date an instant falls on in the zone. */
const dateAt = (sh: SupportHours, atMs: number): number => {
  const wall = instantToWall(sh.timeZone, atMs);
  return wall - (((wall % DAY) + DAY) % DAY);
};

export function inSupportHours(sh: SupportHours, atMs: number): boolean {
  const today = dateAt(sh, atMs);
  return [today - DAY, today].some((d) => {
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
    const w = windowOn(sh, today + i * DAY);
    if (w && w.start > afterMs && w.start < w.end && !inSupportHours(sh, w.start - 1)) return w.start;
  }
  return null;
}

/** The urgency support hours give an incident triggered at `atMs`: HIGH inside them, LOW outside. */
export function urgencyBySupportHours(sh: SupportHours, atMs: number): Urgency {
  return inSupportHours(sh, atMs) ? 'HIGH' : 'LOW';
}
