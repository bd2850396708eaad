// Percentiles and rounding for the figures of the benchmark sections.

export const round = (n: number, digits = 1): number => (Number.isFinite(n) ? Number(n.toFixed(digits)) : n);

/** The nearest-rank percentile of `values` (unsorted), rounded to 0.1. */
export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return round(sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? NaN);
}

export interface Spread { n: number; p50: number; p90: number; p99: number; max: number }

export function spread(values: readonly number[]): Spread {
  return { n: values.length, p50: percentile(values, 50), p90: percentile(values, 90), p99: percentile(values, 99), max: percentile(values, 100) };
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
