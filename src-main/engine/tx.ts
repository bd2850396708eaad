// What a command sees while it runs inside the transaction: the store, the time, and `emit`, which turns a fact
// into an op (next seq, next HLC) and applies it at once so the next command in the batch sees its effect.
import type { OpType, OpData } from '../../src-shared/domain/ops.ts';
import type { IncidentState } from '../../src-shared/domain/incident-fold.ts';
import { KlaxonError } from '../../src-shared/schemas/errors.ts';
import type { Store } from '../store/database.ts';
import { readIncidentState } from '../store/incident-rows.ts';
import type { Service } from '../../src-shared/schemas/admin.ts';
import type { MaintenanceState } from '../../src-shared/domain/maintenance.ts';

export interface Tx {
  readonly store: Store;
  readonly nowMs: number;
  /** `current`: the incident as this command just read it, if it did (saves the projector reading it again). */
  emit<T extends OpType>(type: T, entity: string, data: OpData<T>, current?: IncidentState): void;
  service(id: string): Service | null;
  /** The oldest service (made by `klaxon init`): where incidents created without a serviceId go. */
  defaultService(): Service | null;
  serviceByRoutingKey(routingKey: string): Service | null;
  /** The maintenance window keeping this service quiet now, if any, and until when maintenance keeps it quiet. */
  maintenanceSilencing(serviceId: string): { window: MaintenanceState; until: string } | null;
}

export function requireIncident(tx: Tx, id: string): IncidentState {
  const s = readIncidentState(tx.store, id);
  if (!s) throw new KlaxonError('NOT_FOUND', `Incident ${id} not found`);
  return s;
}
