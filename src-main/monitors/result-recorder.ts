// The recorder the runners hand each check's outcome to (check-recorder.ts): it keeps every outcome at full detail
// in `monitor_results` on this device for a day. Outcomes wait in memory and go to disk together — every few seconds,
// or sooner when many wait — in one transaction: 500 monitors at 30 s are 17 rows a second, one small write every
// few seconds. Nothing here is replicated; the rollup writer sums these rows into the team's hourly rollups.
import type { Clock } from '../clock.ts';
import type { Logger } from '../log.ts';
import type { Store } from '../store/database.ts';
import type { CheckRecord, CheckRecorder } from './check-recorder.ts';

/** How long raw results are kept. */
export const RESULTS_KEEP_MS = 24 * 3_600_000;

export interface ResultRecorderOptions {
  store: Store;
  clock: Clock;
  log: Logger;
  /** How long an outcome may wait in memory (default 5 s). */
  flushMs?: number;
  /** Write at once when this many wait (default 500). */
  maxPending?: number;
}

export interface ResultRecorder extends CheckRecorder {
  start(): void;
  /** Writes whatever waits (the rollup writer calls this before it sums an hour). */
  flush(): void;
  /** Deletes results older than a day, a few thousand rows at a time so that requests get their turn in between; returns how many. */
  prune(): Promise<number>;
  /** The newest result held for a monitor (written or waiting), or null. */
  newestAt(monitorId: string): number | null;
  close(): void;
}

export function createResultRecorder(opts: ResultRecorderOptions): ResultRecorder {
  const { store, clock, log } = opts;
  const flushMs = opts.flushMs ?? 5000;
  const maxPending = opts.maxPending ?? 500;
  let pending: { monitorId: string; atMs: number; outcome: string; responseMs: number | null; message: string | null }[] = [];
  // The newest instant recorded per monitor: two outcomes in the same millisecond (a beat and a verdict) both count,
  // the later one a millisecond on, since a monitor's results are keyed by instant.
  const newest = new Map<string, number>();
  let cancel = () => {};
  let closed = false;
  const insert = store.db.prepare(`INSERT INTO monitor_results (monitor_id, at_ms, outcome, response_ms, message) VALUES (?, ?, ?, ?, ?)
    ON CONFLICT (monitor_id, at_ms) DO UPDATE SET outcome = excluded.outcome, response_ms = excluded.response_ms, message = excluded.message`);
  const newestOnDisk = store.db.prepare('SELECT MAX(at_ms) FROM monitor_results WHERE monitor_id = ?').pluck();
  const chunkBound = store.db.prepare('SELECT at_ms FROM monitor_results WHERE at_ms < ? ORDER BY at_ms LIMIT 1 OFFSET 5000').pluck();
  const deleteBefore = store.db.prepare('DELETE FROM monitor_results WHERE at_ms < ?');
  const writeAll = store.db.transaction((rows: typeof pending) => {
    for (const r of rows) insert.run(r.monitorId, r.atMs, r.outcome, r.responseMs, r.message);
  });

  const flush = () => {
    if (pending.length === 0) return;
    const rows = pending;
    pending = [];
    try {
      writeAll(rows);
    } catch (e) {
      // Results are a record, not a duty: losing a few seconds of them must not stop the checks.
      log.error(`monitors: could not keep ${rows.length} check results: ${(e as Error).message}`);
    }
  };
  const arm = () => {
    if (closed) return;
    cancel = clock.at(clock.now() + flushMs, () => { flush(); arm(); });
  };
  const newestAt = (monitorId: string): number | null => {
    const known = newest.get(monitorId);
    if (known !== undefined) return known;
    const onDisk = newestOnDisk.get(monitorId) as number | null;
    if (onDisk !== null) newest.set(monitorId, onDisk);
    return onDisk;
  };

  return {
    record(monitorId: string, r: CheckRecord) {
      const last = newestAt(monitorId);
      const atMs = last !== null && r.atMs <= last ? last + 1 : r.atMs;
      newest.set(monitorId, atMs);
      pending.push({ monitorId, atMs, outcome: r.outcome, responseMs: r.responseMs === null ? null : Math.round(r.responseMs), message: r.message });
      if (pending.length >= maxPending) flush();
    },
    start: arm,
    flush,
    async prune() {
      flush();
      const cutoff = clock.now() - RESULTS_KEEP_MS;
      let deleted = 0;
      for (;;) {
        // An hour of 500 monitors at 30 s is 60,000 rows: deleted at once, they would hold the event loop for a while.
        const bound = (chunkBound.get(cutoff) as number | undefined) ?? cutoff;
        const n = deleteBefore.run(Math.min(bound, cutoff)).changes;
        deleted += n;
        if (bound >= cutoff || n === 0) return deleted;
        await new Promise((resolve) => setImmediate(resolve));
      }
    },
    newestAt,
    close() { closed = true; cancel(); flush(); },
  };
}
