// Schedules and escalation policies as folds of their ops. Edits made on two laptops while apart merge the same way
// everywhere: each field is last-writer-wins by HLC (a layer list is one field, replaced whole), a deletion is a
// tombstone that nothing undoes, and overrides are a set by id in which a removal wins over its addition whatever
// order the two arrive in.
import type { Op } from '../ops.ts';
import { compareOps, parseKnownOp, type KnownOp } from '../ops.ts';
import { hlcToIso } from '../hlc.ts';
import type { Schedule, EscalationPolicy, Override } from '../../schemas/oncall.ts';

export interface ScheduleState extends Schedule { deleted: boolean; lastHlc: string }
export interface PolicyState extends EscalationPolicy { deleted: boolean; lastHlc: string }

/** Known ops of one entity in fold order, each once (a peer may deliver the same op twice). */
function inOrder(ops: readonly Op[]): KnownOp[] {
  const seen = new Set<string>();
  return [...ops].sort(compareOps)
    .filter((o) => (seen.has(o.id) ? false : (seen.add(o.id), true)))
    .map(parseKnownOp).filter((o): o is KnownOp => o !== null);
}

/** Overrides by creation, oldest first (the last created wins where they overlap; ties by id). */
const byCreation = (a: Override, b: Override): number =>
  (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * A schedule from its ops, in any order. Every override ever added and not removed is kept (with `createdAt` the
 * adding op's HLC instant, `createdBy` its author), ended or not: the API leaves out those that have ended. An
 * override whose end is not after its start covers nothing and is left out. Null until its creation is held.
 */
export function foldSchedule(ops: readonly Op[]): ScheduleState | null {
  let s: ScheduleState | null = null;
  let deleted = false;
  let lastHlc = '';
  const added = new Map<string, Override>();
  const removed = new Set<string>();
  for (const op of inOrder(ops)) {
    switch (op.type) {
      case 'schedule.created': {
        if (s) continue;
        const d = op.data;
        const at = hlcToIso(op.hlc);
        s = { id: op.entity, name: d.name, description: d.description, timeZone: d.timeZone, layers: d.layers, overrides: [], createdAt: at, updatedAt: at, deleted: false, lastHlc: op.hlc };
        break;
      }
      case 'schedule.changed': {
        // A change sorting before the creation would be overwritten by it (every field is written at creation).
        if (!s) continue;
        const prev: ScheduleState = s;
        const f = op.data.fields;
        s = {
          ...prev, name: f.name ?? prev.name, description: f.description !== undefined ? f.description : prev.description,
          timeZone: f.timeZone ?? prev.timeZone, layers: f.layers ?? prev.layers,
        };
        break;
      }
      case 'schedule.deleted': deleted = true; break;
      case 'schedule.override_added': {
        const d = op.data;
        if (!added.has(d.overrideId) && d.start < d.end) {
          added.set(d.overrideId, { id: d.overrideId, userId: d.userId, start: d.start, end: d.end, createdAt: hlcToIso(op.hlc), createdBy: d.by });
        }
        break;
      }
      case 'schedule.override_removed': removed.add(op.data.overrideId); break;
      default: continue;
    }
    if (op.hlc > lastHlc) lastHlc = op.hlc;
  }
  if (!s) return null;
  const overrides = [...added.values()].filter((o) => !removed.has(o.id)).sort(byCreation);
  return { ...s, overrides, deleted, lastHlc, updatedAt: hlcToIso(lastHlc) };
}

/** An escalation policy from its ops, in any order; null until its creation is held. */
export function foldPolicy(ops: readonly Op[]): PolicyState | null {
  let p: PolicyState | null = null;
  let deleted = false;
  let lastHlc = '';
  for (const op of inOrder(ops)) {
    switch (op.type) {
      case 'policy.created': {
        if (p) continue;
        const d = op.data;
        const at = hlcToIso(op.hlc);
        p = { id: op.entity, name: d.name, description: d.description, levels: d.levels, repeat: d.repeat, createdAt: at, updatedAt: at, deleted: false, lastHlc: op.hlc };
        break;
      }
      case 'policy.changed': {
        if (!p) continue;
        const prev: PolicyState = p;
        const f = op.data.fields;
        p = {
          ...prev, name: f.name ?? prev.name, description: f.description !== undefined ? f.description : prev.description,
          levels: f.levels ?? prev.levels, repeat: f.repeat ?? prev.repeat,
        };
        break;
      }
      case 'policy.deleted': deleted = true; break;
      default: continue;
    }
    if (op.hlc > lastHlc) lastHlc = op.hlc;
  }
  return p ? { ...p, deleted, lastHlc, updatedAt: hlcToIso(lastHlc) } : null;
}

/** The schedule as the API shows it: without the overrides that have ended by `nowMs`, and without fold bookkeeping. */
export function scheduleView(s: ScheduleState, nowMs: number): Schedule {
  const now = new Date(nowMs).toISOString();
  const { deleted: _d, lastHlc: _h, ...rest } = s;
  return { ...rest, overrides: s.overrides.filter((o) => o.end > now) };
}

export function policyView(p: PolicyState): EscalationPolicy {
  const { deleted: _d, lastHlc: _h, ...rest } = p;
  return rest;
}
