// Issue 10 §1: what keeping monitor results costs the runner. A real host in this process (temp data dir, normal
// durability, a fake clock) with 500 monitors checked every 30 s; a day of their outcomes (1.44 million) handed to the
// recorder as the runners would, each hour closed into its rollup op and the day from its hours. Reported: the CPU
// the recording takes as a share of one core over the span it covers, the time to close an hour and a day, the ops'
// size (and that of the histograms the runner keeps to itself), the raw table's size at its largest (a day), and the time to prune a day of raw results.
// Standalone: `scripts/with-node24 node bench/monitor-results.ts [--json] [--monitors N] [--hours N]`.
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { startServer } from '../test/support/server.ts';
import { FakeClock } from '../src-main/clock.ts';
import { rollupEntity } from '../src-shared/domain/monitors/rollup.ts';

export interface MonitorResultsBenchOptions { log?: (line: string) => void; json?: boolean; monitors?: number; hours?: number }

const HOUR = 3_600_000;
const round = (n: number) => Math.round(n * 100) / 100;

export async function benchMonitorResults(opts: MonitorResultsBenchOptions = {}): Promise<Record<string, number>> {
  const log = opts.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  const n = opts.monitors ?? 500;
  const hours = opts.hours ?? 24;
  const T0 = Date.parse('2026-03-02T00:00:00Z');
  const clock = new FakeClock(T0);
  const server = await startServer({ durability: 'normal', clock });
  try {
    const { engine, recorder, rollups } = server.klaxon;
    const ids: string[] = [];
    for (let i = 0; i < n; i++) {
      // Paused: no runner checks them; the bench hands their outcomes to the recorder itself.
      const m = await engine.createMonitor({ name: `shop ${i}`, type: 'http', url: `http://127.0.0.1:9/${i}`, intervalSeconds: 30, serviceId: server.serviceId, method: 'GET', headers: {}, body: null, timeoutSeconds: 10, expectedStatus: ['200-299'], keyword: null, keywordAbsent: false, degradedAfterMs: null, certExpiryWarningDays: null, redirectsToOtherHosts: false, retries: 0, successesBeforeUp: 1, renotifyMinutes: null }, 'user:bench');
      await engine.updateMonitor(m.id, { paused: true }, 'user:bench');
      ids.push(m.id);
    }
    log(`${n} monitors at 30 s for ${hours} h: ${n * 120 * hours} outcomes`);
    let seed = 1;
    const rand = () => { seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31; return seed / 2 ** 31; };
    let recordCpuUs = 0;
    const closeHourMs: number[] = [];
    const closeHourCpuMs: number[] = [];
    let localHistogramBytes = 0;
    for (let h = 0; h < hours; h++) {
      for (let tick = 0; tick < 120; tick++) {
        const cpu = process.cpuUsage();
        for (let i = 0; i < n; i++) {
          // Spread over the 30 s as the runner spreads its checks.
          const at = T0 + h * HOUR + tick * 30_000 + Math.floor((i / n) * 30_000);
          const r = rand();
          recorder.record(ids[i]!, { atMs: at, outcome: r < 0.98 ? 'up' : r < 0.99 ? 'degraded' : 'down', responseMs: r < 0.99 ? 20 + Math.round(rand() * 300) : null, message: null });
        }
        clock.advance(30_000); // the recorder's flush timer runs on this clock
        const used = process.cpuUsage(cpu);
        recordCpuUs += used.user + used.system;
      }
      // Half a minute into the next hour (the clock runs that much ahead of the checks from here on: harmless).
      clock.advance(30_000);
      const t = performance.now();
      const cpu = process.cpuUsage();
      await rollups.closeDue();
      closeHourMs.push(performance.now() - t);
      const used = process.cpuUsage(cpu);
      closeHourCpuMs.push((used.user + used.system) / 1000);
      // What the runner keeps of the first hour for the day's p95 (gone once the day is summed).
      if (h === 0) localHistogramBytes = engine.store.db.prepare('SELECT COALESCE(SUM(length(histogram)), 0) FROM monitor_hour_histograms WHERE hour_ms = ?').pluck().get(T0) as number;
    }
    const rawRows = engine.store.db.prepare('SELECT COUNT(*) FROM monitor_results').pluck().get() as number;
    const hourOp = engine.store.db.prepare("SELECT length(data) FROM ops WHERE entity = ?").pluck().get(rollupEntity(engine.deviceId, 'hour', T0)) as number;
    const dayOp = engine.store.db.prepare("SELECT length(data) FROM ops WHERE entity = ?").pluck().get(rollupEntity(engine.deviceId, 'day', T0)) as number | undefined;
    clock.advance(25 * HOUR);
    const pruneStart = performance.now();
    const pruned = await recorder.prune();
    const pruneMs = performance.now() - pruneStart;
    const spanMs = hours * HOUR;
    const sorted = [...closeHourMs].sort((a, b) => a - b);
    const figures = {
      monitors: n, hours, outcomes: n * 120 * hours,
      recordCpuShareOfCorePct: round((recordCpuUs / 1000 / spanMs) * 100),
      recordCpuUsPerOutcome: round(recordCpuUs / (n * 120 * hours)),
      closeHourP50Ms: round(sorted[Math.floor(sorted.length / 2)]!),
      closeHourMaxMs: round(sorted.at(-1)!),
      closeHourCpuP50Ms: round([...closeHourCpuMs].sort((a, b) => a - b)[Math.floor(closeHourCpuMs.length / 2)]!),
      hourOpBytes: hourOp, dayOpBytes: dayOp ?? 0, hourHistogramsKeptLocallyBytes: localHistogramBytes,
      rawRowsAtMost: rawRows, prunedRows: pruned, pruneMs: round(pruneMs),
    };
    log(`recording: ${figures.recordCpuUsPerOutcome} µs CPU per outcome = ${figures.recordCpuShareOfCorePct}% of one core at 500 monitors / 30 s`);
    log(`closing an hour: p50 ${figures.closeHourP50Ms} ms (CPU ${figures.closeHourCpuP50Ms} ms), max ${figures.closeHourMaxMs} ms (the last one closes the day too); hour op ${hourOp} B, day op ${dayOp ?? 0} B (replicated); the hour's histograms kept on the runner ${localHistogramBytes} B`);
    log(`raw results: ${rawRows} rows at most; pruning ${pruned} took ${figures.pruneMs} ms`);
    return figures;
  } finally {
    await server.close();
  }
}

if (import.meta.main) {
  const { values } = parseArgs({ options: { json: { type: 'boolean', default: false }, monitors: { type: 'string' }, hours: { type: 'string' } } });
  const figures = await benchMonitorResults({
    json: values.json, monitors: values.monitors ? Number(values.monitors) : undefined, hours: values.hours ? Number(values.hours) : undefined,
    log: values.json ? (l) => process.stderr.write(`${l}\n`) : undefined,
  });
  if (values.json) process.stdout.write(`${JSON.stringify(figures)}\n`);
}
