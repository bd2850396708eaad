// One layer's rotation: whose turn it is at an instant, derived from the anchor (the layer's `start`) and the
// instant alone. Turn k begins at anchor + k × turns × unit on the wall clock, converted by the handoff rule
// (wall-clock.ts); it is never found by stepping from the previous turn, so daylight saving cannot make it drift.
//
// A consequence of the rule worth knowing: an hourly turn whose whole wall-clock hour falls in a spring-forward gap
// (anchor at :00, the 02:00 turn in Chicago on 2020-03-08) begins and ends at the same instant, so its person is on
// call for no time and the next turn's person follows on. Positions stay tied to the anchor: nobody moves up.
import type { Layer, Rotation } from '../../schemas/oncall.ts';
import { DAY, HOUR, WEEK, instantToWall, parseWallTime, wallToInstant } from './wall-clock.ts';

const UNIT_MS: Record<Rotation, number> = { hourly: HOUR, daily: DAY, weekly: WEEK };

export type RotationLayer = Pick<Layer, 'start' | 'end' | 'rotation' | 'turns' | 'userIds'>;

export interface LayerRotation {
  /** When the layer begins (turn 0's handoff) and ends (Infinity: never); off outside [startMs, endMs). */
  startMs: number;
  endMs: number;
  /** The instant turn k begins (k ≥ 0). */
  handoffAt(k: number): number;
  /** The turn holding `t`, or null outside the layer. */
  turnAt(t: number): number | null;
  /** The person of turn k (null only for a layer with nobody in it, which the schema refuses). */
  userOf(k: number): string | null;
  /** Handoffs (turn starts, the layer's start and end included) in [fromMs, toMs), ascending. */
  handoffsBetween(fromMs: number, toMs: number): number[];
}

export function compileRotation(layer: RotationLayer, timeZone: string): LayerRotation {
  const anchor = parseWallTime(layer.start);
  const turnMs = Math.max(1, layer.turns) * UNIT_MS[layer.rotation];
  const handoffAt = (k: number) => wallToInstant(timeZone, anchor + k * turnMs);
  const startMs = handoffAt(0);
  const endMs = layer.end ? Math.max(startMs, wallToInstant(timeZone, parseWallTime(layer.end))) : Infinity;
  const people = layer.userIds;

  function turnAt(t: number): number | null {
    if (t < startMs || t >= endMs) return null;
    // Estimate from what the wall clock reads at t. It never overshoots: a turn due at a wall time the clock has
    // already read began at or before t. It falls short in the second showing of an overlap (the clock reads 01:15
    // again after the 01:30 handoff already happened at the first showing), so step forward while the next turn began.
    let k = Math.max(0, Math.floor((instantToWall(timeZone, t) - anchor) / turnMs));
    while (handoffAt(k + 1) <= t) k++;
    return k;
  }

  function handoffsBetween(fromMs: number, toMs: number): number[] {
    const out: number[] = [];
    const lo = Math.max(fromMs, startMs);
    const hi = Math.min(toMs, endMs);
    if (lo >= hi) return out; // the window misses the layer (or the layer is empty): nothing changes
    for (let k = turnAt(lo)!; ; k++) {
      const at = handoffAt(k);
      if (at >= hi) break;
      if (at >= lo && at !== out[out.length - 1]) out.push(at);
    }
    if (endMs < toMs && endMs !== out[out.length - 1]) out.push(endMs);
    return out;
  }

  return { startMs, endMs, handoffAt, turnAt, userOf: (k) => people[k % people.length] ?? null, handoffsBetween };
}

/** The instant turn k of `layer` begins in `timeZone` (anchor + k × turns × unit on the wall clock). */
export function handoffAt(layer: RotationLayer, timeZone: string, k: number): number {
  return compileRotation(layer, timeZone).handoffAt(k);
}

/** The turn of `layer` holding instant `t`, or null before its start or from its end on. */
export function turnIndexAt(layer: RotationLayer, timeZone: string, t: number): number | null {
  return compileRotation(layer, timeZone).turnAt(t);
}

/** Who `layer`'s rotation has on call at `t`, ignoring restrictions (null outside the layer). */
export function rotationUserAt(layer: RotationLayer, timeZone: string, t: number): string | null {
  const r = compileRotation(layer, timeZone);
  const k = r.turnAt(t);
  return k === null ? null : r.userOf(k);
}
