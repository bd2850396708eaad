// Reading the replicated hourly and daily rollups of monitors' checks (migration 10): what the window, the results
// API and the status pages draw their history from. Written only by the projector of `monitor.rollup` ops (below).
import { sql } from 'kysely';
import type { Store } from './database.ts';
import type { MonitorRollup, RollupPeriod } from '../../src-shared/schemas/monitors.ts';
import type { MonitorRollupsTable } from './schema.ts';
import type { Op, OpData } from '../../src-shared/domain/ops.ts';
import { parseOpId } from '../../src-shared/domain/ids.ts';
import { uptimeShare } from '../../src-shared/domain/monitors/uptime.ts';

type RollupRow = Omit<MonitorRollupsTable, 'device_id'>;

export function rollupFromRow(r: RollupRow): MonitorRollup {
  return {
    period: r.period as RollupPeriod, start: new Date(r.start_ms).toISOString(), checks: r.checks, up: r.up,
    degraded: r.degraded, down: r.down, noDataSeconds: r.no_data_seconds,
    uptime: uptimeShare(r), avgMs: r.avg_ms, p95Ms: r.p95_ms,
  };
}

/** The rollups of one period for these monitors whose start lies in [fromMs, toMs), oldest first, by monitor id. */
export function readRollups(store: Store, monitorIds: readonly string[], period: RollupPeriod, fromMs: number, toMs: number): Map<string, MonitorRollup[]> {
  const out = new Map<string, MonitorRollup[]>(monitorIds.map((id) => [id, []]));
  if (monitorIds.length === 0) return out;
  const rows = store.all(store.q.selectFrom('monitor_rollups').selectAll()
    .where('monitor_id', 'in', monitorIds).where('period', '=', period)
    .where('start_ms', '>=', fromMs).where('start_ms', '<', toMs).orderBy('start_ms'));
  // One row per device that ran the monitor in a period (one, unless its runner moved mid-period): added up.
  const merged = new Map<string, RollupRow>();
  for (const r of rows) {
    const key = `${r.monitor_id}\u0000${r.start_ms}`;
    const held = merged.get(key);
    merged.set(key, held ? addParts(held, r) : r);
  }
  for (const r of merged.values()) out.get(r.monitor_id)?.push(rollupFromRow(r));
  return out;
}

/**
 * Two devices' parts of one period: counts and no-data time add up; the mean is weighted by the checks each ran; the
 * p95 is the larger of the two (the exact one would need both histograms, which stay on their runners).
 */
function addParts(a: RollupRow, b: RollupRow): RollupRow {
  const weighted = (x: number | null, wx: number, y: number | null, wy: number) =>
    x === null ? y : y === null ? x : (x * wx + y * wy) / Math.max(1, wx + wy);
  return {
    ...a, checks: a.checks + b.checks, up: a.up + b.up, degraded: a.degraded + b.degraded, down: a.down + b.down,
    no_data_seconds: a.no_data_seconds + b.no_data_seconds, avg_ms: weighted(a.avg_ms, a.checks, b.avg_ms, b.checks),
    p95_ms: a.p95_ms === null ? b.p95_ms : b.p95_ms === null ? a.p95_ms : Math.max(a.p95_ms, b.p95_ms),
    last_hlc: a.last_hlc > b.last_hlc ? a.last_hlc : b.last_hlc,
  };
}

/** How long rollups are kept: over a year, so a year-on-year view and a 365-day uptime figure have every day. */
export const ROLLUP_KEEP_MS = 400 * 24 * 3_600_000;

/**
 * Projects a `monitor.rollup` op: each monitor's summary is the writing device's part of (monitor, period, start),
 * replacing that device's part only if newer by HLC, so devices converge whatever order the ops come in; another
 * device's part of the same period (the runner moved) is kept beside it. Summaries older than kept are skipped.
 */
export function projectRollup(store: Store, op: Op<'monitor.rollup', OpData<'monitor.rollup'>>, nowMs: number): boolean {
  const startMs = Date.parse(op.data.start);
  if (startMs < nowMs - ROLLUP_KEEP_MS) return false;
  const deviceId = parseOpId(op.id).deviceId;
  const upsert = store.db.prepare(`INSERT INTO monitor_rollups (monitor_id, period, start_ms, checks, up, degraded, down, no_data_seconds, avg_ms, p95_ms, last_hlc, device_id)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
    ON CONFLICT (monitor_id, period, start_ms, device_id) DO UPDATE SET checks = excluded.checks, up = excluded.up, degraded = excluded.degraded,
      down = excluded.down, no_data_seconds = excluded.no_data_seconds, avg_ms = excluded.avg_ms, p95_ms = excluded.p95_ms, last_hlc = excluded.last_hlc
    WHERE excluded.last_hlc > monitor_rollups.last_hlc`);
  for (const m of op.data.monitors) {
    upsert.run(m.monitorId, op.data.period, startMs, m.checks, m.up, m.degraded, m.down, m.noDataSeconds, m.avgMs, m.p95Ms, op.hlc, deviceId);
  }
  return op.data.monitors.length > 0;
}

export function pruneRollups(store: Store, nowMs: number): number {
  return store.db.prepare('DELETE FROM monitor_rollups WHERE start_ms < ?').run(nowMs - ROLLUP_KEEP_MS).changes;
}

/**
 * The end of a monitor's newest hourly or daily rollup that concluded a check (when its runner last reported to the
 * team), or null. A rollup of nothing but "no data" reports nothing: that monitor is not being checked.
 */
export function newestRollupEnd(store: Store, monitorId: string): number | null {
  const newest = (period: RollupPeriod) => store.get(store.q.selectFrom('monitor_rollups').select((eb) => eb.fn.max('start_ms').as('s'))
    .where('monitor_id', '=', monitorId).where('period', '=', period).where(sql<number>`up + degraded + down`, '>', 0))?.s ?? null;
  const hour = newest('hour');
  const day = newest('day');
  const ends = [hour === null ? null : hour + 3_600_000, day === null ? null : day + 86_400_000].filter((e): e is number => e !== null);
  return ends.length === 0 ? null : Math.max(...ends);
}
