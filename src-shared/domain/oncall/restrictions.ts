// When a layer may be on call (PagerDuty's restrictions). Each restriction is a window that recurs every day or every
// week on the schedule's wall clock: it opens at its start time and closes `durationMinutes` of wall clock later, both
// edges converted by the handoff rule (wall-clock.ts). So "09:00 for 8 h" is 09:00–17:00 on the clock every day of
// the year, and "22:00 for 10 h" is 22:00–08:00 even on the night the clocks change (9 or 11 real hours then).
// A layer with restrictions is on call only inside one of them; one with none, always.
import type { Restriction } from '../../schemas/oncall.ts';
import { DAY, MINUTE, WEEK, instantToWall, parseTimeOfDay, wallToInstant } from './wall-clock.ts';

// Wall ms of the Monday 1970-01-05T00:00 (1970-01-01 was a Thursday): weekly windows count from it.
const FIRST_MONDAY = 4 * DAY;

/** Window k opens at wall time phase + k × period and stays open `duration` (≤ period, so a window never overlaps the next). */
interface Recurring { phase: number; period: number; duration: number }

function recurring(r: Restriction): Recurring {
  const start = parseTimeOfDay(r.startTime) * MINUTE;
  const duration = r.durationMinutes * MINUTE;
  if (r.type === 'daily') return { phase: start, period: DAY, duration: Math.min(duration, DAY) };
  return { phase: FIRST_MONDAY + (r.startDay - 1) * DAY + start, period: WEEK, duration: Math.min(duration, WEEK) };
}

export interface LayerRestrictions {
  /** No restrictions: the layer may be on call at any time. */
  always: boolean;
  contains(t: number): boolean;
  /** The instants in [fromMs, toMs) where a window opens or closes (unsorted, may repeat). */
  edgesBetween(fromMs: number, toMs: number): number[];
}

export function compileRestrictions(restrictions: readonly Restriction[], timeZone: string): LayerRestrictions {
  const windows = restrictions.map(recurring);
  const opens = (w: Recurring, k: number) => wallToInstant(timeZone, w.phase + k * w.period);
  const closes = (w: Recurring, k: number) => wallToInstant(timeZone, w.phase + k * w.period + w.duration);
  // The last window due to open at or before what the clock reads at `t`. A window k holding t has k0 ≤ k (every
  // instant before a window closes reads earlier than its close, which is at most a period after its opening) and
  // k ≤ k0 + 1 (t may read up to an overlap's length earlier than the opening it is already past: hours, not a day).
  const indexNear = (w: Recurring, t: number) => Math.floor((instantToWall(timeZone, t) - w.phase) / w.period);

  function contains(t: number): boolean {
    for (const w of windows) {
      const k0 = indexNear(w, t);
      for (let k = k0; k <= k0 + 1; k++) {
        if (opens(w, k) <= t && t < closes(w, k)) return true;
      }
    }
    return false;
  }

  function edgesBetween(fromMs: number, toMs: number): number[] {
    const out: number[] = [];
    if (fromMs >= toMs) return out;
    for (const w of windows) {
      const last = indexNear(w, toMs) + 1;
      // A window closing at or after fromMs: the clock read less than its close just before fromMs (same bound).
      for (let k = indexNear(w, fromMs - 1); k <= last; k++) {
        for (const edge of [opens(w, k), closes(w, k)]) if (edge >= fromMs && edge < toMs) out.push(edge);
      }
    }
    return out;
  }

  return { always: windows.length === 0, contains: windows.length === 0 ? () => true : contains, edgesBetween };
}
