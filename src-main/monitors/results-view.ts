// GET /api/monitors/:id/results (and the bridge's monitors.results): the raw checks this device still holds for the
// span (only the runner has any, and only for the last day) and the team's replicated hourly and daily rollups.
import type { Store } from '../store/database.ts';
import type { CheckOutcome, MonitorResultsResponse } from '../../src-shared/schemas/monitors.ts';
import { readRollups } from '../store/monitor-rollups.ts';

export function monitorResults(store: Store, monitorId: string, fromMs: number, toMs: number): MonitorResultsResponse {
  const raw = store.all(store.q.selectFrom('monitor_results').selectAll()
    .where('monitor_id', '=', monitorId).where('at_ms', '>=', fromMs).where('at_ms', '<', toMs).orderBy('at_ms'));
  return {
    monitorId,
    from: new Date(fromMs).toISOString(),
    to: new Date(toMs).toISOString(),
    results: raw.map((r) => ({ at: new Date(r.at_ms).toISOString(), outcome: r.outcome as CheckOutcome, responseMs: r.response_ms, message: r.message })),
    hourly: readRollups(store, [monitorId], 'hour', fromMs, toMs).get(monitorId) ?? [],
    daily: readRollups(store, [monitorId], 'day', fromMs, toMs).get(monitorId) ?? [],
  };
}
