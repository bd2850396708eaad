// Summing a monitor's checks into an hour, and hours into a UTC day (issue 10 §1 results). The runner sums each closed
// hour from the raw checks it holds, and each closed day from its own hourly summaries — not from raw checks, which
// are kept only a day — so a day's p95 needs more than the hours' p95s: the runner keeps, on its own disk only, a
// small histogram of each hour's response times, and the day's p95 is read from their sum. The team's ops carry only
// what the team shows (RollupEntry): a histogram per monitor per hour would be ~0.9 GB a year in every device's op
// log for 500 monitors. A day whose histograms the runner no longer has (lost, or hours summed by an older version
// without keeping them) falls back to its hours' p95s weighted by their timed checks — an approximation, not a p95.
//
// The histogram's buckets grow by 10% each: bucket i holds times in (1.1^(i-1), 1.1^i] ms (bucket 0: up to 1 ms), and a
// bucket reads as its geometric middle, so an estimate is within 5% of the true value. 10 minutes (well past any
// check's timeout) falls in bucket 140, and anything slower in 141, the last; an hour of steady checks fills a few.
import type { CheckOutcome } from '../../schemas/monitors.ts';

export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;

const GROWTH = 1.1;
const LOG_GROWTH = Math.log(GROWTH);
export const LAST_BUCKET = 141;

/**
 * A histogram, compact (the runner keeps one per monitor per hour; ops written before they were kept locally carry
 * one too): the index of its first
 * non-empty bucket, then the counts of that bucket and each one after it up to the last non-empty one (`[]`: none).
 * `[31, 2, 0, 5]`: two times in bucket 31, five in bucket 33.
 */
export type Histogram = number[];

export function histogramOf(counts: ReadonlyMap<number, number>): Histogram {
  const used = [...counts].filter(([, c]) => c > 0).map(([i]) => i);
  if (used.length === 0) return [];
  const first = Math.min(...used);
  const last = Math.max(...used);
  return [first, ...Array.from({ length: last - first + 1 }, (_, k) => counts.get(first + k) ?? 0)];
}

/** Each non-empty bucket and its count, lowest first. */
export function bucketsOf(h: Histogram): [index: number, count: number][] {
  const out: [number, number][] = [];
  for (let k = 1; k < h.length; k++) if (h[k]! > 0) out.push([h[0]! + k - 1, h[k]!]);
  return out;
}

export interface RollupEntry {
  monitorId: string;
  /** Checks of every outcome, `no_data` ones included. */
  checks: number;
  up: number;
  degraded: number;
  down: number;
  /** Seconds of the period nobody could tell (a `no_data` outcome lasts until the monitor's next check). */
  noDataSeconds: number;
  /** Mean and p95 of the response times of up and degraded checks; null when none had one. */
  avgMs: number | null;
  p95Ms: number | null;
}

/** An hour as the runner sums it: what the team is told, and the histogram it keeps to sum the day's p95 from. */
export interface HourSummary extends RollupEntry { histogram: Histogram }

/** An hour as the day is summed from it: its histogram, when the runner still has it. */
export type HourForDay = RollupEntry & { histogram?: Histogram | undefined };

export interface RecordedCheck { atMs: number; outcome: CheckOutcome; responseMs: number | null }

export function bucketOf(ms: number): number {
  if (ms <= 1) return 0;
  // The small epsilon keeps an exact power of 1.1 in its own bucket despite rounding in the logarithm.
  return Math.min(LAST_BUCKET, Math.max(0, Math.ceil(Math.log(ms) / LOG_GROWTH - 1e-9)));
}

/** What a bucket reads as: the geometric middle of its bounds. */
export const bucketValue = (index: number): number => (index === 0 ? 1 : GROWTH ** (index - 0.5));

const round2 = (n: number): number => Math.round(n * 100) / 100;

/** The p95 by nearest rank: the smallest value at least 95% of the values are at or below. */
export function p95Exact(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.ceil(0.95 * sorted.length) - 1]!;
}

export function p95OfHistogram(histogram: Histogram): number | null {
  const buckets = bucketsOf(histogram);
  const total = buckets.reduce((n, [, c]) => n + c, 0);
  if (total === 0) return null;
  const rank = Math.ceil(0.95 * total);
  let seen = 0;
  for (const [index, count] of buckets) {
    seen += count;
    if (seen >= rank) return round2(bucketValue(index));
  }
  return null;
}

/**
 * One monitor's checks in [startMs, endMs), oldest first. `noDataSince`: when the check before the period said
 * `no_data` (that span runs on into this period until the next check), else null.
 */
export function summarizePeriod(monitorId: string, checks: readonly RecordedCheck[], startMs: number, endMs: number, noDataSince: number | null): HourSummary {
  const entry: HourSummary = { monitorId, checks: checks.length, up: 0, degraded: 0, down: 0, noDataSeconds: 0, avgMs: null, p95Ms: null, histogram: [] };
  let noDataMs = 0;
  let openAt = noDataSince === null ? null : Math.max(noDataSince, startMs);
  const times: number[] = [];
  for (const c of checks) {
    if (openAt !== null) noDataMs += c.atMs - openAt;
    openAt = c.outcome === 'no_data' ? c.atMs : null;
    if (c.outcome === 'up' || c.outcome === 'degraded') {
      entry[c.outcome]++;
      if (c.responseMs !== null) times.push(c.responseMs);
    } else if (c.outcome === 'down') entry.down++;
  }
  if (openAt !== null) noDataMs += endMs - openAt;
  entry.noDataSeconds = Math.round(noDataMs / 1000);
  if (times.length > 0) {
    entry.avgMs = round2(times.reduce((a, b) => a + b, 0) / times.length);
    entry.p95Ms = p95Exact(times);
    const counts = new Map<number, number>();
    for (const t of times) counts.set(bucketOf(t), (counts.get(bucketOf(t)) ?? 0) + 1);
    entry.histogram = histogramOf(counts);
  }
  return entry;
}

/** What the team is told of a summary: its histogram, if any, stays behind. */
export const leanEntry = ({ monitorId, checks, up, degraded, down, noDataSeconds, avgMs, p95Ms }: RollupEntry): RollupEntry =>
  ({ monitorId, checks, up, degraded, down, noDataSeconds, avgMs, p95Ms });

const timedCount = (h: HourForDay): number =>
  h.histogram !== undefined ? bucketsOf(h.histogram).reduce((s, [, c]) => s + c, 0) : h.up + h.degraded;

/**
 * A day of one monitor from its hours: counts and no-data add up; the mean is weighted by timed checks; the p95 is
 * read from the summed histograms when every hour with a response time has one, else (see above) the hours' p95s
 * weighted by their timed checks.
 */
export function mergeEntries(monitorId: string, hours: readonly HourForDay[]): RollupEntry {
  const day: RollupEntry = { monitorId, checks: 0, up: 0, degraded: 0, down: 0, noDataSeconds: 0, avgMs: null, p95Ms: null };
  const counts = new Map<number, number>();
  let timed = 0;
  let weighted = 0;
  let p95Weighted = 0;
  let p95Timed = 0;
  let everyHistogram = true;
  for (const h of hours) {
    day.checks += h.checks; day.up += h.up; day.degraded += h.degraded; day.down += h.down; day.noDataSeconds += h.noDataSeconds;
    const n = timedCount(h);
    if (h.avgMs !== null && n > 0) { timed += n; weighted += h.avgMs * n; }
    if (h.p95Ms !== null && n > 0) { p95Timed += n; p95Weighted += h.p95Ms * n; }
    if (h.histogram === undefined) { if (h.avgMs !== null) everyHistogram = false; continue; }
    for (const [i, c] of bucketsOf(h.histogram)) counts.set(i, (counts.get(i) ?? 0) + c);
  }
  day.avgMs = timed === 0 ? null : round2(weighted / timed);
  day.p95Ms = everyHistogram ? p95OfHistogram(histogramOf(counts)) : p95Timed === 0 ? null : round2(p95Weighted / p95Timed);
  return day;
}

/** The start of the hour and of the UTC day an instant lies in. */
export const hourStart = (ms: number): number => Math.floor(ms / HOUR_MS) * HOUR_MS;
export const dayStart = (ms: number): number => Math.floor(ms / DAY_MS) * DAY_MS;

/** The entity of one device's summary of one period: (device, period, start) names it, so it is written once. */
export const rollupEntity = (deviceId: string, period: 'hour' | 'day', startMs: number): string => `mru_${deviceId}_${period}_${startMs}`;
