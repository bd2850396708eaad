// The engine's maintenance windows (seed 002): written through the one write path, answered as the API shows them,
// and the windows that have not ended held in memory, since every trigger asks whether one silences its service.
// The held list is re-read whenever a batch touched windows (or another process wrote: `forget`), and when the
// earliest of them has ended.
import type { z } from 'zod';
import type { CreateMaintenance, ListMaintenanceQuery, Maintenance } from '../../src-shared/schemas/maintenance.ts';
import { KlaxonError } from '../../src-shared/schemas/errors.ts';
import { maintenanceSilencing, maintenanceQuietUntil, maintenanceStatus, type MaintenanceState } from '../../src-shared/domain/maintenance.ts';
import { listMaintenanceRows, maintenanceRow } from '../store/maintenance-rows.ts';
import type { Store } from '../store/database.ts';
import type { Clock } from '../clock.ts';
import type { Tx } from './tx.ts';
import * as maintenance from './commands/maintenance-commands.ts';
import type { Actor } from './types.ts';

export interface MaintenanceDeps {
  store: Store;
  clock: Clock;
  submit<T>(fn: () => T): Promise<T>;
  tx(): Tx;
  serviceName(id: string): string;
}

export function createMaintenanceFacet(deps: MaintenanceDeps) {
  const { store, clock, submit, tx } = deps;
  let windows: { list: MaintenanceState[]; validUntil: number } | null = null;
  const openWindows = (nowMs: number): MaintenanceState[] => {
    if (!windows || nowMs >= windows.validUntil) {
      const list = listMaintenanceRows(store, new Date(nowMs).toISOString());
      windows = { list, validUntil: Math.min(...list.map((w) => Date.parse(w.endsAt))) };
    }
    return windows.list;
  };

  const toMaintenance = (m: MaintenanceState): Maintenance => ({
    id: m.id, title: m.title, message: m.message, impact: m.impact, scheduledStart: m.startsAt, scheduledEnd: m.endsAt,
    services: m.serviceIds.map((id) => ({ id, name: deps.serviceName(id) })), serviceIds: m.serviceIds,
    status: maintenanceStatus(m, clock.now()), createdAt: m.createdAt, createdBy: m.createdBy,
    cancelledAt: m.cancelledAt, cancelledBy: m.cancelledBy,
  });
  const getMaintenance = (id: string): Maintenance => {
    const m = maintenanceRow(store, id);
    if (!m) throw new KlaxonError('NOT_FOUND', `Maintenance window ${id} not found`);
    return toMaintenance(m);
  };

  return {
    forget: () => { windows = null; },
    /** What `Tx.maintenanceSilencing` answers at `nowMs`. */
    silencing(serviceId: string, nowMs: number): { window: MaintenanceState; until: string } | null {
      const list = openWindows(nowMs);
      const window = maintenanceSilencing(list, serviceId, nowMs);
      return window ? { window, until: maintenanceQuietUntil(list, serviceId, nowMs)! } : null;
    },
    methods: {
      scheduleMaintenance: (input: z.output<typeof CreateMaintenance>, by: Actor): Promise<Maintenance> =>
        submit(() => maintenance.scheduleMaintenance(tx(), input, by)).then(getMaintenance),
      cancelMaintenance: (id: string, by: Actor): Promise<Maintenance> =>
        submit(() => maintenance.cancelMaintenance(tx(), id, by)).then(() => getMaintenance(id)),
      listMaintenance(query: z.output<typeof ListMaintenanceQuery>): Maintenance[] {
        const wanted = new Set(query.status === undefined ? ['scheduled', 'in_progress'] : [query.status].flat());
        return listMaintenanceRows(store).map(toMaintenance).filter((m) => wanted.has(m.status));
      },
      getMaintenance,
    },
  };
}
