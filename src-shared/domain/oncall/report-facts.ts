// What one incident contributes to a report (reports.ts groups these): its first acknowledgement and resolve from
// the timeline, and the pages its escalation sent, derived again for each triggered spell of its history by the same
// rule that pages live (escalation.ts), so a report counts the pages that were sent rather than pages written down.
import type { Op } from '../ops.ts';
import type { EscalationPolicy, SupportHours } from '../../schemas/oncall.ts';
import type { TimelineEntry } from '../../schemas/incidents.ts';
import { incidentHistory, historySteps } from './spells.ts';
import type { ScheduleLookup } from './escalation.ts';
import { inSupportHours } from './support-hours.ts';
import type { IncidentFacts } from './reports.ts';

/**
 * The service's paging settings as the report reads them: its current policy and since when it has had it (ms; absent:
 * escalation counts from the incident alone), its support hours.
 */
export interface ReportService { policy: EscalationPolicy | null; policySinceMs?: number | null; supportHours: SupportHours | null }

const effective = (e: TimelineEntry, kind: TimelineEntry['kind']) => e.kind === kind && e.data.ignored !== true;

/** The first act of a kind that took effect; never before the creation (a peer's clock may run behind). */
function firstOf(timeline: readonly TimelineEntry[], kind: TimelineEntry['kind'], createdAt: number): { at: number; by: string } | null {
  const e = timeline.find((x) => effective(x, kind));
  return e ? { at: Math.max(Date.parse(e.at), createdAt), by: e.actor ?? 'system' } : null;
}

/**
 * The incident's facts from its ops, or null when it was merged into another (a report counts the survivor only).
 * Pages are derived with the service's current policy and schedules (a schedule's rotation is derived from its anchor,
 * so a past instant has the person it had, unless the schedule was edited since).
 */
export function incidentFacts(ops: readonly Op[], service: ReportService, schedules: ScheduleLookup, nowMs: number): IncidentFacts | null {
  const { state, timeline, spells } = incidentHistory(ops, nowMs);
  if (!state || state.mergedInto !== null) return null;
  const outside = (at: number) => service.supportHours !== null && !inSupportHours(service.supportHours, at);
  const pages: IncidentFacts['pages'] = [];
  let escalated = timeline.some((e) => effective(e, 'escalated') && Number(e.data.level) >= 2);
  // Spells (by where they count from) in which some step paged someone.
  const paged = new Set<string>();
  const spellKey = (spell: { start: number; level: number }) => `${spell.start}|${spell.level}`;
  if (service.policy) {
    for (const { step, spell } of historySteps(spells, service.policy, schedules, service.policySinceMs ?? null)) {
      const at = Date.parse(step.at);
      if (step.level >= 2) escalated = true;
      for (const p of step.paging) pages.push({ at, userId: p.userId, outsideSupportHours: outside(at) });
      if (step.paging.length > 0) paged.add(spellKey(spell));
    }
  }
  // No policy, or nobody on call at any level: every device pages, once per spell.
  for (const spell of spells) {
    const key = spellKey(spell);
    if (paged.has(key)) continue;
    paged.add(key);
    pages.push({ at: spell.start, userId: null, outsideSupportHours: outside(spell.start) });
  }
  pages.sort((a, b) => a.at - b.at);
  const createdAt = Date.parse(state.createdAt);
  return {
    id: state.id, serviceId: state.serviceId, createdAt,
    firstAck: firstOf(timeline, 'acknowledged', createdAt), firstResolve: firstOf(timeline, 'resolved', createdAt), escalated, pages,
  };
}
