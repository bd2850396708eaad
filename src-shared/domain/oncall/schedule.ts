// Who a schedule has on call: overrides first, then the layers. Layers are "added" in array order and the LAST one
// with someone on call at an instant wins; earlier layers show through its gaps (PagerDuty). Where overrides
// overlap, the one created last wins (greater createdAt, then greater id, so every device picks the same one).
//
// Everything here is one point evaluation (`evaluate`) and one list of instants where its answer may change
// (`changes`); shifts are the point evaluation read between consecutive change instants, so the two agree by
// construction.
import type { Schedule } from '../../schemas/oncall.ts';
import { compileLayer, type CompiledLayer } from './layer.ts';
import { DAY } from './wall-clock.ts';

export type ScheduleRules = Pick<Schedule, 'timeZone' | 'layers' | 'overrides'>;

export interface OnCallSpell { userId: string | null; start: number | null; end: number | null; override: boolean }
export interface ShiftSpan { userId: string; start: number; end: number; override: boolean }

interface Compiled {
  evaluate(t: number): { userId: string | null; override: boolean };
  changes(fromMs: number, toMs: number): number[];
}

interface OverrideSpan { userId: string; start: number; end: number; createdAt: number; id: string }

// A schedule's overrides parsed and in precedence order, once per list (held schedules keep theirs until changed).
const parsedOverrides = new WeakMap<ScheduleRules['overrides'], OverrideSpan[]>();

function overrideSpans(list: ScheduleRules['overrides']): OverrideSpan[] {
  let spans = parsedOverrides.get(list);
  if (!spans) {
    spans = list
      .map((o) => ({ userId: o.userId, start: Date.parse(o.start), end: Date.parse(o.end), createdAt: Date.parse(o.createdAt), id: o.id }))
      .filter((o) => o.start < o.end)
      // Highest precedence first: created last, ties by the greater id.
      .sort((a, b) => (b.createdAt - a.createdAt) || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
    parsedOverrides.set(list, spans);
  }
  return spans;
}

/**
 * `earliestMs`: the earliest instant the caller will evaluate or list changes from. Overrides that ended by then
 * cannot answer anything asked, and are left out: a schedule keeps its past overrides for ever, and every
 * evaluation would otherwise look through all of them.
 */
function compile(s: ScheduleRules, earliestMs: number): Compiled {
  // Evaluated from the last layer down: the first with someone on call wins.
  const layers: CompiledLayer[] = s.layers.map((l) => compileLayer(l, s.timeZone)).reverse();
  const overrides = overrideSpans(s.overrides).filter((o) => o.end > earliestMs);

  return {
    evaluate(t) {
      for (const o of overrides) if (o.start <= t && t < o.end) return { userId: o.userId, override: true };
      for (const layer of layers) {
        const userId = layer.userAt(t);
        if (userId !== null) return { userId, override: false };
      }
      return { userId: null, override: false };
    },
    changes(fromMs, toMs) {
      if (!(fromMs < toMs)) return [];
      const all: number[] = [];
      for (const layer of layers) for (const c of layer.changesBetween(fromMs, toMs)) all.push(c);
      for (const o of overrides) {
        if (o.start >= fromMs && o.start < toMs) all.push(o.start);
        if (o.end >= fromMs && o.end < toMs) all.push(o.end);
      }
      all.sort((a, b) => a - b);
      return all.filter((c, i) => i === 0 || c !== all[i - 1]);
    },
  };
}

/** The instants in [fromMs, toMs) where the answer of onCallAt may change (handoffs, restriction edges, layer start/end, override edges), sorted, deduped. */
export function changeInstants(s: ScheduleRules, fromMs: number, toMs: number): number[] {
  return compile(s, fromMs).changes(fromMs, toMs);
}

/**
 * Contiguous spells of one person each within [fromMs, toMs), clipped to it, overrides applied. Adjacent spells of
 * the same person merge unless one comes from an override and the other does not (the window marks overrides), so
 * a spell is split where the override flag changes. Gaps are simply absent.
 */
export function shiftsBetween(s: ScheduleRules, fromMs: number, toMs: number): ShiftSpan[] {
  if (!(fromMs < toMs)) return [];
  const c = compile(s, fromMs);
  const cuts = c.changes(fromMs, toMs);
  if (cuts[0] !== fromMs) cuts.unshift(fromMs);
  const shifts: ShiftSpan[] = [];
  for (let i = 0; i < cuts.length; i++) {
    const start = cuts[i]!;
    const end = i + 1 < cuts.length ? cuts[i + 1]! : toMs;
    const { userId, override } = c.evaluate(start);
    if (userId === null) continue;
    const last = shifts[shifts.length - 1];
    if (last && last.end === start && last.userId === userId && last.override === override) last.end = end;
    else shifts.push({ userId, start, end, override });
  }
  return shifts;
}

/**
 * One entry per contiguous shift of one person within [fromMs, toMs), overrides applied (what the API and calendar
 * feeds answer): an override next to the same person's own turn is one shift with theirs, `override` when any part of
 * it comes from an override (the window marks which part from the schedule's overrides).
 */
export function contiguousShifts(s: ScheduleRules, fromMs: number, toMs: number): ShiftSpan[] {
  const shifts: ShiftSpan[] = [];
  for (const piece of shiftsBetween(s, fromMs, toMs)) {
    const last = shifts[shifts.length - 1];
    if (last && last.end === piece.start && last.userId === piece.userId) {
      last.end = piece.end;
      last.override ||= piece.override;
    } else {
      shifts.push({ ...piece });
    }
  }
  return shifts;
}

const DEFAULT_HORIZON = 90 * DAY;

/**
 * Who is on call at `atMs` (overrides, then the last layer with someone, earlier layers through gaps). `start`/`end`:
 * the contiguous spell of that person (or gap) around atMs, whether it comes from layers or overrides, looked for
 * within `horizonMs` (default 90 days) each way; null beyond. Pass 0 when only the person matters (cheapest).
 */
export function onCallAt(s: ScheduleRules, atMs: number, horizonMs: number = DEFAULT_HORIZON): OnCallSpell {
  const horizon = Math.max(0, horizonMs);
  // spellStart looks at the instant just before each change it meets, the earliest at atMs − horizon.
  const c = compile(s, atMs - horizon - 1);
  const { userId, override } = c.evaluate(atMs);
  return { userId, override, start: spellStart(c, atMs, userId, horizon), end: spellEnd(c, atMs, userId, horizon) };
}

// The spell is searched in growing chunks, so a short spell costs a short look and a long one a few lists.
const FIRST_CHUNK = DAY;

/** The first change instant in (atMs, atMs + horizon] after which someone other than `userId` is on call. */
function spellEnd(c: Compiled, atMs: number, userId: string | null, horizon: number): number | null {
  const limit = atMs + horizon + 1;
  for (let lo = atMs + 1, chunk = FIRST_CHUNK; lo < limit; lo += chunk, chunk *= 4) {
    const hi = Math.min(limit, lo + chunk);
    for (const t of c.changes(lo, hi)) if (c.evaluate(t).userId !== userId) return t;
    if (hi === limit) break;
  }
  return null;
}

/** The change instant in [atMs − horizon, atMs] before which someone other than `userId` was on call. */
function spellStart(c: Compiled, atMs: number, userId: string | null, horizon: number): number | null {
  const limit = atMs - horizon;
  for (let hi = atMs + 1, chunk = FIRST_CHUNK; hi > limit; hi -= chunk, chunk *= 4) {
    const lo = Math.max(limit, hi - chunk);
    const changes = c.changes(lo, hi);
    for (let i = changes.length - 1; i >= 0; i--) {
      const t = changes[i]!;
      if (c.evaluate(t - 1).userId !== userId) return t;
    }
    if (lo === limit) break;
  }
  return null;
}

/**
 * One person's spells on call that overlap [fromMs, toMs), as that person lives them (shift reminders): an override
 * next to their own turn is one spell, not two, and a spell reaching past either edge of the window keeps its true
 * start and end (looked for within `horizonMs`; beyond that, the window's edge).
 */
export function spellsOfPerson(s: ScheduleRules, userId: string, fromMs: number, toMs: number, horizonMs: number = DEFAULT_HORIZON): { start: number; end: number }[] {
  const spells = contiguousShifts(s, fromMs, toMs).filter((sh) => sh.userId === userId).map((sh) => ({ start: sh.start, end: sh.end }));
  const first = spells[0];
  if (first && first.start === fromMs) first.start = onCallAt(s, fromMs, horizonMs).start ?? fromMs;
  const last = spells[spells.length - 1];
  if (last && last.end === toMs) last.end = onCallAt(s, toMs - 1, horizonMs).end ?? toMs;
  return spells;
}
