// A report's rows as the charts draw them: one x value per week of the range (weeks with no incident included, so
// the axis has no holes), one series per service or person. Means are missing (a gap in the line) where a week had
// nothing to average; counts are 0 there.
import type { ReportRow } from '../../src-shared/schemas/oncall.ts';
import { weekStart } from '../../src-shared/domain/oncall/reports.ts';

const WEEK_MS = 7 * 86_400_000;

export const RANGE_WEEKS = [4, 12, 26] as const;
export type RangeWeeks = (typeof RANGE_WEEKS)[number];

/** The last `weeks` whole weeks up to and including this one: Monday 00:00 UTC to the next Monday. */
export function reportRange(weeks: RangeWeeks, nowMs: number): { from: string; to: string } {
  const to = weekStart(nowMs) + WEEK_MS;
  return { from: new Date(to - weeks * WEEK_MS).toISOString(), to: new Date(to).toISOString() };
}

/** Monday of each week in [from, to). */
export function weeksOf(range: { from: string; to: string }): number[] {
  const out: number[] = [];
  for (let w = weekStart(Date.parse(range.from)); w < Date.parse(range.to); w += WEEK_MS) out.push(w);
  return out;
}

export interface Series { key: string; name: string; values: (number | null)[] }

export type Metric = 'mttaMinutes' | 'mttrMinutes' | 'incidents' | 'escalatedPercent';

const valueOf: Record<Metric, (r: ReportRow) => number | null> = {
  mttaMinutes: (r) => (r.mttaSeconds === null ? null : r.mttaSeconds / 60),
  mttrMinutes: (r) => (r.mttrSeconds === null ? null : r.mttrSeconds / 60),
  incidents: (r) => r.incidents,
  escalatedPercent: (r) => r.escalatedShare * 100,
};
const EMPTY_WEEK: Record<Metric, number | null> = { mttaMinutes: null, mttrMinutes: null, incidents: 0, escalatedPercent: null };

/** One series per key (in the order keys first appear, by name), aligned with `weeks`. */
export function seriesOf(rows: readonly ReportRow[], weeks: readonly number[], metric: Metric): Series[] {
  const index = new Map(weeks.map((w, i) => [w, i]));
  const byKey = new Map<string, Series>();
  for (const r of [...rows].sort((a, b) => a.name.localeCompare(b.name) || a.key.localeCompare(b.key))) {
    let s = byKey.get(r.key);
    if (!s) {
      s = { key: r.key, name: r.name, values: weeks.map(() => EMPTY_WEEK[metric]) };
      byKey.set(r.key, s);
    }
    const i = index.get(Date.parse(r.week));
    if (i !== undefined) s.values[i] = valueOf[metric](r);
  }
  return [...byKey.values()];
}

/** Running totals, last series on top: what stacked bars draw (each bar reaches the sum of those below it and itself). */
export function stacked(series: readonly Series[]): Series[] {
  const sums = series[0]?.values.map(() => 0) ?? [];
  return series.map((s) => ({ ...s, values: s.values.map((v, i) => (sums[i] = sums[i]! + (v ?? 0))) }));
}

/** `45 s`, `12 min`, `3 h 05 min`, `2 d 4 h`; `—` when there is nothing to show. */
export function formatDuration(seconds: number | null): string {
  if (seconds === null) return '—';
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  const min = Math.round(s / 60);
  if (min < 60) return `${min} min`;
  const h = Math.floor(min / 60);
  if (h < 48) return `${h} h ${String(min % 60).padStart(2, '0')} min`;
  return `${Math.floor(h / 24)} d ${h % 24} h`;
}

export const formatPercent = (share: number): string => `${Math.round(share * 100)}%`;

const PALETTE = ['#2563eb', '#dc2626', '#059669', '#d97706', '#7c3aed', '#db2777', '#0891b2', '#65a30d', '#9333ea', '#ea580c'];

/** The colour of the i-th series (ten apart, then round again). */
export const colourAt = (i: number): string => PALETTE[i % PALETTE.length]!;
