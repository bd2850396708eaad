// Wall-clock time in a schedule's zone, and the one rule that turns a wall time into an instant (wall times as
// numbers, and the arithmetic on them, are in wall-time.ts; re-exported here).
//
// The handoff rule: a wall time becomes the first instant at which the zone's clock reads that time or later.
// - In a spring-forward gap the time never shows; the clock jumps past it at the transition, so the handoff is the
//   transition instant (Chicago 2020-03-08 02:30 → 03:00 CDT). temporal-polyfill's `disambiguation: 'compatible'`
//   would give 03:30 CDT instead (the time shifted by the gap), which is not our rule.
// - In a fall-back overlap the time shows twice; the handoff is the first showing (Chicago 2020-11-01 01:30 → 01:30 CDT).
// zone-offsets.ts applies it with the zone's transitions.
import { firstInstantAtWall, offsetAt } from './zone-offsets.ts';
import { wallDayOfWeek, wallMinuteOfDay } from './wall-time.ts';

export * from './wall-time.ts';

/** The instant a wall time in `timeZone` hands off at (the rule above). */
export function wallToInstant(timeZone: string, wall: number): number {
  return firstInstantAtWall(timeZone, wall);
}

/** What the wall clock in `timeZone` reads at instant `t`, as wall ms. */
export function instantToWall(timeZone: string, t: number): number {
  return t + offsetAt(timeZone, t);
}

/** ISO day of week at instant `t` in `timeZone` (1 = Monday … 7 = Sunday). */
export function dayOfWeekAt(timeZone: string, t: number): number {
  return wallDayOfWeek(instantToWall(timeZone, t));
}

/** Minutes since midnight at instant `t` on `timeZone`'s clock. */
export function minuteOfDayAt(timeZone: string, t: number): number {
  return wallMinuteOfDay(instantToWall(timeZone, t));
}
