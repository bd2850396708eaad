// What a status page says of its monitors: each one's checks per UTC day and whether it is degraded now. Days come
// from the replicated daily rollups; a day that has none yet (today, until the day's rollup is written after UTC
// midnight, or a day whose rollup has not arrived) is the sum of its hourly rollups so far.
import type { Store } from '../store/database.ts';
import type { DayCounts } from '../../src-shared/domain/status/public-view.ts';
import { sumCounts } from '../../src-shared/domain/monitors/uptime.ts';
import { readRollups } from '../store/monitor-rollups.ts';
import type { MonitorRollup } from '../../src-shared/schemas/monitors.ts';
import type { MonitorState } from '../../src-shared/domain/monitors/fold.ts';

const HOUR_MS = 3_600_000;

export function dailyCounts(store: Store, monitorIds: string[], fromMs: number, toMs: number): Map<string, DayCounts[]> {
  const days = readRollups(store, monitorIds, 'day', fromMs, toMs);
  // Hours are read only for the spans no daily rollup covers (usually just today, and whatever came before a monitor's
  // first daily rollup): 90 days of hours for every monitor on every build would cost more than the rest of the page.
  const DAY = 24 * HOUR_MS;
  const uncovered = (id: string): [number, number][] => {
    const spans: [number, number][] = [];
    let from = fromMs;
    for (const r of days.get(id) ?? []) {
      const start = Date.parse(r.start);
      if (start > from) spans.push([from, start]);
      from = Math.max(from, start + DAY);
    }
    if (from < toMs) spans.push([from, toMs]);
    return spans;
  };
  const hours = new Map(monitorIds.map((id) => [id, uncovered(id).flatMap(([a, b]) => readRollups(store, [id], 'hour', a, b).get(id) ?? [])]));
  const out = new Map<string, DayCounts[]>();
  for (const id of monitorIds) {
    const byDate = new Map<string, DayCounts>((days.get(id) ?? []).map((r) => [r.start.slice(0, 10), { date: r.start.slice(0, 10), up: r.up, degraded: r.degraded, down: r.down }]));
    const hoursByDate = new Map<string, MonitorRollup[]>();
    for (const h of hours.get(id) ?? []) {
      const date = h.start.slice(0, 10);
      if (!byDate.has(date)) hoursByDate.set(date, [...(hoursByDate.get(date) ?? []), h]);
    }
    for (const [date, hs] of hoursByDate) byDate.set(date, { date, ...sumCounts(hs) });
    out.set(id, [...byDate.values()].sort((a, b) => (a.date < b.date ? -1 : 1)));
  }
  return out;
}

/**
 * Whether each monitor is degraded now (answering, but slow or with a certificate about to expire). On its runner the
 * newest check says so. Elsewhere only the team's hourly rollups do: the newest one, if it covers the last two hours
 * (the hour before is rolled up when it ends), reads as degraded when most of its answers were degraded — a single
 * slow check in an hour is not a degraded service.
 */
export function degradedNow(store: Store, monitors: readonly Pick<MonitorState, 'id' | 'runnerDeviceId' | 'config'>[], deviceId: string, nowMs: number): Set<string> {
  const out = new Set<string>();
  if (monitors.length === 0) return out;
  const newestCheck = store.db.prepare('SELECT outcome, at_ms FROM monitor_results WHERE monitor_id = ? ORDER BY at_ms DESC LIMIT 1');
  const recentHours = readRollups(store, monitors.map((m) => m.id), 'hour', Math.floor(nowMs / HOUR_MS) * HOUR_MS - 2 * HOUR_MS, nowMs + 1);
  for (const m of monitors) {
    // This device's own newest check says it only while this device runs the monitor and the check is recent: a
    // former runner's last result (kept a day) must not outvote the team's rollups.
    const newest = m.runnerDeviceId === deviceId ? newestCheck.get(m.id) as { outcome: string; at_ms: number } | undefined : undefined;
    if (newest && newest.outcome !== 'no_data' && nowMs - newest.at_ms <= 2 * m.config.intervalSeconds * 1000) {
      if (newest.outcome === 'degraded') out.add(m.id);
      continue;
    }
    const hour = recentHours.get(m.id)?.at(-1);
    if (hour && hour.degraded > hour.up) out.add(m.id);
  }
  return out;
}
