// What a command may do to an incident now, and what time makes of its state. The engine asks these before it
// writes an op; the fold (incident-fold.ts) decides what an op does once written.
import type { IncidentState } from './incident-fold.ts';
import type { ResponderStatus } from '../schemas/common.ts';
import { KlaxonError } from '../schemas/errors.ts';

/**
 * A snoozed incident is triggered again when its snooze ends, and so is one suppressed by a maintenance window when
 * the window ends (`snoozedUntil` holds that end; a suppression rule's incident has none and stays suppressed). An
 * alert that began during maintenance and still fires after it pages then. Derived from state and clock, never
 * written by a timer.
 */
export function effectiveStatus(s: Pick<IncidentState, 'status' | 'snoozedUntil'>, nowMs: number): ResponderStatus {
  const until = quietUntil(s);
  if (until !== null && Date.parse(until) <= nowMs) return 'triggered';
  return s.status;
}

// An acknowledgement on a service with an acknowledgement timeout keeps its end in the same field: acknowledged
// until then, triggered again after (and escalation starts over at level 1).
/** When the incident's quiet spell (snooze, maintenance suppression, acknowledgement with a timeout) ends; null: none. */
export const quietUntil = (s: Pick<IncidentState, 'status' | 'snoozedUntil'>): string | null =>
  (s.status === 'snoozed' || s.status === 'suppressed' || s.status === 'acknowledged') ? s.snoozedUntil : null;

/**
 * Where escalation counts from at `nowMs`: the instant the incident's current triggered spell began and the level it
 * began at (0: level 1). A spell begins with an op (created, re-opened, back to triggered, escalated by hand: `level`;
 * raised from LOW to HIGH: the level it had) or by the clock (a snooze, suppression or acknowledgement timeout that
 * ended: from level 1 again), whichever came last. `policySinceMs`: when the service was given the escalation policy
 * that pages now; a spell older than that counts from then, from the policy's first level (the levels of a policy the
 * incident never had were never paged). Null while the incident is not triggered.
 */
export function escalationAnchor(
  s: Pick<IncidentState, 'status' | 'snoozedUntil' | 'triggeredAt' | 'escalationLevel' | 'mergedInto'>, nowMs: number,
  policySinceMs: number | null = null,
): { at: number; level: number } | null {
  if (s.mergedInto !== null || effectiveStatus(s, nowMs) !== 'triggered') return null;
  const until = quietUntil(s);
  const byOp = { at: Date.parse(s.triggeredAt), level: s.escalationLevel };
  const began = until !== null && Date.parse(until) >= byOp.at ? { at: Date.parse(until), level: 0 } : byOp;
  return policySinceMs !== null && began.at < policySinceMs ? { at: policySinceMs, level: 0 } : began;
}

/** The instant at which `effectiveStatus` will next change by itself, if any (for waking the pager and the UI). */
export function nextStatusChangeAt(s: Pick<IncidentState, 'status' | 'snoozedUntil'>, nowMs: number): number | null {
  const until = quietUntil(s);
  if (until === null) return null;
  const t = Date.parse(until);
  return t > nowMs ? t : null;
}

export const isOpenStatus = (s: ResponderStatus): boolean => s !== 'resolved';

export type Transition = 'acknowledge' | 'unacknowledge' | 'snooze' | 'resolve' | 'reopen' | 'none';

/**
 * The transition that takes an incident from its effective status to `target` (PATCH status, UI buttons).
 * `none` means it is already there (idempotent success); an impossible move is a 409 ILLEGAL_TRANSITION.
 */
export function transitionTo(current: ResponderStatus, target: 'triggered' | 'acknowledged' | 'resolved' | 'snoozed'): Transition {
  if (target === current) return target === 'snoozed' ? 'snooze' : 'none';
  switch (target) {
    case 'acknowledged':
      if (current === 'resolved') throw new KlaxonError('ILLEGAL_TRANSITION', 'A resolved incident cannot be acknowledged; re-open it first (status OPEN)', 'status');
      return 'acknowledge';
    case 'snoozed':
      if (current === 'resolved') throw new KlaxonError('ILLEGAL_TRANSITION', 'A resolved incident cannot be snoozed; re-open it first (status OPEN)', 'status');
      return 'snooze';
    case 'resolved':
      return 'resolve';
    case 'triggered':
      return current === 'resolved' ? 'reopen' : 'unacknowledge';
  }
}

/**
 * Whether moving to `target` would change anything and is allowed: what a button offering that move shows as
 * enabled. Derived from `transitionTo`, so the window offers exactly the moves the engine accepts.
 */
export function canMoveTo(current: ResponderStatus, target: 'triggered' | 'acknowledged' | 'resolved' | 'snoozed'): boolean {
  try {
    return transitionTo(current, target) !== 'none';
  } catch {
    return false;
  }
}

/** Queue order (the window and the tray): triggered before acknowledged before snoozed, HIGH before LOW, P1 first, oldest first. */
const STATUS_RANK: Record<ResponderStatus, number> = { triggered: 0, acknowledged: 1, snoozed: 2, suppressed: 3, resolved: 4 };
export function compareForQueue(
  a: { status: ResponderStatus; urgency: string; priority: string | null; createdAt: string; id: string },
  b: { status: ResponderStatus; urgency: string; priority: string | null; createdAt: string; id: string },
): number {
  return (STATUS_RANK[a.status] - STATUS_RANK[b.status])
    || ((a.urgency === 'HIGH' ? 0 : 1) - (b.urgency === 'HIGH' ? 0 : 1))
    || ((a.priority ?? 'P9') < (b.priority ?? 'P9') ? -1 : (a.priority ?? 'P9') > (b.priority ?? 'P9') ? 1 : 0)
    || (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0)
    || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}
export const QUEUE_STATUS_RANK = STATUS_RANK;
