// Wall times as numbers, with no zone: milliseconds on a clock without daylight saving, counted from
// 1970-01-01T00:00 (what Date.UTC gives for the same fields). On that clock every day has 24 hours, so "add 3 days" or
// "add 5 hours" is plain addition, which is exactly calendar arithmetic on a Temporal.PlainDateTime. Kept apart from
// the zone rules (wall-clock.ts) so the schemas can check a wall time without loading the time-zone library.

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;
export const WEEK = 7 * DAY;

const WALL_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;

/**
 * `2026-03-06T09:00` (or `…T09:00:00`) as wall ms. Throws RangeError on a string that is no calendar date and time
 * (the schema's WallTime refuses those, so state never holds one).
 */
export function parseWallTime(s: string): number {
  const m = WALL_TIME.exec(s);
  if (!m) throw new RangeError(`not a wall time: ${s}`);
  const [y, mo, d, h, mi, sec] = m.slice(1).map((x) => Number(x ?? 0)) as [number, number, number, number, number, number];
  const date = new Date(0);
  date.setUTCFullYear(y, mo - 1, d);
  date.setUTCHours(h, mi, sec, 0);
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d || date.getUTCHours() !== h || mi > 59 || sec > 59) {
    throw new RangeError(`not a calendar date and time: ${s}`);
  }
  return date.getTime();
}

/** Wall ms as `2026-03-06T09:00:00` (for messages and tests). */
export function formatWallTime(wall: number): string {
  return new Date(wall).toISOString().slice(0, 19);
}

/** `HH:MM` (`24:00` allowed) as minutes since midnight. */
export function parseTimeOfDay(s: string): number {
  const m = /^(\d{2}):(\d{2})$/.exec(s);
  if (!m) throw new RangeError(`not a time of day: ${s}`);
  return Number(m[1]) * 60 + Number(m[2]);
}

export type WallUnit = 'hour' | 'day' | 'week';
const UNIT_MS: Record<WallUnit, number> = { hour: HOUR, day: DAY, week: WEEK };

/** `wall` plus `n` hours, days or weeks of wall clock (a day is 24 wall hours whatever daylight saving does). */
export function addWall(wall: number, n: number, unit: WallUnit): number {
  return wall + n * UNIT_MS[unit];
}

/** ISO day of week of a wall time: 1 = Monday … 7 = Sunday. 1970-01-01 was a Thursday. */
export function wallDayOfWeek(wall: number): number {
  const days = Math.floor(wall / DAY);
  return (((days + 3) % 7) + 7) % 7 + 1;
}

/** Minutes since midnight of a wall time (0 … 1439). */
export function wallMinuteOfDay(wall: number): number {
  return Math.floor((((wall % DAY) + DAY) % DAY) / MINUTE);
}
