// A time zone's UTC offsets as a table of its transitions. temporal-polyfill finds the transitions (it reads the
// runtime's tzdata); after that an offset is a binary search. Why a table and not Temporal on every call: one
// ZonedDateTime conversion costs about 8 µs, and a two-week timeline of an hourly rotation with restrictions converts
// tens of thousands of wall times; a lookup here costs well under a microsecond.
import { Temporal } from 'temporal-polyfill';

const DAY = 86_400_000;
const YEAR = 366 * DAY;
/** A query further than this from the stretch already read starts a new stretch rather than reading every year between. */
const FAR = 60 * YEAR;

/** What is known of one zone: offsets on [lo, hi). Segment i starts at at[i] (at[0] = lo) and has offset off[i] (ms). */
interface Stretch { lo: number; hi: number; at: number[]; off: number[] }

const stretches = new Map<string, Stretch>();
const knownZones = new Map<string, string>();

/**
 * The zone to read for `tz`. A zone this runtime does not know (a peer with newer tzdata wrote it) is read as UTC:
 * handoffs land at the wrong hour, but someone is on call, where a thrown error would leave a page unsent.
 */
function zoneId(tz: string): string {
  let id = knownZones.get(tz);
  if (id === undefined) {
    try {
      Temporal.Instant.fromEpochMilliseconds(0).toZonedDateTimeISO(tz);
      id = tz;
    } catch {
      id = 'UTC';
    }
    knownZones.set(tz, id);
  }
  return id;
}

const zonedAt = (tz: string, ms: number) => Temporal.Instant.fromEpochMilliseconds(ms).toZonedDateTimeISO(tz);
const offsetMs = (z: Temporal.ZonedDateTime) => z.offsetNanoseconds / 1e6;

/** Reads transitions after hi − 1 until one at or past `to` (or none is left: the zone's rules end). */
function extendForward(tz: string, s: Stretch, to: number): void {
  let z = zonedAt(tz, s.hi - 1);
  while (s.hi <= to) {
    const next = z.getTimeZoneTransition('next');
    if (!next) {
      s.hi = Infinity;
      return;
    }
    s.at.push(next.epochMilliseconds);
    s.off.push(offsetMs(next));
    s.hi = next.epochMilliseconds + 1;
    z = next;
  }
}

function read(tz: string, from: number, to: number): Stretch {
  const s: Stretch = { lo: from, hi: from + 1, at: [from], off: [offsetMs(zonedAt(tz, from))] };
  extendForward(tz, s, to);
  return s;
}

/** The stretch of `tz` covering [a, b], read or extended as needed (a year or two beyond, so the next call is a hit). */
function cover(tz: string, a: number, b: number): Stretch {
  let s = stretches.get(tz);
  if (s && a >= s.lo && b < s.hi) return s;
  if (!s || a < s.lo - FAR || (s.hi !== Infinity && b >= s.hi + FAR)) {
    s = read(tz, a - YEAR, b + 2 * YEAR);
    stretches.set(tz, s);
    return s;
  }
  if (a < s.lo) {
    const before = read(tz, a - YEAR, s.lo);
    let keep = before.at.length;
    while (keep > 0 && before.at[keep - 1]! >= s.lo) keep--;
    s.at = [...before.at.slice(0, keep), ...s.at];
    s.off = [...before.off.slice(0, keep), ...s.off];
    s.lo = before.lo;
  }
  if (b >= s.hi) extendForward(tz, s, b + 2 * YEAR);
  return s;
}

/** Index of the segment holding `t` (the last whose start is ≤ t). */
function segmentAt(s: Stretch, t: number): number {
  let lo = 0;
  let hi = s.at.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (s.at[mid]! <= t) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** The zone's offset from UTC at instant `t`, in ms (Chicago in summer: −5 h). */
export function offsetAt(timeZone: string, t: number): number {
  const tz = zoneId(timeZone);
  const s = cover(tz, t, t);
  return s.off[segmentAt(s, t)]!;
}

/**
 * The first instant at which the zone's wall clock reads `wall` or later (`wall`: ms on a zoneless clock, see
 * wall-clock.ts). Along one segment the wall clock runs from at[i] + off[i] up to at[i+1] + off[i]; the answer lies in
 * the first segment whose wall clock gets past `wall`, at max(segment start, wall − offset). A wall time in a gap
 * lands on the segment's start, the transition; one in an overlap is reached first in the earlier segment.
 */
export function firstInstantAtWall(timeZone: string, wall: number): number {
  const tz = zoneId(timeZone);
  // Offsets lie within ±14 h, so no instant before wall − 15 h can read `wall`, and one at wall + 15 h already does.
  const s = cover(tz, wall - DAY, wall + DAY);
  for (let i = segmentAt(s, wall - 15 * 3_600_000); i < s.at.length; i++) {
    const candidate = Math.max(s.at[i]!, wall - s.off[i]!);
    const segmentEnd = i + 1 < s.at.length ? s.at[i + 1]! : s.hi;
    if (candidate < segmentEnd) return candidate;
  }
  return wall - s.off[s.off.length - 1]!;
}
