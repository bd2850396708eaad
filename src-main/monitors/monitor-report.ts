// What the API says of a monitor beyond its settings: when its runner last reported, whether anyone is checking it
// ("not being checked": domain/monitors/reporting.ts decides), and the incident it has open. Every device can answer:
// the runner from its raw results, a teammate from the replicated rollups.
import type { Engine } from '../engine/types.ts';
import type { MonitorState } from '../../src-shared/domain/monitors/fold.ts';
import type { MonitorReport } from '../../src-shared/domain/monitors/to-api.ts';
import { notBeingChecked } from '../../src-shared/domain/monitors/reporting.ts';
import { decodeHlc } from '../../src-shared/domain/hlc.ts';
import { newestRollupEnd } from '../store/monitor-rollups.ts';
import { findOpenIncidentOfMonitor } from '../store/incident-rows.ts';

export function monitorReport(engine: Pick<Engine, 'store' | 'deviceId' | 'clock'>, m: MonitorState): MonitorReport {
  const { store } = engine;
  const onRunner = m.runnerDeviceId === engine.deviceId;
  // Only a concluded check (up, degraded, down) is a report: a monitor stuck in "no data" is not being checked.
  const newestResult = onRunner
    ? (store.get(store.q.selectFrom('monitor_results').select((eb) => eb.fn.max('at_ms').as('at'))
      .where('monitor_id', '=', m.id).where('outcome', '<>', 'no_data'))?.at ?? null)
    : null;
  const rollupEnd = newestRollupEnd(store, m.id);
  const reports = [newestResult, rollupEnd].filter((t): t is number => t !== null);
  const lastReportMs = reports.length === 0 ? null : Math.max(...reports);
  const open = findOpenIncidentOfMonitor(store, m.id);
  return {
    lastReportAt: lastReportMs === null ? null : new Date(lastReportMs).toISOString(),
    notBeingChecked: notBeingChecked({
      config: m.config, paused: m.paused, onRunner,
      // The runner judges by its own checks; a teammate by what reached it.
      lastReportMs: onRunner ? newestResult : lastReportMs,
      owedSinceMs: Math.max(Date.parse(m.createdAt), decodeHlc(m.lastHlc).wall),
      nowMs: engine.clock.now(),
    }),
    openIncidentId: open?.id ?? null,
  };
}
