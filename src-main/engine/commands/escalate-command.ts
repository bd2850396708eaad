// "Escalate now" (PagerDuty's and GoAlert's manual escalation): the level after the one the incident is at is paged
// at once, even after an acknowledgement; after the last level, level 1 again. Written as `incident.escalated`; the
// levels after it follow by their delays from that instant (derived, never written).
import type { IncidentState } from '../../../src-shared/domain/incident-fold.ts';
import type { EscalationPolicy } from '../../../src-shared/schemas/oncall.ts';
import { KlaxonError } from '../../../src-shared/schemas/errors.ts';
import { effectiveStatus } from '../../../src-shared/domain/lifecycle.ts';
import { pagingTargets, type ScheduleLookup } from '../../../src-shared/domain/oncall/escalation.ts';
import { historySteps, triggeredSpells } from '../../../src-shared/domain/oncall/spells.ts';
import { opsOfEntity } from '../../store/op-log.ts';
import type { Tx } from '../tx.ts';

/**
 * The level the incident is at for "next": while triggered, the level paging now; while acknowledged or snoozed, the
 * level its last triggered spell had reached when that ended (whatever quiet spells came after, and however they
 * ended), from its history.
 */
function levelNow(tx: Tx, s: IncidentState, policy: EscalationPolicy, policySinceMs: number | null, schedules: ScheduleLookup): number {
  if (effectiveStatus(s, tx.nowMs) === 'triggered') return pagingTargets(s, policy, schedules, tx.nowMs, policySinceMs)?.level ?? 0;
  const steps = historySteps(triggeredSpells(opsOfEntity(tx.store, s.id), tx.nowMs), policy, schedules, policySinceMs);
  return steps[steps.length - 1]?.step.level ?? 0;
}

export function escalateIncident(
  tx: Tx, s: IncidentState, policy: EscalationPolicy | null, policySinceMs: number | null, schedules: ScheduleLookup, by: string,
): number {
  if (!policy) {
    const name = tx.service(s.serviceId)?.name ?? s.serviceId;
    throw new KlaxonError('CONFLICT', `Service "${name}" has no escalation policy: give it one (PATCH /api/services/${s.serviceId} with escalationPolicyId) to escalate`);
  }
  if (s.mergedInto !== null) throw new KlaxonError('CONFLICT', `Incident ${s.id} is merged into ${s.mergedInto}: escalate that one`);
  if (effectiveStatus(s, tx.nowMs) === 'resolved') throw new KlaxonError('ILLEGAL_TRANSITION', 'A resolved incident cannot be escalated; re-open it first (status OPEN)', 'status');
  const current = levelNow(tx, s, policy, policySinceMs, schedules);
  const level = current >= policy.levels.length ? 1 : current + 1;
  tx.emit('incident.escalated', s.id, { level, episode: s.episode, by }, s);
  return level;
}
