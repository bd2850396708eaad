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

/**
 * One incident's kept answer and what it was computed from: the incident (its fields the walk reads compared when
 * the object differs; lastHlc: any op on it), the held on-call state and the service (by identity: the engine
 * replaces them whenever an op changes them), and the span of clock it holds for. Updated in place.
 */
interface Kept { incident: IncidentState; held: object; service: object | null; from: number; until: number; answer: PagingAnswer }

const sameIncident = (a: IncidentState, b: IncidentState): boolean => a === b || (
  a.lastHlc === b.lastHlc && a.status === b.status && a.snoozedUntil === b.snoozedUntil && a.triggeredAt === b.triggeredAt
  && a.escalationLevel === b.escalationLevel && a.mergedInto === b.mergedInto && a.urgency === b.urgency && a.serviceId === b.serviceId);

/** Whether two answers say the same (the targets compared by what they name: a new policy object names the same ones). */
function sameAnswer(a: PagingAnswer, b: PagingAnswer): boolean {
  if (a.wakeAt !== b.wakeAt) return false;
  const x = a.escalation, y = b.escalation;
  if (x === null || y === null) return x === y;
  if (x.policyId !== y.policyId || x.level !== y.level || x.loop !== y.loop || x.nextEscalationAt !== y.nextEscalationAt
    || x.nobodyOnCall !== y.nobodyOnCall || x.emptyLevels.length !== y.emptyLevels.length || x.paging.length !== y.paging.length) return false;
  for (let i = 0; i < x.emptyLevels.length; i++) if (x.emptyLevels[i] !== y.emptyLevels[i]) return false;
  for (let i = 0; i < x.paging.length; i++) {
    const p = x.paging[i]!, q = y.paging[i]!;
    if (p.userId !== q.userId || p.via.type !== q.via.type || p.via.id !== q.via.id) return false;
  }
  return true;
}

export function pagingAnswers() {
  const kept = new Map<string, Kept>();
  return {
    get(incident: IncidentState, held: object, service: object | null, nowMs: number, compute: () => PagingAnswer): PagingAnswer {
      const k = kept.get(incident.id);
      if (k && k.held === held && k.service === service && k.from <= nowMs && nowMs < k.until && sameIncident(k.incident, incident)) return k.answer;
      const fresh = compute();
      if (!k) {
        if (kept.size >= MAX_KEPT) kept.clear();
        const answer = keepable(fresh);
        kept.set(incident.id, { incident, held, service, from: nowMs, until: untilOf(fresh, nowMs), answer });
        return answer;
      }
      // Most answers worked out again say what they said (an on-call op elsewhere, a handoff in another schedule): the
      // same object back lets the pager reuse what it made of it, and keeps the new one short-lived.
      if (!sameAnswer(k.answer, fresh)) k.answer = keepable(fresh);
      k.incident = incident; k.held = held; k.service = service; k.from = nowMs; k.until = untilOf(fresh, nowMs);
      return k.answer;
    },
  };
}

/**
 * A copy of the answer made here, to keep. The walk allocates its answer's arrays where it allocates the many it
 * throws away at once; keeping those very objects would teach V8 that what is allocated there lives long (it then
 * allocates them all in the old generation: a plan after an on-call op took twice as long, most of it in GC).
 */
function keepable(a: PagingAnswer): PagingAnswer {
  const e = a.escalation;
  if (e === null) return { escalation: null, wakeAt: a.wakeAt };
  return {
    escalation: { ...e, paging: e.paging.map((p) => ({ userId: p.userId, via: p.via })), emptyLevels: [...e.emptyLevels] },
    wakeAt: a.wakeAt,
  };
}

const untilOf = (answer: PagingAnswer, nowMs: number): number => Math.min(answer.wakeAt ?? Infinity, nowMs + MAX_KEEP_MS);
