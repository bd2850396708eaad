// The monitors projection (deleted ones kept, marked, so a late op of theirs still folds).
import type { MonitorState } from '../../src-shared/domain/monitors/fold.ts';
import type { MonitorConfig } from '../../src-shared/schemas/monitors.ts';
import type { Store } from './database.ts';
import type { MonitorsTable } from './schema.ts';

const toState = (r: MonitorsTable): MonitorState => ({
  id: r.id, config: JSON.parse(r.config) as MonitorConfig, runnerDeviceId: r.runner_device_id, token: r.token,
  paused: r.paused === 1, deleted: r.deleted === 1, createdAt: r.created_at, createdBy: r.created_by, lastHlc: r.last_hlc,
});

export function writeMonitor(store: Store, m: MonitorState): void {
  const row: MonitorsTable = {
    id: m.id, service_id: m.config.serviceId, name: m.config.name, kind: m.config.type, config: JSON.stringify(m.config),
    runner_device_id: m.runnerDeviceId, token: m.token, paused: m.paused ? 1 : 0, deleted: m.deleted ? 1 : 0,
    created_at: m.createdAt, created_by: m.createdBy, last_hlc: m.lastHlc,
  };
  const { id: _id, ...rest } = row;
  store.run(store.q.insertInto('monitors').values(row).onConflict((oc) => oc.column('id').doUpdateSet(rest)));
}

/** Every monitor not deleted, by name; with `runnerDeviceId`, only those that device runs. */
export function listMonitorRows(store: Store, runnerDeviceId?: string): MonitorState[] {
  let q = store.q.selectFrom('monitors').selectAll().where('deleted', '=', 0);
  if (runnerDeviceId !== undefined) q = q.where('runner_device_id', '=', runnerDeviceId);
  return store.all(q.orderBy('name').orderBy('id')).map(toState);
}

export function monitorRow(store: Store, id: string): MonitorState | null {
  const r = store.get(store.q.selectFrom('monitors').selectAll().where('id', '=', id).where('deleted', '=', 0));
  return r ? toState(r) : null;
}

export function monitorByToken(store: Store, token: string): MonitorState | null {
  const r = store.get(store.q.selectFrom('monitors').selectAll().where('token', '=', token).where('deleted', '=', 0));
  return r ? toState(r) : null;
}
