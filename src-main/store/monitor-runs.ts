// The runner's own record of each monitor it runs (device-local, never replicated): its verdict, the last beat and
// since when the verdict holds. Kept on disk so a restart neither forgets a down monitor nor its last beat.
// `last_beat_ms` is the last beat for a heartbeat monitor; for an HTTP or TCP monitor (which has no beats) it is when
// it last paged while down, so a restart keeps its re-notify interval.
import type { Store } from './database.ts';
import type { MonitorRunsTable } from './schema.ts';

export type MonitorRun = MonitorRunsTable;

export function readMonitorRuns(store: Store): Map<string, MonitorRun> {
  return new Map(store.all(store.q.selectFrom('monitor_runs').selectAll()).map((r) => [r.monitor_id, r]));
}

export function writeMonitorRun(store: Store, run: MonitorRun): void {
  const { monitor_id: _id, ...rest } = run;
  store.run(store.q.insertInto('monitor_runs').values(run).onConflict((oc) => oc.column('monitor_id').doUpdateSet(rest)));
}

export function deleteMonitorRun(store: Store, monitorId: string): void {
  store.run(store.q.deleteFrom('monitor_runs').where('monitor_id', '=', monitorId));
}
