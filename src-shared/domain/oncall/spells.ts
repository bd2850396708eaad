// An incident's history as the reports need it: each spell during which it was triggered (and so paging), with the
// instant and level escalation counted from. The live rules look only at the current spell (lifecycle.ts
// escalationAnchor); a report looks back at every spell, so it replays the fold and asks the same rule at each step.
import type { Op } from '../ops.ts';
import { hlcToIso } from '../hlc.ts';
import { foldIncident, type IncidentState } from '../incident-fold.ts';
import { escalationAnchor } from '../lifecycle.ts';
import type { TimelineEntry } from '../../schemas/incidents.ts';

/** A triggered spell: escalation counted from `start` at `level` (0: level 1) until `end` (exclusive). */
export interface TriggeredSpell { start: number; level: number; end: number; urgency: IncidentState['urgency'] }

export interface IncidentHistory {
  state: IncidentState | null;
  timeline: TimelineEntry[];
  /** In time order; the last one ends at `nowMs` if the incident is still triggered. */
  spells: TriggeredSpell[];
}

/**
 * Folds the incident's ops and lists its triggered spells up to `nowMs`. A spell begins with an op (created,
 * re-opened, back to triggered, escalated by hand) or by the clock (a snooze, suppression or acknowledgement timeout
 * that ran out) and lasts until an op ends it. Ops that leave the anchor as it was (notes, repeats) do not split it.
 * A spell's urgency is the one it had when it ended (a LOW incident raised by support hours escalates as HIGH).
 */
export function incidentHistory(ops: readonly Op[], nowMs: number): IncidentHistory {
  const points: { at: number; state: IncidentState }[] = [];
  const { state, timeline } = foldIncident(ops, (s, op) => { points.push({ at: Date.parse(hlcToIso(op.hlc)), state: s }); });
  const spells: TriggeredSpell[] = [];
  let from = -Infinity;
  for (let i = 0; i < points.length; i++) {
    const { state: s, at } = points[i]!;
    // A peer's op stamped before the one folded ahead of it (its clock ran behind) cannot turn time back.
    const start = Math.max(at, from);
    from = start;
    const end = i + 1 < points.length ? Math.max(points[i + 1]!.at, start) : nowMs;
    if (end <= start) continue;
    // The anchor holding just before the interval ends: set by an op in or before it, or by a quiet period that ran
    // out inside it.
    const anchor = escalationAnchor(s, end - 1);
    if (!anchor || anchor.at >= end) continue;
    const last = spells[spells.length - 1];
    if (last && last.start === anchor.at && last.level === anchor.level) {
      last.end = end;
      last.urgency = s.urgency;
    } else {
      spells.push({ start: anchor.at, level: anchor.level, end, urgency: s.urgency });
    }
  }
  return { state, timeline, spells };
}
