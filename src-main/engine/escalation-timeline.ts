// The escalation steps an incident's timeline shows. No op records them (a timer writes nothing): they are derived
// from the incident's ops, its service's policy, the schedules and the clock, the same on every device. Each spell
// in which the incident was triggered is walked on its own (up to the op that ended it), so the steps of a spell
// stay in the timeline after it was acknowledged.
import type { Op } from '../../src-shared/domain/ops.ts';
import { compareOps } from '../../src-shared/domain/ops.ts';
import { decodeHlc } from '../../src-shared/domain/hlc.ts';
import { applyIncidentOp, type IncidentState } from '../../src-shared/domain/incident-fold.ts';
import { escalationSteps, type EscalationStep, type ScheduleLookup } from '../../src-shared/domain/oncall/escalation.ts';
import type { EscalationPolicy } from '../../src-shared/schemas/oncall.ts';
import type { TimelineEntry } from '../../src-shared/schemas/incidents.ts';

/** What escalation reads of an incident: a spell lasts while these stay the same. */
const ESCALATION_FIELDS = ['status', 'snoozedUntil', 'triggeredAt', 'escalationLevel', 'mergedInto', 'urgency'] as const;
const sameSpell = (a: IncidentState, b: IncidentState) => ESCALATION_FIELDS.every((f) => a[f] === b[f]);

/**
 * Repeats and notes change nothing escalation reads (the fold only counts and records them), and an incident may hold
 * thousands of repeats: they are left out of the walk.
 */
const NEVER_ESCALATION = new Set(['incident.alert_received', 'incident.note_added']);

/** The incident's states, each with the instant the next op changed what escalation reads (the last: `nowMs`). */
function spells(ops: readonly Op[], nowMs: number): { state: IncidentState; endMs: number }[] {
  const seen = new Set<string>();
  const sorted = ops.filter((o) => !NEVER_ESCALATION.has(o.type) && (seen.has(o.id) ? false : (seen.add(o.id), true))).sort(compareOps);
  const creation = sorted.findIndex((o) => o.type === 'incident.triggered');
  const ordered = creation > 0 ? [sorted[creation]!, ...sorted.slice(0, creation), ...sorted.slice(creation + 1)] : sorted;
  const out: { state: IncidentState; endMs: number }[] = [];
  let state: IncidentState | null = null;
  for (const op of ordered) {
    const next: IncidentState | null = applyIncidentOp(state, op).state;
    if (state && next && !sameSpell(state, next)) out.push({ state, endMs: Math.min(nowMs, decodeHlc(op.hlc).wall) });
    state = next;
  }
  if (state) out.push({ state, endMs: nowMs });
  return out;
}

/** A derived step, the one before it in its spell, and the incident's state during that spell. */
export interface DerivedStep { step: EscalationStep; prev: EscalationStep | null; state: IncidentState }

/** Every derived step of the incident up to `nowMs`, each once, in time order. */
export function derivedSteps(ops: readonly Op[], policy: EscalationPolicy, schedules: ScheduleLookup, nowMs: number): DerivedStep[] {
  const found = new Map<string, DerivedStep>();
  for (const { state, endMs } of spells(ops, nowMs)) {
    const steps = escalationSteps(state, policy, schedules, endMs);
    steps.forEach((step, i) => {
      // A spell that an op ended: what it would have done at that very instant did not happen.
      if (endMs < nowMs && Date.parse(step.at) >= endMs) return;
      const key = `${step.at}|${step.level}|${step.loop}`;
      if (!found.has(key)) found.set(key, { step, prev: steps[i - 1] ?? null, state });
    });
  }
  return [...found.values()].sort((a, b) => (a.step.at < b.step.at ? -1 : a.step.at > b.step.at ? 1 : 0));
}

function why(step: EscalationStep, prev: EscalationStep | null, policy: EscalationPolicy): string {
  const waited = prev ? `nobody acknowledged within ${policy.levels[prev.level - 1]?.delayMinutes ?? '?'} min` : null;
  if (step.reason !== 'empty') return waited ?? 'escalated';
  // The levels it passed over: after the previous step's (or from level 1) up to this one, going round the policy.
  const skipped: number[] = [];
  const count = policy.levels.length;
  for (let l = prev ? (prev.level % count) + 1 : 1; l !== step.level && skipped.length < count; l = (l % count) + 1) skipped.push(l);
  const gap = `nobody on call at level ${skipped.join(', ')}`;
  return waited ? `${waited}, then ${gap}` : gap;
}

/** What ended a quiet spell by the clock, for a spell that began that way (not by an op, which has its own entry). */
const CLOCK_START: Partial<Record<IncidentState['status'], string>> = {
  acknowledged: 'The acknowledgement timed out: triggered again',
  snoozed: 'The snooze ended: triggered again',
  suppressed: 'The maintenance window ended: triggered',
};

/**
 * The timeline entries of the derived steps: each move by a delay running out or past levels with nobody on call,
 * and each spell the clock began (an acknowledgement timing out, a snooze ending). A spell an op began and an
 * escalation by hand have entries of their own already.
 */
export function escalationEntries(
  ops: readonly Op[], policy: EscalationPolicy, schedules: ScheduleLookup, nowMs: number, nameOf: (userId: string) => string,
): TimelineEntry[] {
  const entries: TimelineEntry[] = [];
  for (const { step, prev, state } of derivedSteps(ops, policy, schedules, nowMs)) {
    const paging = step.paging.length > 0 ? ` (paging ${step.paging.map((p) => nameOf(p.userId)).join(', ')})` : '';
    const data = { derived: true, level: step.level, loop: step.loop, reason: step.reason, paging: step.paging };
    const id = `derived:${step.at}:${step.loop}:${step.level}`;
    if (step.reason === 'delay' || step.reason === 'empty') {
      const again = step.loop > 0 && step.level === 1 ? ` again (repeat ${step.loop} of ${policy.repeat})` : '';
      const gap = step.reason === 'empty' && !prev && state.snoozedUntil === step.at ? `${CLOCK_START[state.status] ?? 'Triggered again'}; e` : 'E';
      entries.push({ id, at: step.at, kind: 'escalated', actor: 'system', message: `${gap}scalated to level ${step.level}${again}: ${why(step, prev, policy)}${paging}`, data });
    } else if (step.reason === 'start' && state.snoozedUntil === step.at && CLOCK_START[state.status]) {
      entries.push({ id, at: step.at, kind: 'triggered', actor: 'system', message: `${CLOCK_START[state.status]}, escalation from level 1${paging}`, data });
    }
  }
  return entries;
}

/** The op-made entries and the derived ones in one time order (an op's entry first where they share an instant). */
export function mergeTimeline(entries: TimelineEntry[], derived: TimelineEntry[]): TimelineEntry[] {
  if (derived.length === 0) return entries;
  const out: TimelineEntry[] = [];
  let j = 0;
  for (const e of entries) {
    while (j < derived.length && derived[j]!.at < e.at) out.push(derived[j++]!);
    out.push(e);
  }
  return [...out, ...derived.slice(j)];
}
