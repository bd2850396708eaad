// The runner's histograms of each hour's response times per monitor (migration 14): device-local, never replicated.
// Written with the hour's rollup op, read when its day is summed, deleted once the day is summed.
import type { Store } from './database.ts';
import type { Histogram } from '../../src-shared/domain/monitors/rollup.ts';

export function writeHourHistograms(store: Store, hourMs: number, histograms: ReadonlyMap<string, Histogram>): void {
  const insert = store.db.prepare('INSERT OR REPLACE INTO monitor_hour_histograms (monitor_id, hour_ms, histogram) VALUES (?, ?, ?)');
  for (const [id, h] of histograms) if (h.length > 0) insert.run(id, hourMs, JSON.stringify(h));
}

/** The histograms of the hours starting in [fromMs, toMs), by hour, then by monitor. */
export function readHourHistograms(store: Store, fromMs: number, toMs: number): Map<number, Map<string, Histogram>> {
  const out = new Map<number, Map<string, Histogram>>();
  const rows = store.db.prepare('SELECT monitor_id, hour_ms, histogram FROM monitor_hour_histograms WHERE hour_ms >= ? AND hour_ms < ?')
    .all(fromMs, toMs) as { monitor_id: string; hour_ms: number; histogram: string }[];
  for (const r of rows) {
    let hour = out.get(r.hour_ms);
    if (!hour) out.set(r.hour_ms, hour = new Map());
    hour.set(r.monitor_id, JSON.parse(r.histogram) as Histogram);
  }
  return out;
}

/** Deletes the histograms of hours before `beforeMs` (their day is summed); returns how many. */
export function pruneHourHistograms(store: Store, beforeMs: number): number {
  return store.db.prepare('DELETE FROM monitor_hour_histograms WHERE hour_ms < ?').run(beforeMs).changes;
}
