// The maintenance windows projection.
import type { MaintenanceState } from '../../src-shared/domain/maintenance.ts';
import type { Impact } from '../../src-shared/schemas/common.ts';
import type { Store } from './database.ts';
import type { MaintenanceWindowsTable } from './schema.ts';

const toState = (r: MaintenanceWindowsTable): MaintenanceState => ({
  id: r.id, title: r.title, message: r.message, impact: r.impact as Impact, startsAt: r.starts_at, endsAt: r.ends_at,
  serviceIds: JSON.parse(r.service_ids) as string[], createdAt: r.created_at, createdBy: r.created_by,
  cancelledAt: r.cancelled_at, cancelledBy: r.cancelled_by, lastHlc: r.last_hlc,
});

export function writeMaintenance(store: Store, m: MaintenanceState): void {
  const row: MaintenanceWindowsTable = {
    id: m.id, title: m.title, message: m.message, impact: m.impact, starts_at: m.startsAt, ends_at: m.endsAt,
    service_ids: JSON.stringify(m.serviceIds), created_at: m.createdAt, created_by: m.createdBy,
    cancelled_at: m.cancelledAt, cancelled_by: m.cancelledBy, last_hlc: m.lastHlc,
  };
  const { id: _id, ...rest } = row;
  store.run(store.q.insertInto('maintenance_windows').values(row).onConflict((oc) => oc.column('id').doUpdateSet(rest)));
}

/** Every window, soonest first; with `endingAfterIso`, only those that end after it (what is on or coming). */
export function listMaintenanceRows(store: Store, endingAfterIso?: string): MaintenanceState[] {
  let q = store.q.selectFrom('maintenance_windows').selectAll();
  if (endingAfterIso !== undefined) q = q.where('ends_at', '>', endingAfterIso);
  return store.all(q.orderBy('starts_at').orderBy('id')).map(toState);
}

export function maintenanceRow(store: Store, id: string): MaintenanceState | null {
  const r = store.get(store.q.selectFrom('maintenance_windows').selectAll().where('id', '=', id));
  return r ? toState(r) : null;
}
