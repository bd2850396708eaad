// One layer as the schedule sees it: its rotation clipped by its restrictions. A turn that straddles a restriction's
// edge is cut there; the part inside belongs to the turn's person (PagerDuty's semantics).
import type { Layer } from '../../schemas/oncall.ts';
import { compileRestrictions } from './restrictions.ts';
import { compileRotation } from './rotation.ts';

export type ScheduleLayer = Pick<Layer, 'start' | 'end' | 'rotation' | 'turns' | 'userIds' | 'restrictions'>;

export interface CompiledLayer {
  /** Who the layer has on call at `t`; null in its gaps (outside its restrictions, before its start, from its end). */
  userAt(t: number): string | null;
  /** Instants in [fromMs, toMs) where `userAt` may change (unsorted, may repeat). */
  changesBetween(fromMs: number, toMs: number): number[];
}

export function compileLayer(layer: ScheduleLayer, timeZone: string): CompiledLayer {
  const rotation = compileRotation(layer, timeZone);
  const restrictions = compileRestrictions(layer.restrictions ?? [], timeZone);
  return {
    userAt(t) {
      const k = rotation.turnAt(t);
      return k !== null && restrictions.contains(t) ? rotation.userOf(k) : null;
    },
    changesBetween(fromMs, toMs) {
      const changes = rotation.handoffsBetween(fromMs, toMs);
      // Restriction edges matter only while the layer runs.
      const lo = Math.max(fromMs, rotation.startMs);
      const hi = Math.min(toMs, rotation.endMs);
      if (!restrictions.always && lo < hi) changes.push(...restrictions.edgesBetween(lo, hi));
      return changes;
    },
  };
}
