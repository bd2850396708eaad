// Monitors (issue 10): created on a service with the device that runs them, changed per field, paused, resumed and
// deleted — each one op. A heartbeat gets its push token here: 256 random bits, the credential its URL carries.
import { randomBytes } from 'node:crypto';
import type { z } from 'zod';
import { MonitorConfig, type CreateMonitor, type UpdateMonitor } from '../../../src-shared/schemas/monitors.ts';
import { KlaxonError } from '../../../src-shared/schemas/errors.ts';
import { newId } from '../../../src-shared/domain/ids.ts';
import { monitorRow } from '../../store/monitor-rows.ts';
import type { MonitorState } from '../../../src-shared/domain/monitors/fold.ts';
import { readRoster } from '../../store/roster-rows.ts';
import type { Tx } from '../tx.ts';

/** A runner must be this device or a teammate's device not revoked: a monitor run nowhere would fail silently. */
function requireRunner(tx: Tx, runnerDeviceId: string, deviceId: string): void {
  if (runnerDeviceId === deviceId) return;
  const d = readRoster(tx.store).devices.get(runnerDeviceId);
  if (!d || d.revokedAt !== null) throw new KlaxonError('VALIDATION_FAILED', `Device ${runnerDeviceId} is not a device of this team`, 'runnerDeviceId');
}

export function createMonitor(tx: Tx, input: z.output<typeof CreateMonitor>, deviceId: string, by: string): string {
  const { runnerDeviceId, ...config } = input;
  if (!tx.service(config.serviceId)) throw new KlaxonError('INVALID_SERVICE', `Service ${config.serviceId} not found`, 'serviceId');
  if (runnerDeviceId !== undefined) requireRunner(tx, runnerDeviceId, deviceId);
  const id = newId('mon', tx.nowMs);
  const token = config.type === 'heartbeat' ? randomBytes(32).toString('base64url') : null;
  tx.emit('monitor.created', id, { config: MonitorConfig.parse(config), runnerDeviceId: runnerDeviceId ?? deviceId, token, by });
  return id;
}

function requireMonitor(tx: Tx, id: string): MonitorState {
  const m = monitorRow(tx.store, id);
  if (!m) throw new KlaxonError('NOT_FOUND', `Monitor ${id} not found`);
  return m;
}

export function updateMonitor(tx: Tx, id: string, patch: z.output<typeof UpdateMonitor>, deviceId: string, by: string): void {
  const m = requireMonitor(tx, id);
  const { runnerDeviceId, paused, ...fields } = patch;
  if (paused !== undefined && typeof paused !== 'boolean') throw new KlaxonError('VALIDATION_FAILED', 'paused must be true or false', 'paused');
  if (runnerDeviceId !== undefined && typeof runnerDeviceId !== 'string') throw new KlaxonError('VALIDATION_FAILED', 'runnerDeviceId must be a device id', 'runnerDeviceId');
  if (runnerDeviceId !== undefined) requireRunner(tx, runnerDeviceId, deviceId);
  // The merged settings must make a valid monitor of its kind: refused here with the field at fault, not folded away.
  const merged = MonitorConfig.safeParse({ ...m.config, ...fields, type: m.config.type });
  if (!merged.success) {
    const issue = merged.error.issues[0]!;
    throw new KlaxonError('VALIDATION_FAILED', issue.message, issue.path.map(String).join('.') || undefined);
  }
  if ('serviceId' in fields && !tx.service(merged.data.serviceId)) throw new KlaxonError('INVALID_SERVICE', `Service ${merged.data.serviceId} not found`, 'serviceId');
  if (Object.keys(fields).length > 0 || runnerDeviceId !== undefined) {
    tx.emit('monitor.changed', id, { fields, ...(runnerDeviceId !== undefined ? { runnerDeviceId } : {}), by });
  }
  // Pausing twice is harmless: only a change of state is a fact.
  if (paused !== undefined && paused !== m.paused) tx.emit(paused ? 'monitor.paused' : 'monitor.resumed', id, { by });
}

export function deleteMonitor(tx: Tx, id: string, by: string): void {
  requireMonitor(tx, id);
  tx.emit('monitor.deleted', id, { by });
}
