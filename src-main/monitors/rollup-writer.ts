// Closes hours and UTC days on the clock: when an hour is over, this device sums what each monitor it ran found in
// it (the raw results on this device) into one `monitor.rollup` op for the team; when a day is over, it sums its own
// hourly summaries of that day into one more — so a day survives its raw results being pruned after 24 h. After a
// sleep or a restart it closes every hour it missed that it has results for, once each (engine.commitRollup keeps
// the mark of what is done in the same transaction as the op). The hours' histograms a day's p95 is summed from stay
// on this device (engine.commitRollup), and go once their day is summed. It also prunes: raw results after a day,
// rollups (everyone's) after 400 days.
import type { Clock } from '../clock.ts';
import type { Logger } from '../log.ts';
import type { Engine } from '../engine/types.ts';
import type { ResultRecorder } from './result-recorder.ts';
import { pruneRollups } from '../store/monitor-rollups.ts';
import { pruneHourHistograms } from '../store/monitor-histograms.ts';
import {
  DAY_MS, HOUR_MS, dayStart, hourStart, mergeEntries, summarizePeriod, type HourForDay, type HourSummary, type RecordedCheck,
} from '../../src-shared/domain/monitors/rollup.ts';
import type { CheckOutcome } from '../../src-shared/schemas/monitors.ts';
import { RESULT_SETTLE_MS } from './round-judge.ts';
import { sleptSince } from './wake.ts';

export interface RollupWriterOptions {
  engine: Engine;
  clock: Clock;
  log: Logger;
  recorder: ResultRecorder;
  /** How often it looks whether a period closed (default a minute). */
  tickMs?: number;
}

export interface RollupWriter {
  start(): void;
  /** Closes whatever is due now (what each tick does); resolves when its ops are committed. */
  closeDue(): Promise<void>;
  close(): Promise<void>;
}

interface Row { monitor_id: string; at_ms: number; outcome: string; response_ms: number | null }

export function createRollupWriter(opts: RollupWriterOptions): RollupWriter {
  const { engine, clock, log, recorder } = opts;
  const store = engine.store;
  const tickMs = opts.tickMs ?? 60_000;
  let cancel = () => {};
  let stopped = false;
  let running: Promise<void> = Promise.resolve();
  let rollupsPrunedAt = -Infinity;

  const hourRows = store.db.prepare('SELECT monitor_id, at_ms, outcome, response_ms FROM monitor_results WHERE at_ms >= ? AND at_ms < ? ORDER BY monitor_id, at_ms');
  const lastBefore = store.db.prepare('SELECT outcome, at_ms FROM monitor_results WHERE monitor_id = ? AND at_ms < ? ORDER BY at_ms DESC LIMIT 1');
  const firstResult = store.db.prepare('SELECT MIN(at_ms) FROM monitor_results').pluck();

  /** Monitors whose last check before `ms` said no data: that span runs on into what comes next. */
  const noDataCarry = (ms: number): Map<string, number> => {
    const carry = new Map<string, number>();
    for (const m of engine.listMonitors(engine.deviceId)) {
      const r = lastBefore.get(m.id, ms) as { outcome: string; at_ms: number } | undefined;
      if (r?.outcome === 'no_data') carry.set(m.id, r.at_ms);
    }
    return carry;
  };

  const closeHours = async (now: number): Promise<void> => {
    // The first hour not yet closable: an hour closes once its last results can no longer arrive (a held timeout is
    // recorded at its own instant up to a round later).
    const current = hourStart(now - RESULT_SETTLE_MS);
    let from = engine.rollupsThrough('hour');
    if (from === null) {
      const first = firstResult.get() as number | null;
      if (first === null) return;
      from = hourStart(first);
      // Days are summed from this device's first summed hour on.
      if (engine.rollupsThrough('day') === null) await engine.commitRollup('day', dayStart(from) - DAY_MS, dayStart(from), []);
    }
    if (from >= current) return;
    const carry = noDataCarry(from);
    for (let h = from; h < current && !stopped; h += HOUR_MS) {
      const byMonitor = new Map<string, RecordedCheck[]>();
      for (const r of hourRows.all(h, h + HOUR_MS) as Row[]) {
        let list = byMonitor.get(r.monitor_id);
        if (!list) byMonitor.set(r.monitor_id, list = []);
        list.push({ atMs: r.at_ms, outcome: r.outcome as CheckOutcome, responseMs: r.response_ms });
      }
      const entries: HourSummary[] = [];
      for (const id of new Set([...byMonitor.keys(), ...carry.keys()])) {
        const checks = byMonitor.get(id) ?? [];
        entries.push(summarizePeriod(id, checks, h, h + HOUR_MS, carry.get(id) ?? null));
        const last = checks.at(-1);
        if (last) {
          if (last.outcome === 'no_data') carry.set(id, last.atMs);
          else carry.delete(id);
        }
      }
      await engine.commitRollup('hour', h, h + HOUR_MS, entries.sort((a, b) => (a.monitorId < b.monitorId ? -1 : 1)));
    }
  };

  const closeDays = async (): Promise<void> => {
    const hoursThrough = engine.rollupsThrough('hour');
    let d = engine.rollupsThrough('day');
    if (hoursThrough === null || d === null) return;
    for (; d + DAY_MS <= hoursThrough && !stopped; d += DAY_MS) {
      const byMonitor = new Map<string, HourForDay[]>();
      for (const hour of engine.ownHourlyRollups(d, d + DAY_MS)) {
        for (const e of hour) {
          let list = byMonitor.get(e.monitorId);
          if (!list) byMonitor.set(e.monitorId, list = []);
          list.push(e);
        }
      }
      const entries = [...byMonitor].map(([id, hours]) => mergeEntries(id, hours)).sort((a, b) => (a.monitorId < b.monitorId ? -1 : 1));
      await engine.commitRollup('day', d, d + DAY_MS, entries);
    }
  };

  const closeDue = async (): Promise<void> => {
    const now = clock.now();
    recorder.flush();
    const before = engine.rollupsThrough('hour');
    await closeHours(now);
    await closeDays();
    const daysThrough = engine.rollupsThrough('day');
    if (daysThrough !== null) pruneHourHistograms(store, daysThrough);
    if (engine.rollupsThrough('hour') !== before) await recorder.prune();
    if (now - rollupsPrunedAt >= DAY_MS) {
      rollupsPrunedAt = now;
      pruneRollups(store, now);
    }
  };

  // When the next tick is due: a tick that comes far later than that means the machine slept. The runners record
  // that span as no data on their own next tick (a second away); closing waits one tick more, so that the hours the
  // sleep spans are summed with it.
  let armedAt = clock.now();
  const tick = () => {
    if (stopped) return;
    // Looked at once the timer's turn is over (as the runners do), so "now" is the clock after whatever woke it.
    running = running.then(() => (sleptSince(armedAt, clock.now(), tickMs) ? undefined : closeDue()))
      .catch((e: unknown) => log.error(`monitors: closing rollups failed: ${(e as Error).message}`)).finally(arm);
  };
  const arm = () => { if (!stopped) { armedAt = clock.now(); cancel = clock.at(armedAt + tickMs, tick); } };

  return {
    start() { recorder.start(); arm(); },
    closeDue: () => (running = running.then(closeDue)),
    async close() { stopped = true; cancel(); await running; recorder.close(); },
  };
}
