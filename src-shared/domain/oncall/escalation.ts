// Where an incident's escalation stands, derived from replicated state and the clock on every device alike
// (ARCHITECTURE.md "Time is derived, not written"): no timer writes a level. The rules, in one place:
//   - escalation counts from `escalationAnchor` (lifecycle.ts): level 1, or the level asked for by hand; never from
//     before the service was given its policy (`policySinceMs`, the instant of the change that set it);
//   - a policy is walked within MAX_POLICY_LEVELS levels and MAX_POLICY_REPEAT repeats, whatever a peer wrote;
//   - a level lasts its delay; one with nobody on call at the instant it is reached is skipped at once (PagerDuty's
//     auto-escalation past a gap) and listed in `emptyLevels` so the window can warn;
//   - after the last level the policy starts again at level 1, `repeat` times, then stays on its last level (if
//     that one is empty when reached, on the last level that had someone: the page is not dropped);
//   - only the current level's people are paged, as on call at `nowMs` (a handoff while paging moves the page);
//   - LOW urgency notifies and never escalates by delay: it stays on the level it starts at (past empty ones, as
//     HIGH does at the same instant);
//   - when nobody can be paged, `nobodyOnCall`: every device pages, as with no policy (a page is never dropped).
import type { IncidentState } from '../incident-fold.ts';
import { MAX_POLICY_LEVELS, MAX_POLICY_REPEAT, type EscalationLevel, type EscalationPolicy, type EscalationStanding } from '../../schemas/oncall.ts';
import { escalationAnchor, nextStatusChangeAt } from '../lifecycle.ts';

/** Who a schedule has on call at an instant, and until when (null: beyond what it looks ahead). Null: no such schedule. */
export interface ScheduleLookup {
  onCallAt(scheduleId: string, atMs: number): { userId: string | null; end: number | null } | null;
}

export type EscalationIncident = Pick<IncidentState, 'status' | 'snoozedUntil' | 'triggeredAt' | 'escalationLevel' | 'mergedInto' | 'urgency'>;

export type PagedPerson = EscalationStanding['paging'][number];

/** Why the incident arrived at a step: its spell began, by hand, the previous level's delay ran out, or the levels in between were empty. */
export type StepReason = 'start' | 'by_hand' | 'delay' | 'empty';

/** One level the incident sat at during its current triggered spell, as derived (the timeline shows these). */
export interface EscalationStep { at: string; level: number; loop: number; paging: PagedPerson[]; reason: StepReason }

const MINUTE_MS = 60_000;

/** A level's people at an instant: the union over its targets, each person once (the first target naming them says via what). */
export function levelPeople(level: EscalationLevel | undefined, schedules: ScheduleLookup, atMs: number): PagedPerson[] {
  const people: PagedPerson[] = [];
  for (const via of level?.targets ?? []) {
    const userId = via.type === 'user' ? via.id : (schedules.onCallAt(via.id, atMs)?.userId ?? null);
    if (userId !== null && !people.some((p) => p.userId === userId)) people.push({ userId, via });
  }
  return people;
}

interface Walk {
  steps: (Omit<EscalationStep, 'at'> & { atMs: number })[];
  /** When the last step gives way to the next level; null: it stays. */
  nextAt: number | null;
  emptyLevels: number[];
}

/**
 * The walk from the anchor to `nowMs`, one policy position (level, loop) at a time, ending at the policy's last
 * position or at the first level still running at `nowMs`. A whole round of empty levels at one instant ends it too
 * (every further round at that instant is the same), so it stays short even with every level empty and many
 * repeats. Null while the incident is not triggered.
 */
function walk(incident: EscalationIncident, policy: EscalationPolicy, schedules: ScheduleLookup, nowMs: number, policySinceMs: number | null): Walk | null {
  const anchor = escalationAnchor(incident, nowMs, policySinceMs);
  if (!anchor) return null;
  const count = Math.min(policy.levels.length, MAX_POLICY_LEVELS);
  const repeat = Math.min(Math.max(0, policy.repeat), MAX_POLICY_REPEAT);
  const first = Math.min(Math.max(anchor.level, 1), Math.max(count, 1)); // a level asked for beyond the last: the last
  const firstReason: StepReason = anchor.level === 0 ? 'start' : 'by_hand';
  const steps: Walk['steps'] = [];
  const empty = new Set<number>();
  let nextAt: number | null = null;
  let level = first;
  let loop = 0;
  let at = anchor.at;
  let reason: StepReason = firstReason;
  for (let emptyRun = 0; emptyRun < count;) {
    const last = level === count && loop === repeat;
    const paging = levelPeople(policy.levels[level - 1], schedules, at);
    if (paging.length === 0) {
      empty.add(level);
      reason = 'empty';
      emptyRun += 1;
    } else {
      emptyRun = 0;
      steps.push({ atMs: at, level, loop, paging, reason });
      if (incident.urgency === 'LOW' || last) break;
      const until = at + policy.levels[level - 1]!.delayMinutes * MINUTE_MS;
      if (until > nowMs) {
        nextAt = until;
        break;
      }
      at = until;
      reason = 'delay';
    }
    if (last) break; // the policy ran out on an empty level: it stays on the last level that had someone
    // (a whole round of empty levels ends the loop: it stays there too, or, if none had anyone, where it started)
    if (level < count) level += 1;
    else [level, loop] = [1, loop + 1];
  }
  // Nobody on call at any level when reached: it stays on the level it started at, and pages whoever comes on call there.
  if (steps.length === 0) steps.push({ atMs: anchor.at, level: first, loop: 0, paging: [], reason: firstReason });
  return { steps, nextAt, emptyLevels: [...empty].sort((a, b) => a - b) };
}

/**
 * Where escalation stands at `nowMs` (level 0 and nobody paged while the incident is not triggered); null without a
 * policy. `policySinceMs` (here and below): when the service was given `policy` (null: count from the incident alone).
 */
export function pagingTargets(
  incident: EscalationIncident, policy: EscalationPolicy | null, schedules: ScheduleLookup, nowMs: number, policySinceMs: number | null = null,
): EscalationStanding | null {
  if (!policy) return null;
  const w = walk(incident, policy, schedules, nowMs, policySinceMs);
  if (!w) return { policyId: policy.id, level: 0, loop: 0, paging: [], nextEscalationAt: null, emptyLevels: [], nobodyOnCall: false };
  const current = w.steps[w.steps.length - 1]!;
  const paging = levelPeople(policy.levels[current.level - 1], schedules, nowMs);
  return {
    policyId: policy.id, level: current.level, loop: current.loop, paging,
    nextEscalationAt: w.nextAt === null ? null : new Date(w.nextAt).toISOString(),
    emptyLevels: w.emptyLevels, nobodyOnCall: paging.length === 0,
  };
}

/** Each level the incident sat at, from its anchor up to `nowMs`, with the people paged as it arrived there. */
export function escalationSteps(
  incident: EscalationIncident, policy: EscalationPolicy | null, schedules: ScheduleLookup, nowMs: number, policySinceMs: number | null = null,
): EscalationStep[] {
  const w = policy ? walk(incident, policy, schedules, nowMs, policySinceMs) : null;
  return (w?.steps ?? []).map(({ atMs, ...step }) => ({ at: new Date(atMs).toISOString(), ...step }));
}

/**
 * The next instant after `nowMs` at which `pagingTargets` may answer differently by the clock alone: the next
 * escalation, a handoff in a schedule the current level pages, or the end of an acknowledgement timeout or snooze.
 * The pager arms its timer here. Null: never (until an op arrives).
 */
export function nextEscalationChangeAt(
  incident: EscalationIncident, policy: EscalationPolicy | null, schedules: ScheduleLookup, nowMs: number, policySinceMs: number | null = null,
): number | null {
  if (!policy || incident.mergedInto !== null) return null;
  const w = walk(incident, policy, schedules, nowMs, policySinceMs);
  if (!w) return nextStatusChangeAt(incident, nowMs);
  const current = w.steps[w.steps.length - 1]!;
  let next = w.nextAt ?? Infinity;
  for (const target of policy.levels[current.level - 1]?.targets ?? []) {
    if (target.type !== 'schedule') continue;
    const end = schedules.onCallAt(target.id, nowMs)?.end ?? null;
    if (end !== null && end > nowMs && end < next) next = end;
  }
  return next === Infinity ? null : next;
}
