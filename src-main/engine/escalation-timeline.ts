// The escalation steps an incident's timeline shows. No op records them (a timer writes nothing): they are derived
// from the incident's ops, its service's policy, the schedules and the clock, the same on every device, by the one
// history walk the reports use too (src-shared/domain/oncall/spells.ts), so the steps of a spell stay in the timeline
// after it was acknowledged.
import type { Op } from '../../src-shared/domain/ops.ts';
import { historySteps, triggeredSpells, type EndedQuiet } from '../../src-shared/domain/oncall/spells.ts';
import type { EscalationStep, ScheduleLookup } from '../../src-shared/domain/oncall/escalation.ts';
import type { EscalationPolicy } from '../../src-shared/schemas/oncall.ts';
import type { TimelineEntry } from '../../src-shared/schemas/incidents.ts';

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
const CLOCK_START: Record<EndedQuiet, string> = {
  acknowledged: 'The acknowledgement timed out: triggered again',
  snoozed: 'The snooze ended: triggered again',
  suppressed: 'The maintenance window ended: triggered',
};

/**
 * The timeline entries of the derived steps: each move by a delay running out or past levels with nobody on call,
 * each spell the clock began (an acknowledgement timing out, a snooze ending), and the instant the service's policy
 * took over an incident older than it. A spell an op began and an escalation by hand have entries of their own.
 * `policySinceMs`: when the service was given the policy.
 */
export function escalationEntries(
  ops: readonly Op[], policy: EscalationPolicy, policySinceMs: number | null, schedules: ScheduleLookup, nowMs: number, nameOf: (userId: string) => string,
): TimelineEntry[] {
  const entries: TimelineEntry[] = [];
  for (const { step, prev, spell } of historySteps(triggeredSpells(ops, nowMs), policy, schedules, policySinceMs)) {
    const paging = step.paging.length > 0 ? ` (paging ${step.paging.map((p) => nameOf(p.userId)).join(', ')})` : '';
    const data = { derived: true, level: step.level, loop: step.loop, reason: step.reason, paging: step.paging };
    const id = `derived:${step.at}:${step.loop}:${step.level}`;
    const at = Date.parse(step.at);
    const clockStart = spell.endedQuiet !== null && at === spell.start ? CLOCK_START[spell.endedQuiet] : null;
    const policyStart = policySinceMs !== null && at === policySinceMs && spell.start < policySinceMs
      ? `Escalation policy "${policy.name}" began paging for this service` : null;
    if (step.reason === 'delay' || step.reason === 'empty') {
      const again = step.loop > 0 && step.level === 1 ? ` again (repeat ${step.loop} of ${policy.repeat})` : '';
      const began = prev ? null : policyStart ?? clockStart;
      const gap = step.reason === 'empty' && began ? `${began}; e` : 'E';
      entries.push({ id, at: step.at, kind: 'escalated', actor: 'system', message: `${gap}scalated to level ${step.level}${again}: ${why(step, prev, policy)}${paging}`, data });
    } else if (step.reason === 'start' && (policyStart ?? clockStart)) {
      entries.push({ id, at: step.at, kind: 'triggered', actor: 'system', message: `${policyStart ?? clockStart}, escalation from level 1${paging}`, data });
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
