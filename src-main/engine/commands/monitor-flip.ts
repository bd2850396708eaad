// A monitor's flip, as seed 004 walks through it, written by the device that runs it through the ordinary ingest
// command (so maintenance windows and suppression rules silence it as they do any alert): down opens an incident
// (auto-created, investigating, triggered) keyed by the monitor, with the failing check's details in its timeline; up
// resolves it — responder status and progress both — unless a person already resolved it. What a check found is
// replicated to every teammate and readable by any `incidents:read` key, so no URL credential goes into it.
import type { MonitorState } from '../../../src-shared/domain/monitors/fold.ts';
import type { EventResult } from '../../../src-shared/schemas/events.ts';
import { findOpenIncidentOfMonitor } from '../../store/incident-rows.ts';
import { monitorDedupKey } from '../../../src-shared/domain/monitors/reporting.ts';
import { ingestEvent } from './ingest-event.ts';
import { effectiveStatus } from '../../../src-shared/domain/lifecycle.ts';
import type { Tx } from '../tx.ts';
import { detailsWithoutCredentials, withoutCredentials } from '../../../src-shared/domain/monitors/redact.ts';

export { monitorDedupKey };

export interface CheckFailure {
  /** What failed, for people: "No heartbeat within 15 s". */
  reason: string;
  /** The failing check's details, kept in the incident's timeline. */
  details: Record<string, unknown>;
}

export function monitorDown(tx: Tx, m: MonitorState, failure: CheckFailure): EventResult {
  // An incident opened before the monitor moved to another service counts the failure (one incident per monitor).
  const open = findOpenIncidentOfMonitor(tx.store, m.id);
  return ingestEvent(tx, {
    action: 'trigger', serviceId: open?.serviceId ?? m.config.serviceId, dedupKey: monitorDedupKey(m.id),
    summary: `${m.config.name} is down: ${withoutCredentials(failure.reason)}`, source: `monitor:${m.config.type}`, severity: 'critical',
    customDetails: { monitorId: m.id, monitor: m.config.name, ...detailsWithoutCredentials(failure.details) },
    extra: { affectedMonitorIds: [m.id] }, receivedVia: 'events-api',
  });
}

/** A further failure while down: counts on the open incident; opens none if a person resolved it (then null). */
export function monitorFailedAgain(tx: Tx, m: MonitorState, failure: CheckFailure): EventResult | null {
  return findOpenIncidentOfMonitor(tx.store, m.id) ? monitorDown(tx, m, failure) : null;
}

export function monitorUp(tx: Tx, m: MonitorState, message: string): EventResult | null {
  // A person who resolved it already has the last word (the open one, if any, is a later episode of theirs to judge).
  const open = findOpenIncidentOfMonitor(tx.store, m.id);
  if (!open) return null;
  const result = ingestEvent(tx, { action: 'resolve', serviceId: open.serviceId, dedupKey: monitorDedupKey(m.id), receivedVia: 'events-api' });
  tx.emit('incident.status_updated', open.id, { progress: 'resolved', message: withoutCredentials(message), by: `integration:${open.serviceId}` });
  return result;
}

/**
 * Still down, and the monitor's re-notify interval has passed since it last paged: the failure counts on the open
 * incident (its details in the timeline), and if a person acknowledged or snoozed it, it is triggered again — which
 * pages whoever the service pages, on every device, as any trigger does. A triggered incident pages on its own (a
 * HIGH one repeats until acknowledged); a suppressed one (maintenance) stays silent; a resolved one stays resolved.
 */
export function monitorRenotify(tx: Tx, m: MonitorState, failure: CheckFailure): EventResult | null {
  const open = findOpenIncidentOfMonitor(tx.store, m.id);
  if (!open) return null;
  const result = monitorDown(tx, m, { reason: `still down: ${failure.reason}`, details: failure.details });
  const status = effectiveStatus(open, tx.nowMs);
  if (status === 'acknowledged' || status === 'snoozed') {
    tx.emit('incident.unacknowledged', open.id, { episode: open.episode, by: `integration:${open.serviceId}` });
  }
  return result;
}
