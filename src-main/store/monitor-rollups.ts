// Reading the replicated hourly and daily rollups of monitors' checks (migration 10): what the window, the results
// API and the status pages draw their history from. Written only by the projector of `monitor.rollup` ops.
import type { Store } from './database.ts';
import type { MonitorRollup, RollupPeriod } from '../../src-shared/schemas/monitors.ts';
import type { MonitorRollupsTable } from './schema.ts';

export function rollupFromRow(r: MonitorRollupsTable): MonitorRollup {
  const concluded = r.up + r.degraded + r.down;
  return {
    period: r.period as RollupPeriod, start: new Date(r.start_ms).toISOString(), checks: r.checks, up: r.up,
    degraded: r.degraded, down: r.down, noDataSeconds: r.no_data_seconds,
    uptime: concluded === 0 ? null : (r.up + r.degraded) / concluded, avgMs: r.avg_ms, p95Ms: r.p95_ms,
  };
}

/** The rollups of one period for these monitors whose start lies in [fromMs, toMs), oldest first, by monitor id. */
export function readRollups(store: Store, monitorIds: readonly string[], period: RollupPeriod, fromMs: number, toMs: number): Map<string, MonitorRollup[]> {
  const out = new Map<string, MonitorRollup[]>(monitorIds.map((id) => [id, []]));
  if (monitorIds.length === 0) return out;
  const rows = store.all(store.q.selectFrom('monitor_rollups').selectAll()
    .where('monitor_id', 'in', monitorIds).where('period', '=', period)
    .where('start_ms', '>=', fromMs).where('start_ms', '<', toMs).orderBy('start_ms'));
  for (const r of rows) out.get(r.monitor_id)?.push(rollupFromRow(r));
  return out;
}
