// Maintenance windows (seed 002): scheduled with the services they cover, cancelled (or ended early) by hand.
import type { z } from 'zod';
import type { CreateMaintenance } from '../../../src-shared/schemas/maintenance.ts';
import { KlaxonError } from '../../../src-shared/schemas/errors.ts';
import { newId } from '../../../src-shared/domain/ids.ts';
import { maintenanceStatus } from '../../../src-shared/domain/maintenance.ts';
import { maintenanceRow } from '../../store/maintenance-rows.ts';
import { suppressedUntil } from '../../store/incident-rows.ts';
import type { Tx } from '../tx.ts';

export function scheduleMaintenance(tx: Tx, input: z.output<typeof CreateMaintenance>, by: string): string {
  (input.serviceIds ?? []).forEach((id, i) => {
    if (!tx.service(id)) throw new KlaxonError('INVALID_SERVICE', `Service ${id} not found`, `serviceIds.${i}`);
  });
  const serviceIds = [...new Set(input.serviceIds ?? [])];
  const id = newId('mnt', tx.nowMs);
  tx.emit('maintenance.scheduled', id, {
    title: input.title, message: input.message || null, impact: input.impact ?? 'none',
    // One spelling (UTC, milliseconds) so that windows compare and sort as strings, in SQL and here.
    startsAt: new Date(input.scheduledStart).toISOString(), endsAt: new Date(input.scheduledEnd).toISOString(),
    serviceIds, by,
  });
  return id;
}

export function cancelMaintenance(tx: Tx, id: string, by: string): void {
  const m = maintenanceRow(tx.store, id);
  if (!m) throw new KlaxonError('NOT_FOUND', `Maintenance window ${id} not found`);
  const status = maintenanceStatus(m, tx.nowMs);
  if (status === 'completed') throw new KlaxonError('CONFLICT', `Maintenance window ${id} is over already`);
  if (status === 'cancelled') return; // cancelling twice is harmless
  tx.emit('maintenance.cancelled', id, { at: new Date(tx.nowMs).toISOString(), by });
  // Ending a window early ends what it keeps quiet: its incidents that are still open page now, not at the
  // planned end. (Whatever this device's clock says of the window: a suppression it holds is released.)
  for (const s of suppressedUntil(tx.store, m.serviceIds, m.endsAt)) {
    tx.emit('incident.unsuppressed', s.id, { episode: s.episode, reason: `maintenance window "${m.title}" ended early`, by }, s);
  }
}
