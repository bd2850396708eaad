// An incident's history as escalation reads it, in one place: each spell during which it was triggered (and so
// paging), with the instant and level escalation counted from, and the steps escalation took in each. The live rules
// look only at the current spell (lifecycle.ts escalationAnchor, escalation.ts); the timeline (the steps shown as
// derived) and the reports (the pages sent) look back at every spell, so they replay the fold and ask the same rules
// at each step.
import type { Op } from '../ops.ts';
import { hlcToIso } from '../hlc.ts';
import { foldIncident, type IncidentState } from '../incident-fold.ts';
import { escalationAnchor, quietUntil } from '../lifecycle.ts';
import { escalationSteps, type EscalationStep, type ScheduleLookup } from './escalation.ts';
import type { EscalationPolicy } from '../../schemas/oncall.ts';
import type { TimelineEntry } from '../../schemas/incidents.ts';

/** A quiet spell the clock ended (an acknowledgement that timed out, a snooze, a maintenance suppression). */
export type EndedQuiet = 'acknowledged' | 'snoozed' | 'suppressed';

/**
 * A part of a triggered spell: escalation counted from `start` at `level` (0: level 1), this part running from `from`
 * (≥ start) until `end` (exclusive; `running`: still triggered at `end`, the instant asked about) at one urgency. A
 * spell is cut into parts where its urgency changed (escalation walks HIGH and LOW differently).
 */
export interface TriggeredSpell {
  start: number; level: number; from: number; end: number; running: boolean; urgency: IncidentState['urgency'];
  /** The quiet spell whose end by the clock began this one; null when an op began it. */
  endedQuiet: EndedQuiet | null;
}

export interface IncidentHistory {
  state: IncidentState | null;
  timeline: TimelineEntry[];
  /** In time order; the last one ends at `nowMs` if the incident is still triggered. */
  spells: TriggeredSpell[];
}

/** Repeats and notes change nothing escalation reads, and an incident may hold thousands of repeats. */
const NEVER_ESCALATION = new Set(['incident.alert_received', 'incident.note_added']);

/**
 * The triggered spells of a fold's states, each with the instant of the op that led to it. A spell begins with an op
 * (created, re-opened, back to triggered, escalated by hand, raised to HIGH) or by the clock (a snooze, suppression or
 * acknowledgement timeout that ran out) and lasts until an op ends it; ops that leave the anchor and urgency as they
 * were (notes, repeats, a title) do not cut it.
 */
function spellsOf(points: readonly { at: number; state: IncidentState }[], nowMs: number): TriggeredSpell[] {
  const spells: TriggeredSpell[] = [];
  let from = -Infinity;
  for (let i = 0; i < points.length; i++) {
    const { state: s, at } = points[i]!;
    // A peer's op stamped before the one folded ahead of it (its clock ran behind) cannot turn time back.
    const start = Math.max(at, from);
    from = start;
    const running = i + 1 === points.length;
    const end = running ? nowMs : Math.max(points[i + 1]!.at, start);
    // The last instant of the interval: just before the next op, or now itself.
    const lastAt = running ? nowMs : end - 1;
    if (lastAt < start) continue;
    // The anchor holding then: set by an op in or before the interval, or by a quiet period that ran out inside it.
    const anchor = escalationAnchor(s, lastAt);
    if (!anchor || anchor.at > lastAt) continue;
    const last = spells[spells.length - 1];
    const sameSpell = last !== undefined && last.start === anchor.at && last.level === anchor.level;
    if (sameSpell && last.urgency === s.urgency) {
      Object.assign(last, { end, running });
      continue;
    }
    const quiet = quietUntil(s);
    const byClock = !sameSpell && quiet !== null && Date.parse(quiet) === anchor.at && anchor.level === 0;
    spells.push({
      // A spell's first part runs from where it counts from; a later one from the op that changed the urgency.
      start: anchor.at, level: anchor.level, from: sameSpell ? start : anchor.at, end, running, urgency: s.urgency,
      endedQuiet: byClock ? s.status as EndedQuiet : null,
    });
  }
  return spells;
}

/** Folds the incident's ops: its state, its timeline and its triggered spells up to `nowMs`. */
export function incidentHistory(ops: readonly Op[], nowMs: number): IncidentHistory {
  const points: { at: number; state: IncidentState }[] = [];
  const { state, timeline } = foldIncident(ops, (s, op) => { points.push({ at: Date.parse(hlcToIso(op.hlc)), state: s }); });
  return { state, timeline, spells: spellsOf(points, nowMs) };
}

/** The triggered spells alone: the same as `incidentHistory`'s, without folding repeats and notes. */
export function triggeredSpells(ops: readonly Op[], nowMs: number): TriggeredSpell[] {
  return incidentHistory(ops.filter((o) => !NEVER_ESCALATION.has(o.type)), nowMs).spells;
}

/** A step escalation took, the one before it in its walk, and the spell it belongs to. */
export interface HistoryStep { step: EscalationStep; prev: EscalationStep | null; spell: TriggeredSpell }

/**
 * Every step escalation took in the spells, each once, in time order: each part of a spell walked by the live rule up
 * to its end, keeping the steps that fell within that part. What a spell would have done at the very instant an op
 * ended it did not happen; a spell still running shows what happens at its end too, as the live answer does then.
 * `policySinceMs`: when the service was given the policy (escalation never counted from before).
 */
export function historySteps(
  spells: readonly TriggeredSpell[], policy: EscalationPolicy, schedules: ScheduleLookup, policySinceMs: number | null,
): HistoryStep[] {
  const out: HistoryStep[] = [];
  const seen = new Set<string>();
  for (const spell of spells) {
    const until = spell.running ? spell.end : spell.end - 1;
    const asTriggered = {
      status: 'triggered' as const, snoozedUntil: null, mergedInto: null, urgency: spell.urgency,
      triggeredAt: new Date(spell.start).toISOString(), escalationLevel: spell.level,
    };
    const steps = escalationSteps(asTriggered, policy, schedules, until, policySinceMs);
    steps.forEach((step, i) => {
      const at = Date.parse(step.at);
      const key = `${step.at}|${step.level}|${step.loop}`;
      if (at < spell.from || at > until || seen.has(key)) return;
      seen.add(key);
      out.push({ step, prev: steps[i - 1] ?? null, spell });
    });
  }
  return out;
}
