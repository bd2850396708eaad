// "Escalate now" (PagerDuty's and GoAlert's manual escalation): the level after the one the incident is at is paged
// at once, even after an acknowledgement; after the last level, level 1 again. Written as `incident.escalated`; the
// levels after it follow by their delays from that instant (derived, never written).
import type { IncidentState } from '../../../src-shared/domain/incident-fold.ts';
import type { EscalationPolicy } from '../../../src-shared/schemas/oncall.ts';
import { KlaxonError } from '../../../src-shared/schemas/errors.ts';
import { effectiveStatus } from '../../../src-shared/domain/lifecycle.ts';
import { pagingTargets, type ScheduleLookup } from '../../../src-shared/domain/oncall/escalation.ts';
import type { Tx } from '../tx.ts';

/** The level the incident is at for "next": an acknowledged one keeps the level it had when it was acknowledged. */
function levelNow(s: IncidentState, policy: EscalationPolicy, schedules: ScheduleLookup, nowMs: number): number {
  const status = effectiveStatus(s, nowMs);
  if (status === 'acknowledged' && s.acknowledgedAt !== null) {
    return pagingTargets({ ...s, status: 'triggered', snoozedUntil: null }, policy, schedules, Date.parse(s.acknowledgedAt))?.level ?? 0;
  }
  return pagingTargets(s, policy, schedules, nowMs)?.level ?? 0;
}

export function escalateIncident(tx: Tx, s: IncidentState, policy: EscalationPolicy | null, schedules: ScheduleLookup, by: string): number {
  if (!policy) {
    const name = tx.service(s.serviceId)?.name ?? s.serviceId;
    throw new KlaxonError('CONFLICT', `Service "${name}" has no escalation policy: give it one (PATCH /api/services/${s.serviceId} with escalationPolicyId) to escalate`);
  }
  if (s.mergedInto !== null) throw new KlaxonError('CONFLICT', `Incident ${s.id} is merged into ${s.mergedInto}: escalate that one`);
  if (effectiveStatus(s, tx.nowMs) === 'resolved') throw new KlaxonError('ILLEGAL_TRANSITION', 'A resolved incident cannot be escalated; re-open it first (status OPEN)', 'status');
  const current = levelNow(s, policy, schedules, tx.nowMs);
  const level = current >= policy.levels.length ? 1 : current + 1;
  tx.emit('incident.escalated', s.id, { level, by }, s);
  return level;
}
