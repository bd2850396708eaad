// What on-call answers are derived from the held schedules and policies and the clock, never written: who is on call
// at an instant, the shifts of a window, where an incident's escalation stands (and when that next changes, for the
// pager's timer), and the escalation steps its timeline shows as derived.
import { contiguousShifts, onCallAt, spellsOfPerson } from '../../src-shared/domain/oncall/schedule.ts';
import { pagingTargets, nextEscalationChangeAt, levelPeople, type ScheduleLookup } from '../../src-shared/domain/oncall/escalation.ts';
import { scheduleLookup } from './schedule-lookup.ts';
import { pagingAnswers, type PagingAnswer } from './paging-answers.ts';
import type { Shift, OnCallNow, EscalationState, EscalationPolicy } from '../../src-shared/schemas/oncall.ts';
import type { Service } from '../../src-shared/schemas/admin.ts';
import type { IncidentState } from '../../src-shared/domain/incident-fold.ts';
import type { ScheduleState, PolicyState } from '../../src-shared/domain/oncall/fold.ts';
import type { OnCallHeld } from './oncall-facet.ts';
import type { Op } from '../../src-shared/domain/ops.ts';
import type { TimelineEntry } from '../../src-shared/schemas/incidents.ts';
import { escalationEntries, mergeTimeline } from './escalation-timeline.ts';

const DAY_MS = 86_400_000;
const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());
/** A service without a policy (or with one deleted): every device pages, and no clock moves that. */
const NO_POLICY: PagingAnswer = Object.freeze({ escalation: null, wakeAt: null });

/**
 * The spell after the one that ends at `from` (a person's, or a gap): the first shift from `from` on that is not the
 * current person carrying on, merged with what follows it of the same person. Looked for a day ahead, then a week,
 * then 90 days (a year of hourly shifts is not computed to find tomorrow's).
 */
function nextSpell(s: ScheduleState, currentUserId: string | null, from: number): OnCallNow['schedules'][number]['next'] {
  for (const span of [DAY_MS, 7 * DAY_MS, 90 * DAY_MS]) {
    const shifts = contiguousShifts(s, from, from + span);
    const found = shifts[0]?.userId === currentUserId && shifts[0].start === from ? shifts[1] : shifts[0];
    // A spell reaching the end of the span may go on beyond it: look further, unless this was the last look.
    if (found && (found.end < from + span || span === 90 * DAY_MS)) return { userId: found.userId, start: iso(found.start)!, end: iso(found.end)! };
  }
  return null;
}

/** Where escalation stands, with the instant that may change by the clock alone (the pager's wake, the window's next ask). */
function escalationAt(
  incident: IncidentState, policy: EscalationPolicy, lookup: ScheduleLookup, nowMs: number, policySinceMs: number | null,
): { escalation: EscalationState | null; wakeAt: number | null } {
  const standing = pagingTargets(incident, policy, lookup, nowMs, policySinceMs);
  const wakeAt = nextEscalationChangeAt(incident, policy, lookup, nowMs, policySinceMs);
  return { escalation: standing && { ...standing, nextChangeAt: iso(wakeAt) }, wakeAt };
}

export interface OnCallDerivedDeps {
  held: () => OnCallHeld;
  /** A held schedule, or NOT_FOUND. */
  schedule: (id: string) => ScheduleState;
  service: (id: string) => Service | null;
  /** When the service was given the escalation policy it has (ms), null without one. */
  policySince: (serviceId: string) => number | null;
  nameOf: (userId: string) => string;
}

export function createOnCallDerived(deps: OnCallDerivedDeps) {
  const { held, schedule } = deps;

  /** The service's escalation policy, if it has one that exists here (a deleted one pages as none: every device). */
  const policyOfService = (service: Service | null, h: OnCallHeld = held()): PolicyState | null => {
    const id = service?.escalationPolicyId;
    return id ? h.policies.get(id) ?? null : null;
  };
  const policyOf = (serviceId: string): PolicyState | null => policyOfService(deps.service(serviceId));

  // One lookup per state of the schedules (held() is a new object after every on-call op).
  const lookups = new WeakMap<OnCallHeld, ScheduleLookup>();
  const answers = pagingAnswers();
  const sharedLookup = (): ScheduleLookup => {
    const h = held();
    let l = lookups.get(h);
    if (!l) { l = scheduleLookup(h.schedules); lookups.set(h, l); }
    return l;
  };

  return {
    policyOf,
    policySince: deps.policySince,
    lookup: sharedLookup,

    /**
     * One person's shifts on every schedule overlapping [fromMs, toMs) (for shift reminders), as that person lives
     * them: with their true start and end, an override next to their own turn one shift; none for no person.
     */
    shiftsOfUser(userId: string | null, fromMs: number, toMs: number): { scheduleId: string; scheduleName: string; start: number; end: number }[] {
      if (userId === null) return [];
      return [...held().schedules.values()].flatMap((s) => spellsOfPerson(s, userId, fromMs, toMs)
        .map((sh) => ({ scheduleId: s.id, scheduleName: s.name, start: sh.start, end: sh.end })));
    },

    shifts: (id: string, fromMs: number, toMs: number): Shift[] =>
      contiguousShifts(schedule(id), fromMs, toMs).map((sh) => ({ userId: sh.userId, start: iso(sh.start)!, end: iso(sh.end)!, override: sh.override })),

    onCallNow(atMs: number): OnCallNow {
      const { schedules, policies } = held();
      const lookup = sharedLookup();
      return {
        at: iso(atMs)!,
        schedules: [...schedules.values()].map((s) => {
          const spell = onCallAt(s, atMs);
          return {
            scheduleId: s.id, name: s.name, userId: spell.userId, until: iso(spell.end),
            next: spell.end === null ? null : nextSpell(s, spell.userId, spell.end),
          };
        }),
        policies: [...policies.values()].map((p) => ({
          policyId: p.id, name: p.name,
          levels: p.levels.map((level, i) => ({
            level: i + 1,
            people: levelPeople(level, lookup, atMs).map((person) => ({
              ...person, until: person.via.type === 'schedule' ? iso(lookup.onCallAt(person.via.id, atMs)?.end ?? null) : null,
            })),
          })),
        })),
      };
    },

    /**
     * Where the incident's escalation stands at `nowMs`, and the next instant that may change by the clock alone.
     * Kept per incident until the incident, its service or the on-call state changes, or that instant comes.
     */
    pagingFor(incident: IncidentState, nowMs: number): PagingAnswer {
      const h = held();
      const service = deps.service(incident.serviceId);
      const policy = policyOfService(service, h);
      if (!policy) return NO_POLICY;
      return answers.get(incident, h, service, nowMs, () => escalationAt(incident, policy, sharedLookup(), nowMs, deps.policySince(incident.serviceId)));
    },

    /** An incident's detail: where its escalation stands, and its timeline with the derived escalation steps. */
    escalationDetail(incident: IncidentState, ops: readonly Op[], timeline: TimelineEntry[], nowMs: number): { escalation: EscalationState | null; timeline: TimelineEntry[] } {
      const policy = policyOf(incident.serviceId);
      if (!policy) return { escalation: null, timeline };
      const lookup = sharedLookup();
      const since = deps.policySince(incident.serviceId);
      return {
        escalation: escalationAt(incident, policy, lookup, nowMs, since).escalation,
        timeline: mergeTimeline(timeline, escalationEntries(ops, policy, since, lookup, nowMs, deps.nameOf)),
      };
    },
  };
}

export type OnCallDerived = ReturnType<typeof createOnCallDerived>;
