// How numbers and times read on a public page. Pages are cached and shared, so times are absolute and in UTC (no
// "5 minutes ago" that goes stale in a cache, no visitor time zone without script).
import { TEXT } from './strings.ts';

/**
 * A share as a percentage with two decimals, rounded down: 99.996% up is not "100.00%", which a visitor reads as
 * "never down".
 */
export function percent(share: number): string {
  const hundredths = Math.floor(Math.min(1, Math.max(0, share)) * 10_000 + 1e-7);
  return `${(hundredths / 100).toFixed(2)}%`;
}

/** `2026-11-30` → `30 Nov 2026`. */
export function day(date: string): string {
  const [y, m, d] = date.split('-');
  const month = TEXT.months[Number(m) - 1];
  return month && d && y ? `${Number(d)} ${month} ${y}` : date;
}

/** An ISO instant → `30 Nov 2026, 14:05 UTC` (the ISO text itself if it is not one). */
export function instant(iso: string): string {
  const t = new Date(iso);
  if (Number.isNaN(t.getTime())) return iso;
  const s = t.toISOString();
  return `${day(s.slice(0, 10))}, ${s.slice(11, 16)} UTC`;
}
