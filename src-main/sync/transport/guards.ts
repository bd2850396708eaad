// Guards a listening sync port against floods: a handshake budget per remote address, and log lines that a flood
// cannot multiply. Both keep bounded state, so a flood from many addresses costs memory in proportion to the cap,
// not to the flood.
import type { Logger } from '../../log.ts';

/** Tracked keys beyond which the stalest are forgotten (a forgotten address starts again with a full bucket). */
const MAX_TRACKED = 4096;

function forgetOldest<V>(map: Map<string, V>): void {
  // Maps iterate in insertion order and entries are re-inserted on use: the first key is the least recently used.
  while (map.size > MAX_TRACKED) map.delete(map.keys().next().value!);
}

/** A token bucket per key: `burst` at once, refilled at `perSecond`. */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  private readonly perSecond: number;
  private readonly burst: number;
  private readonly now: () => number;

  constructor(opts: { perSecond: number; burst: number; now?: () => number }) {
    this.perSecond = opts.perSecond;
    this.burst = opts.burst;
    this.now = opts.now ?? Date.now;
  }

  /** Spends a token for `key`; false when its bucket is empty. */
  take(key: string): boolean {
    const now = this.now();
    const bucket = this.buckets.get(key) ?? { tokens: this.burst, at: now };
    this.buckets.delete(key);
    bucket.tokens = Math.min(this.burst, bucket.tokens + ((now - bucket.at) / 1000) * this.perSecond);
    bucket.at = now;
    const allowed = bucket.tokens >= 1;
    if (allowed) bucket.tokens -= 1;
    this.buckets.set(key, bucket);
    forgetOldest(this.buckets);
    return allowed;
  }
}

/**
 * Logs a line at most once per `intervalMs` for each key; lines dropped in between are counted in the next one,
 * so the log says a flood happened without being the flood.
 */
export class ThrottledLog {
  private readonly last = new Map<string, { at: number; dropped: number }>();
  private readonly log: Logger;
  private readonly intervalMs: number;
  private readonly now: () => number;

  constructor(log: Logger, opts: { intervalMs?: number; now?: () => number } = {}) {
    this.log = log;
    this.intervalMs = opts.intervalMs ?? 60_000;
    this.now = opts.now ?? Date.now;
  }

  warn(key: string, line: string): void {
    const now = this.now();
    const seen = this.last.get(key);
    if (seen && now - seen.at < this.intervalMs) { seen.dropped++; return; }
    this.last.delete(key);
    const more = seen && seen.dropped > 0 ? ` (and ${seen.dropped} more like it in the last ${Math.round((now - seen.at) / 1000)} s)` : '';
    this.log.warn(line + more);
    this.last.set(key, { at: now, dropped: 0 });
    forgetOldest(this.last);
  }
}
