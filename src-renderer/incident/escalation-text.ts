// How the incident page words where escalation stands, as the host derived it: "Level 2 of 3 — paging Alice, Bob —
// escalates to level 3 at 14:05", the levels skipped for want of anyone on call, and an acknowledgement that runs
// out ("Acknowledged until 14:30, then triggered again").
import type { EscalationState } from '../../src-shared/schemas/oncall.ts';
import type { Incident } from '../../src-shared/schemas/incidents.ts';
import { formatWhen, joinNames, type NameOf } from '../oncall/format.ts';

/** `levels`: how many levels the policy has (null while the policy list is loading). */
export function escalationSummary(e: EscalationState, levels: number | null, urgency: Incident['urgency'], nameOf: NameOf, nowMs: number, locale?: string): string {
  if (e.level === 0) return 'Escalation stopped: nobody is being paged for this incident now.';
  const of = levels === null ? `Level ${e.level}` : `Level ${e.level} of ${levels}`;
  const round = e.loop > 0 ? ` (round ${e.loop + 1})` : '';
  const paging = e.paging.length === 0 ? 'paging every device' : `paging ${joinNames([...new Set(e.paging.map((p) => nameOf(p.userId)))])}`;
  let next: string;
  if (e.nextEscalationAt) {
    const to = levels !== null && e.level >= levels ? 'starts again at level 1' : `escalates to level ${e.level + 1}`;
    next = `${to} at ${formatWhen(e.nextEscalationAt, nowMs, locale)}`;
  } else {
    next = urgency === 'LOW' ? 'low urgency: it does not escalate' : 'last level: it stays here until acknowledged';
  }
  return `${of}${round} — ${paging} — ${next}`;
}

/** The warning for levels skipped and for a policy with nobody on call at all; null when there is nothing to warn of. */
export function escalationWarning(e: EscalationState): string | null {
  if (e.nobodyOnCall) return 'Nobody is on call at any level of this policy: every device pages.';
  if (e.emptyLevels.length === 0) return null;
  const which = e.emptyLevels.length === 1 ? `Level ${e.emptyLevels[0]} has` : `Levels ${e.emptyLevels.join(', ')} have`;
  return `${which} nobody on call and ${e.emptyLevels.length === 1 ? 'was' : 'were'} skipped.`;
}

/** While an acknowledgement has a timeout: when the incident is triggered again by itself. */
export function acknowledgedUntilText(i: Pick<Incident, 'status' | 'acknowledgedUntil'>, nowMs: number, locale?: string): string | null {
  if (i.status !== 'acknowledged' || !i.acknowledgedUntil) return null;
  return `Acknowledged until ${formatWhen(i.acknowledgedUntil, nowMs, locale)}, then triggered again`;
}

/**
 * The next instant the host's answer about escalation changes by itself (the page asks again then), if any: the one
 * the host names (a level, or a handoff moving the page to whoever comes on call), or the incident's own timers.
 */
export function escalationChangeAt(e: EscalationState | null, i: Pick<Incident, 'acknowledgedUntil' | 'snoozedUntil'>, nowMs: number): number | null {
  const instants = [e?.nextChangeAt, i.acknowledgedUntil, i.snoozedUntil]
    .filter((x): x is string => typeof x === 'string').map(Date.parse).filter((t) => t > nowMs);
  return instants.length === 0 ? null : Math.min(...instants);
}
