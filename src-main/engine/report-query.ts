// The on-call report (GET /api/reports, the bridge's reports.get): the incidents created in the range, each folded
// from its ops into its report facts (first acknowledgement and resolve, the pages its escalation sent, derived with
// the service's policy and the held schedules), grouped by week and service or person (src-shared/domain/oncall).
import type { z } from 'zod';
import type { ReportQuery, ReportResponse } from '../../src-shared/schemas/oncall.ts';
import type { Service } from '../../src-shared/schemas/admin.ts';
import type { EscalationPolicy } from '../../src-shared/schemas/oncall.ts';
import type { ScheduleLookup } from '../../src-shared/domain/oncall/escalation.ts';
import { incidentFacts } from '../../src-shared/domain/oncall/report-facts.ts';
import { buildReport, type IncidentFacts } from '../../src-shared/domain/oncall/reports.ts';
import type { Store } from '../store/database.ts';
import { opsOfIncidentsCreatedBetween } from '../store/op-log.ts';

export interface ReportDeps {
  store: Store;
  service(id: string): Service | null;
  policyOf(serviceId: string): EscalationPolicy | null;
  policySince(serviceId: string): number | null;
  /** One lookup for the whole report: it remembers who was on call when, and many incidents ask about the same instants. */
  lookup(): ScheduleLookup;
  userName(userId: string): string | null;
}

export function reportQuery(deps: ReportDeps, q: z.output<typeof ReportQuery>, nowMs: number): ReportResponse {
  const lookup = deps.lookup();
  const facts: IncidentFacts[] = [];
  for (const { serviceId, ops } of opsOfIncidentsCreatedBetween(deps.store, q.from, q.to)) {
    const service = { policy: deps.policyOf(serviceId), policySinceMs: deps.policySince(serviceId), supportHours: deps.service(serviceId)?.supportHours ?? null };
    const f = incidentFacts(ops, service, lookup, nowMs);
    if (f) facts.push(f);
  }
  const nameOf = q.groupBy === 'service' ? (id: string) => deps.service(id)?.name ?? id : (id: string) => deps.userName(id) ?? id;
  return { from: q.from, to: q.to, groupBy: q.groupBy, rows: buildReport(facts, q.groupBy, nameOf) };
}
