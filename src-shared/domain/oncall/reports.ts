// Weekly on-call reports (issue 9 §3): MTTA, MTTR, counts, escalated share and pages, per service or per person.
// The facts of each incident come from its folded history and its derived escalation (report-facts.ts); this file
// only groups and averages them, so every figure has exactly one definition, written here and in the README.
import type { ReportRow } from '../../schemas/oncall.ts';
import { DAY, wallDayOfWeek } from './wall-time.ts';

/** What one incident contributes to a report (report-facts.ts derives it from the ops and the policy). */
export interface IncidentFacts {
  id: string;
  serviceId: string;
  createdAt: number;
  /** The incident's first acknowledgement (a later one is not counted), and who made it (`user:usr_…`, `key:…`). */
  firstAck: { at: number; by: string } | null;
  firstResolve: { at: number; by: string } | null;
  /** It reached level 2 or beyond, by the clock or by hand. */
  escalated: boolean;
  /** One per person paged by each derived escalation step; `userId` null: every device paged (no policy, or nobody on call). */
  pages: { at: number; userId: string | null; outsideSupportHours: boolean }[];
}

export type ReportGroup = 'service' | 'user';


/** Monday 00:00 UTC of the week holding `ms`. */
export function weekStart(ms: number): number {
  const day = Math.floor(ms / DAY) * DAY;
  // UTC as a wall clock: its midnight's weekday.
  return day - (wallDayOfWeek(day) - 1) * DAY;
}

/** The person an actor names, if it names one (`user:usr_…`); keys, integrations and `system` are not people. */
export const personOf = (actor: string | null | undefined): string | null =>
  actor?.startsWith('user:usr_') ? actor.slice(5) : null;

interface Acc {
  week: number; key: string; incidents: number; acknowledged: number; resolved: number;
  ackMs: number; resolveMs: number; escalated: number; pagesSent: number; pagesOutsideSupportHours: number;
}

const meanSeconds = (totalMs: number, n: number): number | null => (n === 0 ? null : Math.round(totalMs / n) / 1000);

/**
 * The report's rows, one per week (Monday 00:00 UTC of each incident's creation) and service or person, for the
 * incidents given (the caller picks those created in the range, merged ones left out). Rows with nothing in them are
 * left out; sorted by week, then name.
 *
 * By service, for the incidents of that service created that week:
 *   - incidents; acknowledged / resolved: how many were ever acknowledged / resolved;
 *   - MTTA: mean of (first acknowledgement − creation) over those acknowledged; MTTR: mean of (first resolve −
 *     creation) over those resolved (seconds; null when none);
 *   - escalated share: the share that reached level 2 or beyond, by the clock or by hand;
 *   - pages sent: each person paged by each derived escalation step (a service without a policy, or a spell with
 *     nobody on call at any level, counts one page per triggered spell: every device paged);
 *   - pages outside support hours: those of the pages sent at an instant outside the service's support hours (0 when
 *     it has none).
 * By person, for the incidents created that week that the person was paged for, first acknowledged or first resolved:
 *   incidents, acknowledged / resolved (those the person acknowledged / resolved first), MTTA / MTTR over those,
 *   the escalated share of those incidents, the pages to that person and those outside support hours. Pages to every
 *   device and acts by API keys or the system belong to no person.
 */
export function buildReport(
  facts: readonly IncidentFacts[], groupBy: ReportGroup, nameOf: (key: string) => string,
): ReportRow[] {
  const rows = new Map<string, Acc>();
  const row = (week: number, key: string): Acc => {
    const id = `${week} ${key}`;
    let acc = rows.get(id);
    if (!acc) {
      acc = { week, key, incidents: 0, acknowledged: 0, resolved: 0, ackMs: 0, resolveMs: 0, escalated: 0, pagesSent: 0, pagesOutsideSupportHours: 0 };
      rows.set(id, acc);
    }
    return acc;
  };

  for (const f of facts) {
    const week = weekStart(f.createdAt);
    if (groupBy === 'service') {
      const acc = row(week, f.serviceId);
      acc.incidents++;
      if (f.firstAck) { acc.acknowledged++; acc.ackMs += f.firstAck.at - f.createdAt; }
      if (f.firstResolve) { acc.resolved++; acc.resolveMs += f.firstResolve.at - f.createdAt; }
      if (f.escalated) acc.escalated++;
      acc.pagesSent += f.pages.length;
      acc.pagesOutsideSupportHours += f.pages.filter((p) => p.outsideSupportHours).length;
      continue;
    }
    const acker = personOf(f.firstAck?.by);
    const resolver = personOf(f.firstResolve?.by);
    const people = new Set<string>();
    for (const p of f.pages) if (p.userId !== null) people.add(p.userId);
    if (acker) people.add(acker);
    if (resolver) people.add(resolver);
    for (const person of people) {
      const acc = row(week, person);
      acc.incidents++;
      if (f.firstAck && acker === person) { acc.acknowledged++; acc.ackMs += f.firstAck.at - f.createdAt; }
      if (f.firstResolve && resolver === person) { acc.resolved++; acc.resolveMs += f.firstResolve.at - f.createdAt; }
      if (f.escalated) acc.escalated++;
      for (const p of f.pages) {
        if (p.userId !== person) continue;
        acc.pagesSent++;
        if (p.outsideSupportHours) acc.pagesOutsideSupportHours++;
      }
    }
  }

  return [...rows.values()]
    .map((a): ReportRow => ({
      week: new Date(a.week).toISOString(), key: a.key, name: nameOf(a.key),
      incidents: a.incidents, acknowledged: a.acknowledged, resolved: a.resolved,
      mttaSeconds: meanSeconds(a.ackMs, a.acknowledged), mttrSeconds: meanSeconds(a.resolveMs, a.resolved),
      escalatedShare: a.escalated / a.incidents,
      pagesSent: a.pagesSent, pagesOutsideSupportHours: a.pagesOutsideSupportHours,
    }))
    .sort((x, y) => x.week.localeCompare(y.week) || x.name.localeCompare(y.name) || x.key.localeCompare(y.key));
}
