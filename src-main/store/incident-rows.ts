// The incidents projection: folded state ↔ table row, and the API shape read from a row.
import type { IncidentState } from '../../src-shared/domain/incident-fold.ts';
import type { Incident, TimelineEntry } from '../../src-shared/schemas/incidents.ts';
import { effectiveStatus } from '../../src-shared/domain/lifecycle.ts';
import type { Store } from './database.ts';
import type { IncidentsTable, TimelineTable } from './schema.ts';

const json = (v: unknown): string | null => (v === null || v === undefined ? null : JSON.stringify(v));
const parse = (s: string | null): unknown => (s === null ? null : JSON.parse(s));

export function stateToRow(s: IncidentState): IncidentsTable {
  return {
    id: s.id, service_id: s.serviceId, dedup_key: s.dedupKey, title: s.title, description: s.description,
    status: s.status, progress: s.progress, urgency: s.urgency, priority: s.priority, severity: s.severity,
    impact: s.impact, source: s.source, custom_details: json(s.customDetails), extra: json(s.extra),
    assignee_id: s.assigneeId, acknowledged_at: s.acknowledgedAt, acknowledged_by: s.acknowledgedBy,
    resolved_at: s.resolvedAt, resolved_by: s.resolvedBy, snoozed_until: s.snoozedUntil,
    auto_created: s.autoCreated ? 1 : 0, alert_count: s.alertCount, episode: s.episode,
    escalation_level: s.escalationLevel, merged_into: s.mergedInto, created_at: s.createdAt,
    updated_at: s.updatedAt, last_event_at: s.lastEventAt, last_hlc: s.lastHlc,
  };
}

export function rowToState(r: IncidentsTable): IncidentState {
  return {
    id: r.id, serviceId: r.service_id, dedupKey: r.dedup_key, title: r.title, description: r.description,
    status: r.status as IncidentState['status'], progress: r.progress as IncidentState['progress'],
    urgency: r.urgency as IncidentState['urgency'], priority: r.priority as IncidentState['priority'],
    severity: r.severity as IncidentState['severity'], impact: r.impact as IncidentState['impact'],
    source: r.source, customDetails: parse(r.custom_details), extra: parse(r.extra) as IncidentState['extra'],
    assigneeId: r.assignee_id, acknowledgedAt: r.acknowledged_at, acknowledgedBy: r.acknowledged_by,
    resolvedAt: r.resolved_at, resolvedBy: r.resolved_by, snoozedUntil: r.snoozed_until,
    autoCreated: r.auto_created === 1, alertCount: r.alert_count, episode: r.episode,
    escalationLevel: r.escalation_level, mergedInto: r.merged_into, createdAt: r.created_at,
    updatedAt: r.updated_at, lastEventAt: r.last_event_at, lastHlc: r.last_hlc,
  };
}

/** The API shape of an incident at `nowMs`: effective status (an expired snooze reads as triggered), service joined. */
export function stateToIncident(s: IncidentState, serviceName: string, nowMs: number): Incident {
  return {
    id: s.id, title: s.title, description: s.description, status: effectiveStatus(s, nowMs), progress: s.progress,
    urgency: s.urgency, priority: s.priority, severity: s.severity, impact: s.impact,
    service: { id: s.serviceId, name: serviceName }, serviceId: s.serviceId, dedupKey: s.dedupKey, source: s.source,
    customDetails: s.customDetails ?? null, extra: s.extra, assignee: s.assigneeId ? { id: s.assigneeId } : null,
    acknowledgedAt: s.acknowledgedAt, acknowledgedBy: s.acknowledgedBy, resolvedAt: s.resolvedAt,
    resolvedBy: s.resolvedBy, snoozedUntil: effectiveStatus(s, nowMs) === 'snoozed' ? s.snoozedUntil : null,
    autoCreated: s.autoCreated, alertCount: s.alertCount, episode: s.episode, escalationLevel: s.escalationLevel,
    mergedInto: s.mergedInto, createdAt: s.createdAt, updatedAt: s.updatedAt, lastEventAt: s.lastEventAt,
  };
}

export function readIncidentState(store: Store, id: string): IncidentState | null {
  const r = store.get(store.q.selectFrom('incidents').selectAll().where('id', '=', id));
  return r ? rowToState(r) : null;
}

export function writeIncidentState(store: Store, s: IncidentState): void {
  const row = stateToRow(s);
  const { id: _id, ...rest } = row;
  store.run(store.q.insertInto('incidents').values(row).onConflict((oc) => oc.column('id').doUpdateSet(rest)));
}

export function insertTimelineEntry(store: Store, incidentId: string, e: TimelineEntry): void {
  const row: TimelineTable = { op_id: e.id, incident_id: incidentId, at: e.at, kind: e.kind, actor: e.actor, message: e.message, data: JSON.stringify(e.data) };
  store.run(store.q.insertInto('timeline').values(row).onConflict((oc) => oc.doNothing()));
}

/** Replaces an incident's timeline after a re-fold (a peer's op arrived out of order). */
export function replaceTimeline(store: Store, incidentId: string, entries: TimelineEntry[]): void {
  store.run(store.q.deleteFrom('timeline').where('incident_id', '=', incidentId));
  for (const e of entries) insertTimelineEntry(store, incidentId, e);
}

export function readTimeline(store: Store, incidentId: string): TimelineEntry[] {
  return store.all(store.q.selectFrom('timeline').selectAll().where('incident_id', '=', incidentId).orderBy('at').orderBy('op_id'))
    .map((r) => ({ id: r.op_id, at: r.at, kind: r.kind as TimelineEntry['kind'], actor: r.actor, message: r.message, data: JSON.parse(r.data) as TimelineEntry['data'] }));
}

/** The open incident of a service with this dedup key, if any (suppressed and snoozed count as open). */
export function findOpenByDedupKey(store: Store, serviceId: string, dedupKey: string): IncidentState | null {
  const r = store.get(store.q.selectFrom('incidents').selectAll()
    .where('service_id', '=', serviceId).where('dedup_key', '=', dedupKey)
    .where('status', '<>', 'resolved').where('merged_into', 'is', null)
    .orderBy('created_at').orderBy('id').limit(1));
  return r ? rowToState(r) : null;
}

export function openIncidentRows(store: Store): IncidentState[] {
  return store.all(store.q.selectFrom('incidents').selectAll().where('status', '<>', 'resolved').where('merged_into', 'is', null)).map(rowToState);
}
