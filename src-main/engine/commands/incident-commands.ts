// Commands a person (window, API, tray, notification action) gives about an incident. Each checks the lifecycle
// rules in src-shared and emits the ops that record what happened.
import type { z } from 'zod';
import type { CreateIncident, UpdateIncident, StatusUpdate, AddNote } from '../../../src-shared/schemas/incidents.ts';
import type { OpData } from '../../../src-shared/domain/ops.ts';
import type { IncidentState } from '../../../src-shared/domain/incident-fold.ts';
import { KlaxonError } from '../../../src-shared/schemas/errors.ts';
import { newIncidentUrgency } from '../../../src-shared/domain/urgency.ts';
import { effectiveStatus, transitionTo } from '../../../src-shared/domain/lifecycle.ts';
import { newId } from '../../../src-shared/domain/ids.ts';
import { requireIncident, type Tx } from '../tx.ts';
import { findOpenByDedupKey } from '../../store/incident-rows.ts';

const DEFAULT_SNOOZE_MINUTES = 60;

export function createIncident(tx: Tx, input: z.output<typeof CreateIncident>, by: string): string {
  const service = input.serviceId ? tx.service(input.serviceId) : tx.defaultService();
  if (!service) {
    throw input.serviceId
      ? new KlaxonError('INVALID_SERVICE', `Service ${input.serviceId} not found`, 'serviceId')
      : new KlaxonError('VALIDATION_FAILED', 'serviceId is required: this Klaxon has no services yet (run `klaxon init`)', 'serviceId');
  }
  // A dedup key names one open incident per service (the dedup rule): a hand-made incident may not open a second one,
  // or the monitor's resolve would close only one of the two.
  const open = input.dedupKey ? findOpenByDedupKey(tx.store, service.id, input.dedupKey) : null;
  if (open) throw new KlaxonError('CONFLICT', `Incident ${open.id} is already open with dedupKey "${input.dedupKey}"`, 'dedupKey');
  // A person opening an incident by hand means it: HIGH unless they say otherwise.
  const severity = input.severity ?? 'critical';
  const id = newId('inc', tx.nowMs);
  const { urgency, outsideSupportHours } = newIncidentUrgency(service, severity, tx.nowMs, input.urgency);
  tx.emit('incident.triggered', id, {
    serviceId: service.id, dedupKey: input.dedupKey ?? null, title: input.title, description: input.description ?? null,
    severity, urgency, priority: input.priority ?? null,
    impact: input.impact ?? null, source: null, customDetails: null, extra: null, autoCreated: false,
    suppressed: false, by, ...(outsideSupportHours ? { outsideSupportHours } : {}),
    ...(input.status ? { progress: input.status } : {}),
  });
  if (input.message) tx.emit('incident.status_updated', id, { progress: input.status ?? 'investigating', message: input.message, ...(input.impact ? { impact: input.impact } : {}), by });
  return id;
}

/**
 * The end of an acknowledgement on a service with an acknowledgement timeout, fixed by the acknowledging device (the
 * same on every device): triggered again after it, with escalation from level 1.
 */
export function ackTimeout(tx: Tx, s: IncidentState): { until?: string } {
  const minutes = tx.service(s.serviceId)?.ackTimeoutMinutes;
  return minutes ? { until: new Date(tx.nowMs + minutes * 60_000).toISOString() } : {};
}

/** Moves an incident to a responder status (PATCH status, buttons, notification actions). */
export function setStatus(tx: Tx, s: IncidentState, target: 'triggered' | 'acknowledged' | 'resolved' | 'snoozed', by: string, snoozeUntilMs?: number): void {
  const move = transitionTo(effectiveStatus(s, tx.nowMs), target);
  const episode = s.episode;
  switch (move) {
    case 'none': return;
    case 'acknowledge': return tx.emit('incident.acknowledged', s.id, { episode, ...ackTimeout(tx, s), by });
    case 'unacknowledge': return tx.emit('incident.unacknowledged', s.id, { episode, by });
    case 'resolve': return tx.emit('incident.resolved', s.id, { episode, by });
    case 'reopen': return tx.emit('incident.reopened', s.id, { episode: episode + 1, by });
    case 'snooze': {
      const until = new Date(snoozeUntilMs ?? tx.nowMs + DEFAULT_SNOOZE_MINUTES * 60_000);
      if (until.getTime() <= tx.nowMs) throw new KlaxonError('VALIDATION_FAILED', 'snoozedUntil must be in the future', 'snoozedUntil');
      return tx.emit('incident.snoozed', s.id, { episode, until: until.toISOString(), by });
    }
  }
}

export function updateIncident(tx: Tx, id: string, patch: z.output<typeof UpdateIncident>, by: string): void {
  const s = requireIncident(tx, id);
  if ((patch.snoozeMinutes !== undefined || patch.snoozedUntil !== undefined) && patch.status !== 'snoozed') {
    throw new KlaxonError('VALIDATION_FAILED', 'snoozeMinutes and snoozedUntil go with status SNOOZED', 'status');
  }
  // Field changes first, then the status move, so "re-open and set urgency HIGH" pages with the new urgency.
  const fields: OpData<'incident.changed'>['fields'] = {};
  if (patch.title !== undefined && patch.title !== s.title) fields.title = patch.title;
  if (patch.description !== undefined && patch.description !== s.description) fields.description = patch.description;
  if (patch.urgency !== undefined && patch.urgency !== s.urgency) fields.urgency = patch.urgency;
  if (patch.severity !== undefined && patch.severity !== s.severity) fields.severity = patch.severity;
  if (patch.impact !== undefined && patch.impact !== s.impact) fields.impact = patch.impact;
  if (patch.priority !== undefined) {
    const p = patch.priority === '' ? null : patch.priority;
    if (p !== s.priority) fields.priority = p;
  }
  if (patch.assigneeId !== undefined) {
    const a = patch.assigneeId === '' ? null : patch.assigneeId;
    if (a !== s.assigneeId) fields.assigneeId = a;
  }
  if (Object.keys(fields).length > 0) tx.emit('incident.changed', id, { fields, by });
  if (patch.status !== undefined) {
    const until = patch.snoozedUntil !== undefined ? Date.parse(patch.snoozedUntil)
      : patch.snoozeMinutes !== undefined ? tx.nowMs + patch.snoozeMinutes * 60_000 : undefined;
    setStatus(tx, requireIncident(tx, id), patch.status, by, until);
  }
}

export function postStatusUpdate(tx: Tx, id: string, u: z.output<typeof StatusUpdate>, by: string): void {
  const s = requireIncident(tx, id);
  tx.emit('incident.status_updated', id, { progress: u.status, message: u.message, ...(u.impact ? { impact: u.impact } : {}), by });
  // Seed 004: when the public progress reaches "resolved", the incident is resolved for responders too.
  if (u.status === 'resolved' && s.status !== 'resolved') tx.emit('incident.resolved', id, { episode: s.episode, by });
}

export function addNote(tx: Tx, id: string, note: z.output<typeof AddNote>, by: string): void {
  requireIncident(tx, id);
  tx.emit('incident.note_added', id, { text: note.text, by });
}
