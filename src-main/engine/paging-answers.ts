// The pager asks where every open incident's escalation stands on every plan (engine.pagingFor). The answer depends
// only on the incident's escalation fields, its service (and so its policy), the held schedules and policies, and
// the clock; and by the clock alone it changes no earlier than its `wakeAt` (nextEscalationChangeAt's contract). So
// each incident's answer is kept until one of those moves, and a plan recomputes only the incidents a batch touched
// or whose wakeAt has come: an alert storm's plan no longer walks ten thousand escalations.
import type { IncidentState } from '../../src-shared/domain/incident-fold.ts';
import type { EscalationState } from '../../src-shared/schemas/oncall.ts';

export interface PagingAnswer { escalation: EscalationState | null; wakeAt: number | null }

/** An answer with no wakeAt is still worked out again after this long (a handoff beyond the lookup's horizon). */
const MAX_KEEP_MS = 86_400_000;
/** Incidents whose answers are kept before the cache starts afresh (resolved ones are never asked about again). */
const MAX_KEPT = 50_000;

/** What the answer was computed from: the incident's fields the walk reads (lastHlc: any op on it), and the rest by identity. */
type Key = Pick<IncidentState, 'lastHlc' | 'status' | 'snoozedUntil' | 'triggeredAt' | 'escalationLevel' | 'mergedInto' | 'urgency' | 'serviceId'>;

interface Kept { key: Key; inputs: readonly unknown[]; from: number; until: number; answer: PagingAnswer }

const sameKey = (a: Key, b: Key): boolean =>
  a.lastHlc === b.lastHlc && a.status === b.status && a.snoozedUntil === b.snoozedUntil && a.triggeredAt === b.triggeredAt
  && a.escalationLevel === b.escalationLevel && a.mergedInto === b.mergedInto && a.urgency === b.urgency && a.serviceId === b.serviceId;

const sameInputs = (a: readonly unknown[], b: readonly unknown[]): boolean => a.length === b.length && a.every((x, i) => x === b[i]);

/**
 * Answers kept per incident. `inputs`: the objects the answer was derived from besides the incident (the held
 * on-call state, the service), compared by identity: the engine replaces them whenever an op changes them.
 */
export function pagingAnswers() {
  const kept = new Map<string, Kept>();
  return {
    get(incident: IncidentState, inputs: readonly unknown[], nowMs: number, compute: () => PagingAnswer): PagingAnswer {
      const k = kept.get(incident.id);
      if (k && k.from <= nowMs && nowMs < k.until && sameKey(k.key, incident) && sameInputs(k.inputs, inputs)) return k.answer;
      const answer = compute();
      if (!k && kept.size >= MAX_KEPT) kept.clear();
      const { lastHlc, status, snoozedUntil, triggeredAt, escalationLevel, mergedInto, urgency, serviceId } = incident;
      kept.set(incident.id, {
        key: { lastHlc, status, snoozedUntil, triggeredAt, escalationLevel, mergedInto, urgency, serviceId },
        inputs, from: nowMs, until: Math.min(answer.wakeAt ?? Infinity, nowMs + MAX_KEEP_MS), answer,
      });
      return answer;
    },
  };
}
