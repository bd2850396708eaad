// What a monitor's results come to, for every view that shows them (the window's Monitors page, `klaxon monitors
// show`): the uptime over a span, the response-time series and the 90 daily bars. Raw checks are used where this
// device holds them (only its runner does, and only for a day); the replicated rollups everywhere else.
import type { CheckResult, MonitorRollup } from '../../schemas/monitors.ts';
import { sumCounts, uptimeShare } from './uptime.ts';

const DAY_MS = 86_400_000;

/** The uptime over a span (uptime.ts): from the raw checks where this device holds them, else from the hourly rollups. */
export function uptimeOf(results: readonly CheckResult[], hourly: readonly MonitorRollup[]): number | null {
  if (results.some((r) => r.outcome !== 'no_data')) {
    const count = (o: CheckResult['outcome']) => results.filter((r) => r.outcome === o).length;
    return uptimeShare({ up: count('up'), degraded: count('degraded'), down: count('down') });
  }
  return uptimeShare(sumCounts(hourly));
}

export interface ResponsePoint { atMs: number; ms: number }

/** Response times in time order: each raw check that measured one, else each hour's average. */
export function responseSeries(results: readonly CheckResult[], hourly: readonly MonitorRollup[]): { points: ResponsePoint[]; source: 'checks' | 'hourly' } {
  const raw = results.filter((r) => r.responseMs !== null).map((r) => ({ atMs: Date.parse(r.at), ms: r.responseMs! }));
  if (raw.length > 0) return { points: raw.sort((a, b) => a.atMs - b.atMs), source: 'checks' };
  const avg = hourly.filter((h) => h.avgMs !== null).map((h) => ({ atMs: Date.parse(h.start), ms: h.avgMs! }));
  return { points: avg.sort((a, b) => a.atMs - b.atMs), source: 'hourly' };
}

export interface DayBar {
  /** The UTC day, YYYY-MM-DD. */
  day: string;
  /** Null: nothing was concluded that day (no checks, or only "no data"). */
  uptime: number | null;
  checks: number;
}

/** One bar per UTC day, oldest first, the last one the day `nowMs` falls in. */
export function dailyBars(daily: readonly MonitorRollup[], nowMs: number, days = 90): DayBar[] {
  const byDay = new Map(daily.map((d) => [d.start.slice(0, 10), d]));
  const today = Math.floor(nowMs / DAY_MS) * DAY_MS;
  return Array.from({ length: days }, (_, i) => {
    const day = new Date(today - (days - 1 - i) * DAY_MS).toISOString().slice(0, 10);
    const r = byDay.get(day);
    return { day, uptime: r?.uptime ?? null, checks: r?.checks ?? 0 };
  });
}

/** "99.95 %": two decimals, never rounded up to 100 when something was down. */
export function formatUptime(uptime: number | null): string {
  if (uptime === null) return 'no data';
  const pct = Math.floor(uptime * 10_000) / 100;
  return `${pct.toFixed(2)} %`;
}
