// Where things go on a schedule's two-week timeline: shifts, overrides and gaps as spans of the range (percentages, so
// the row stretches with the window), a mark per local midnight, and the now line. Days are measured between local
// midnights, so a day with a daylight-saving change is an hour shorter or longer, as it is on the wall clock.
import type { Override, Shift } from '../../src-shared/schemas/oncall.ts';

export const TIMELINE_DAYS = 14;

export interface Range { from: number; to: number }

export interface Placed { start: number; end: number; left: number; width: number }
export interface PlacedShift extends Placed { userId: string; override: boolean; shift: Shift }
export interface PlacedOverride extends Placed { userId: string }

/** From this machine's midnight today, `days` local days on. */
export function timelineRange(nowMs: number, days = TIMELINE_DAYS): Range {
  const d = new Date(nowMs);
  const from = new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime();
  const to = new Date(d.getFullYear(), d.getMonth(), d.getDate() + days).getTime();
  return { from, to };
}

const pct = (ms: number, r: Range) => ((ms - r.from) / (r.to - r.from)) * 100;

function place(start: number, end: number, r: Range): Placed | null {
  const s = Math.max(start, r.from);
  const e = Math.min(end, r.to);
  if (e <= s) return null;
  return { start: s, end: e, left: pct(s, r), width: pct(e, r) - pct(s, r) };
}

/** The shifts within the range, clipped to it, in time order. */
export function placeShifts(shifts: readonly Shift[], r: Range): PlacedShift[] {
  const out: PlacedShift[] = [];
  for (const shift of shifts) {
    const p = place(Date.parse(shift.start), Date.parse(shift.end), r);
    if (p) out.push({ ...p, userId: shift.userId, override: shift.override, shift });
  }
  return out.sort((a, b) => a.start - b.start);
}

/**
 * Where overrides decide who is on call within the range (drawn hatched over the shifts, which run on across an
 * override's edges when the same person is on call either side): each override's span where the host's shifts show
 * its person there by an override. Where a later override covers it, the shifts show that one's person instead.
 */
export function placeOverrides(overrides: readonly Pick<Override, 'userId' | 'start' | 'end'>[], shifts: readonly Shift[], r: Range): PlacedOverride[] {
  const out: PlacedOverride[] = [];
  for (const o of overrides) {
    for (const s of shifts) {
      if (!s.override || s.userId !== o.userId) continue;
      const p = place(Math.max(Date.parse(o.start), Date.parse(s.start)), Math.min(Date.parse(o.end), Date.parse(s.end)), r);
      if (p) out.push({ ...p, userId: o.userId });
    }
  }
  return out.sort((a, b) => a.start - b.start);
}

/** Where nobody is on call within the range (drawn in red). */
export function placeGaps(shifts: readonly Shift[], r: Range): Placed[] {
  const spans = shifts.map((s) => [Date.parse(s.start), Date.parse(s.end)] as const).sort((a, b) => a[0] - b[0]);
  const gaps: Placed[] = [];
  let covered = r.from;
  for (const [s, e] of spans) {
    if (s > covered) { const g = place(covered, s, r); if (g) gaps.push(g); }
    covered = Math.max(covered, e);
  }
  const tail = place(covered, r.to, r);
  if (tail) gaps.push(tail);
  return gaps;
}

export interface DayMark { at: number; left: number; weekend: boolean }

/** One mark per local midnight from the range's start (the day grid). */
export function dayMarks(r: Range): DayMark[] {
  const marks: DayMark[] = [];
  const d = new Date(r.from);
  for (let i = 0; ; i++) {
    const at = new Date(d.getFullYear(), d.getMonth(), d.getDate() + i);
    if (at.getTime() >= r.to) break;
    const day = at.getDay();
    marks.push({ at: at.getTime(), left: pct(at.getTime(), r), weekend: day === 0 || day === 6 });
  }
  return marks;
}

/** The now line's place, or null outside the range. */
export function nowLeft(nowMs: number, r: Range): number | null {
  return nowMs < r.from || nowMs >= r.to ? null : pct(nowMs, r);
}
