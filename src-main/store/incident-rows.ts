// The incidents projection: folded state ↔ table row, and the API shape read from a row.
import type { IncidentState } from '../../src-shared/domain/incident-fold.ts';
import type { Incident } from '../../src-shared/schemas/incidents.ts';
import { effectiveStatus } from '../../src-shared/domain/lifecycle.ts';
import { monitorDedupKey, monitorsOfIncident } from '../../src-shared/domain/monitors/reporting.ts';
import type { Store } from './database.ts';
import type { IncidentsTable } from './schema.ts';
import { hotStatements, incidentParams } from './hot-statements.ts';
import { readStoredJson } from '../../src-shared/schemas/free-form.ts';
import { reportOnce } from './report-once.ts';
import { stmt } from './statement-cache.ts';

const json = (v: unknown): string | null => (v === null || v === undefined ? null : JSON.stringify(v));

/**
 * A free-form column read back. A value that cannot be parsed or serialised again (a damaged row) must not fail
 * every listing that holds it: it reads as an explanation instead, and the store logs which incident it was.
 */
function readFreeForm(store: Store, id: string, field: 'customDetails' | 'extra', text: string | null): unknown {
  if (text === null) return null;
  const read = readStoredJson(text);
  if (read.ok) return read.value;
  const explanation = `Not shown: the stored ${field} of this incident could not be read (${read.reason})`;
  reportOnce(store, `${id} ${field}`, `incident ${id}: its stored ${field} could not be read (${read.reason}); shown as an explanation instead`);
  // extra is an object by its schema: the explanation goes inside one.
  return field === 'extra' ? { unreadable: explanation } : explanation;
}

export function stateToRow(s: IncidentState): IncidentsTable {
  return {
    id: s.id, service_id: s.serviceId, dedup_key: s.dedupKey, title: s.title, description: s.description,
    status: s.status, progress: s.progress, urgency: s.urgency, priority: s.priority, severity: s.severity,
    impact: s.impact, source: s.source, custom_details: json(s.customDetails), extra: json(s.extra),
    assignee_id: s.assigneeId, acknowledged_at: s.acknowledgedAt, acknowledged_by: s.acknowledgedBy,
    resolved_at: s.resolvedAt, resolved_by: s.resolvedBy, snoozed_until: s.snoozedUntil,
    auto_created: s.autoCreated ? 1 : 0, alert_count: s.alertCount, episode: s.episode,
    escalation_level: s.escalationLevel, merged_into: s.mergedInto, created_at: s.createdAt,
    updated_at: s.updatedAt, last_event_at: s.lastEventAt, last_hlc: s.lastHlc, triggered_at: s.triggeredAt,
  };
}

export function rowToState(store: Store, r: IncidentsTable): IncidentState {
  return {
    id: r.id, serviceId: r.service_id, dedupKey: r.dedup_key, title: r.title, description: r.description,
    status: r.status as IncidentState['status'], progress: r.progress as IncidentState['progress'],
    urgency: r.urgency as IncidentState['urgency'], priority: r.priority as IncidentState['priority'],
    severity: r.severity as IncidentState['severity'], impact: r.impact as IncidentState['impact'],
    source: r.source, customDetails: readFreeForm(store, r.id, 'customDetails', r.custom_details),
    extra: readFreeForm(store, r.id, 'extra', r.extra) as IncidentState['extra'],
    assigneeId: r.assignee_id, acknowledgedAt: r.acknowledged_at, acknowledgedBy: r.acknowledged_by,
    resolvedAt: r.resolved_at, resolvedBy: r.resolved_by, snoozedUntil: r.snoozed_until,
    autoCreated: r.auto_created === 1, alertCount: r.alert_count, episode: r.episode,
    escalationLevel: r.escalation_level, mergedInto: r.merged_into, createdAt: r.created_at,
    updatedAt: r.updated_at, lastEventAt: r.last_event_at, lastHlc: r.last_hlc, triggeredAt: r.triggered_at ?? r.created_at,
  };
}

/** Snoozed, or suppressed by a maintenance window, and not yet over: `snoozedUntil` says until when. */
const quietNow = (s: IncidentState, nowMs: number) => {
  const status = effectiveStatus(s, nowMs);
  return status === 'snoozed' || status === 'suppressed';
};

/** The API shape of an incident at `nowMs`: effective status (an expired snooze reads as triggered), service joined. */
export function stateToIncident(s: IncidentState, serviceName: string, nowMs: number): Incident {
  return {
    id: s.id, title: s.title, description: s.description, status: effectiveStatus(s, nowMs), progress: s.progress,
    urgency: s.urgency, priority: s.priority, severity: s.severity, impact: s.impact,
    service: { id: s.serviceId, name: serviceName }, serviceId: s.serviceId, dedupKey: s.dedupKey, source: s.source,
    customDetails: s.customDetails ?? null, extra: s.extra, assignee: s.assigneeId ? { id: s.assigneeId } : null,
    acknowledgedAt: s.acknowledgedAt, acknowledgedBy: s.acknowledgedBy, resolvedAt: s.resolvedAt,
    resolvedBy: s.resolvedBy, snoozedUntil: quietNow(s, nowMs) ? s.snoozedUntil : null,
    acknowledgedUntil: effectiveStatus(s, nowMs) === 'acknowledged' ? s.snoozedUntil : null,
    autoCreated: s.autoCreated, affectedMonitorIds: monitorsOfIncident(s), alertCount: s.alertCount, episode: s.episode,
    escalationLevel: s.escalationLevel, mergedInto: s.mergedInto, createdAt: s.createdAt, updatedAt: s.updatedAt, lastEventAt: s.lastEventAt,
  };
}

// Reading, writing and the dedup lookup run for every event: precompiled statements (hot-statements.ts).
export function readIncidentState(store: Store, id: string): IncidentState | null {
  const r = hotStatements(store).incidentById.get(id) as IncidentsTable | undefined;
  return r ? rowToState(store, r) : null;
}

export function writeIncidentState(store: Store, s: IncidentState): void {
  hotStatements(store).upsertIncident.run(...incidentParams(stateToRow(s)));
}

/** What a repeated alert changes (see the fold's incident.alert_received): such a change is written narrowly. */
const COUNTER_FIELDS: ReadonlySet<string> = new Set(['alertCount', 'lastEventAt', 'updatedAt', 'lastHlc']);

/**
 * Writes `next` over `prev`. Whatever the op, the row becomes the folded state; when only the counters moved (the
 * dedup path, which Alertmanager takes every repeat interval), four columns are written instead of the whole row,
 * which spares re-serialising custom details on every repeat.
 */
export function writeIncidentChange(store: Store, prev: IncidentState | null, next: IncidentState): void {
  if (prev && prev.id === next.id) {
    let onlyCounters = true;
    for (const k in next) {
      if (next[k as keyof IncidentState] !== prev[k as keyof IncidentState] && !COUNTER_FIELDS.has(k)) { onlyCounters = false; break; }
    }
    if (onlyCounters) {
      hotStatements(store).touchIncident.run(next.alertCount, next.lastEventAt, next.updatedAt, next.lastHlc, next.id);
      return;
    }
  }
  writeIncidentState(store, next);
}

/** Open incidents of these services suppressed until exactly `untilIso` (a maintenance window's planned end). */
export function suppressedUntil(store: Store, serviceIds: readonly string[], untilIso: string): IncidentState[] {
  if (serviceIds.length === 0) return [];
  return store.all(store.q.selectFrom('incidents').selectAll()
    .where('status', '=', 'suppressed').where('snoozed_until', '=', untilIso).where('service_id', 'in', [...serviceIds])
    .where('merged_into', 'is', null)).map((r) => rowToState(store, r));
}

/** The open incident of a service with this dedup key, if any (suppressed and snoozed count as open). */
export function findOpenByDedupKey(store: Store, serviceId: string, dedupKey: string): IncidentState | null {
  return earliestOf(store, hotStatements(store).openByDedupKey.all(serviceId, dedupKey) as IncidentsTable[]);
}

/**
 * A monitor's open incident, on whichever service it was opened: a monitor moved to another service since keeps it
 * until its recovery resolves it (its key is the monitor's, not the service's).
 */
export function findOpenIncidentOfMonitor(store: Store, monitorId: string): IncidentState | null {
  // Looked up service by service (a search of the open-dedup index each), not by a scan of every open incident: a
  // status page asks this for each of its monitors, in the middle of an alert storm too.
  const rows = stmt(store, `SELECT * FROM incidents WHERE service_id IN (SELECT id FROM services) AND dedup_key = ?
    AND status <> 'resolved' AND merged_into IS NULL`)
    .all(monitorDedupKey(monitorId)) as IncidentsTable[];
  return earliestOf(store, rows);
}

function earliestOf(store: Store, rows: IncidentsTable[]): IncidentState | null {
  const earliest = rows.reduce<IncidentsTable | undefined>((a, r) => (!a || r.created_at < a.created_at || (r.created_at === a.created_at && r.id < a.id) ? r : a), undefined);
  return earliest ? rowToState(store, earliest) : null;
}

export function openIncidentRows(store: Store): IncidentState[] {
  return store.all(store.q.selectFrom('incidents').selectAll().where('status', '<>', 'resolved').where('merged_into', 'is', null)).map((r) => rowToState(store, r));
}
