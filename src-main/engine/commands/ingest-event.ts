// An event from a monitor (Events API or /v2/enqueue), as PagerDuty does it: a trigger whose (service, dedup_key)
// matches an open incident is appended to it and pages no one again; after resolve the same key opens a new
// incident; acknowledge/resolve of an unknown or closed key changes nothing and still succeeds, saying so. A new
// incident for a service in a maintenance window, or one matching a suppression rule, is recorded as suppressed.
import type { EventCommand, EventResult } from '../../../src-shared/schemas/events.ts';
import type { Service, SuppressionRule } from '../../../src-shared/schemas/admin.ts';
import type { IncidentState } from '../../../src-shared/domain/incident-fold.ts';
import { KlaxonError } from '../../../src-shared/schemas/errors.ts';
import { newIncidentUrgency } from '../../../src-shared/domain/urgency.ts';
import { effectiveStatus } from '../../../src-shared/domain/lifecycle.ts';
import { newId } from '../../../src-shared/domain/ids.ts';
import { capFreeForm } from '../../../src-shared/schemas/free-form.ts';
import { findOpenByDedupKey } from '../../store/incident-rows.ts';
import type { Tx } from '../tx.ts';
import { ackTimeout } from './incident-commands.ts';

function resolveService(tx: Tx, cmd: EventCommand): Service {
  if (cmd.routingKey) {
    const s = tx.serviceByRoutingKey(cmd.routingKey);
    if (!s) throw new KlaxonError('INVALID_ROUTING_KEY', 'Routing key not found', 'routing_key');
    return s;
  }
  const s = cmd.serviceId ? tx.service(cmd.serviceId) : null;
  if (!s) throw new KlaxonError('INVALID_SERVICE', 'Service not found', 'service_id');
  return s;
}

/** A suppressed incident is recorded but never pages (seed 000's "Matched a suppression rule"). */
function matchesSuppression(rules: SuppressionRule[], cmd: EventCommand, dedupKey: string): boolean {
  const field = (f: SuppressionRule['field']) =>
    (f === 'dedup_key' ? dedupKey : f === 'summary' ? cmd.summary : f === 'source' ? cmd.source : cmd.severity) ?? '';
  return rules.some((r) => field(r.field).toLowerCase().includes(r.contains.toLowerCase()));
}

const newDedupKey = () => crypto.randomUUID().replaceAll('-', '');

export function ingestEvent(tx: Tx, cmd: EventCommand): EventResult {
  const service = resolveService(tx, cmd);
  const by = `integration:${service.id}`;
  if (cmd.action === 'trigger') return trigger(tx, service, cmd, cmd.dedupKey ?? newDedupKey(), by);

  const dedupKey = cmd.dedupKey ?? '';
  const open = findOpenByDedupKey(tx.store, service.id, dedupKey);
  if (!open) return { outcome: 'unchanged', dedupKey, incidentId: null, message: 'Event processed; no open incident has this dedup_key, so nothing changed' };
  if (cmd.action === 'acknowledge') return acknowledge(tx, open, dedupKey, by);
  tx.emit('incident.resolved', open.id, { episode: open.episode, by });
  return { outcome: 'resolved', dedupKey, incidentId: open.id, message: 'Event processed' };
}

function trigger(tx: Tx, service: Service, cmd: EventCommand, dedupKey: string, by: string): EventResult {
  // Too much free-form JSON is kept as a marker, not refused: the alert behind it must still page.
  const { customDetails, extra } = capFreeForm({ customDetails: cmd.customDetails ?? null, extra: cmd.extra ?? null });
  const open = findOpenByDedupKey(tx.store, service.id, dedupKey);
  if (open) {
    tx.emit('incident.alert_received', open.id, {
      summary: cmd.summary ?? null, severity: cmd.severity ?? null, source: cmd.source ?? null, customDetails, extra, by,
    }, open);
    return { outcome: 'deduplicated', dedupKey, incidentId: open.id, message: 'Event processed' };
  }
  const id = newId('inc', tx.nowMs);
  const severity = cmd.severity ?? 'error';
  const byRule = matchesSuppression(service.suppressionRules, cmd, dedupKey);
  const maintenance = byRule ? null : tx.maintenanceSilencing(service.id);
  const { urgency, outsideSupportHours } = newIncidentUrgency(service, severity, tx.nowMs);
  tx.emit('incident.triggered', id, {
    serviceId: service.id, dedupKey, title: cmd.summary ?? dedupKey, description: null, severity,
    urgency, priority: null, impact: null, source: cmd.source ?? null,
    customDetails, extra, autoCreated: true,
    suppressed: byRule || maintenance !== null, by,
    ...(outsideSupportHours ? { outsideSupportHours } : {}),
    // A rule's suppression is for good. Maintenance keeps it quiet until the window (and any back-to-back follow-up)
    // ends, then it is triggered by itself: an alert still firing after maintenance pages.
    ...(maintenance ? { suppressedUntil: maintenance.until, message: `During maintenance window "${maintenance.window.title}" (${maintenance.window.id})` } : {}),
  });
  return { outcome: 'created', dedupKey, incidentId: id, message: 'Event processed' };
}

function acknowledge(tx: Tx, open: IncidentState, dedupKey: string, by: string): EventResult {
  if (effectiveStatus(open, tx.nowMs) === 'acknowledged') {
    return { outcome: 'unchanged', dedupKey, incidentId: open.id, message: 'Event processed; the incident was already acknowledged' };
  }
  tx.emit('incident.acknowledged', open.id, { episode: open.episode, ...ackTimeout(tx, open), by });
  return { outcome: 'acknowledged', dedupKey, incidentId: open.id, message: 'Event processed' };
}
