// What a status page says of its monitors: each one's checks per UTC day and whether it is degraded now. Days come
// from the replicated daily rollups; a day that has none yet (today, until the day's rollup is written after UTC
// midnight, or a day whose rollup has not arrived) is the sum of its hourly rollups so far.
import type { Store } from '../store/database.ts';
import type { DayCounts } from '../../src-shared/domain/status/public-view.ts';
import { sumCounts } from '../../src-shared/domain/monitors/uptime.ts';
import { readRollups } from '../store/monitor-rollups.ts';
import type { MonitorRollup } from '../../src-shared/schemas/monitors.ts';

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
export function degradedNow(store: Store, monitorIds: string[], nowMs: number): Set<string> {
  const out = new Set<string>();
  if (monitorIds.length === 0) return out;
  const newestCheck = store.db.prepare('SELECT outcome FROM monitor_results WHERE monitor_id = ? ORDER BY at_ms DESC LIMIT 1').pluck();
  const recentHours = readRollups(store, monitorIds, 'hour', Math.floor(nowMs / HOUR_MS) * HOUR_MS - 2 * HOUR_MS, nowMs + 1);
  for (const id of monitorIds) {
    const outcome = newestCheck.get(id) as string | undefined;
    if (outcome !== undefined && outcome !== 'no_data') {
      if (outcome === 'degraded') out.add(id);
      continue;
    }
    const newest = recentHours.get(id)?.at(-1);
    if (newest && newest.degraded > newest.up) out.add(id);
  }
  return out;
}
