// Issue 10 §1: what 500 HTTP monitors at 30-second intervals cost the device that runs them. The engine and the
// check runner run in this process on the real clock; the checked HTTP server runs in a child process, so its work
// is not counted. First an idle baseline (the engine open, the runner not started), then the monitors run for a fixed
// span; the figures are this process's CPU time over that span as a share of one core, and its RSS growth over the
// idle baseline (goal: under 5 % of a core and under 50 MB).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { once } from 'node:events';
import { createEngine } from '../src-main/engine/engine.ts';
import { createCheckRunner } from '../src-main/monitors/check-runner.ts';
import { systemClock } from '../src-main/clock.ts';
import { silentLogger } from '../src-main/log.ts';
import { CreateMonitor } from '../src-shared/schemas/monitors.ts';
import { percentile } from './support/stats.ts';

const MONITORS = 500;
const INTERVAL_SECONDS = 30;
/** Idle baseline, warm-up (every monitor has had its first check), then the measured span. */
const IDLE_SECONDS = 10;
const WARMUP_SECONDS = INTERVAL_SECONDS;
const SPAN_SECONDS = 120;

const TARGET = `
const http = require('node:http');
const s = http.createServer((req, res) => res.end('ok ' + req.url));
s.keepAliveTimeout = 60000;
s.listen(0, '127.0.0.1', () => process.stdout.write(String(s.address().port) + '\\n'));
`;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const mb = (bytes: number) => Math.round(bytes / 1024 / 102.4) / 10;

/** CPU share of one core and peak RSS over `seconds`, sampled each second. */
async function measure(seconds: number): Promise<{ cpuShare: number; rssPeak: number; rssEnd: number }> {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  let rssPeak = 0;
  for (let i = 0; i < seconds; i++) { await sleep(1000); rssPeak = Math.max(rssPeak, process.memoryUsage.rss()); }
  const cpu = process.cpuUsage(cpu0);
  return { cpuShare: (cpu.user + cpu.system) / 1000 / (performance.now() - t0), rssPeak, rssEnd: process.memoryUsage.rss() };
}

export async function benchMonitors(opts: { log: (line: string) => void }): Promise<Record<string, number>> {
  const { log } = opts;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'klaxon-bench-monitors-'));
  const target = spawn(process.execPath, ['-e', TARGET], { stdio: ['ignore', 'pipe', 'inherit'] });
  const engine = createEngine({ dataDir: dir, clock: systemClock, log: silentLogger, durability: 'full' });
  const responseMs: number[] = [];
  const outcomes: Record<string, number> = {};
  const runner = createCheckRunner({
    engine, clock: systemClock, log: silentLogger,
    recorder: { record(_id, r) { outcomes[r.outcome] = (outcomes[r.outcome] ?? 0) + 1; if (r.responseMs !== null) responseMs.push(r.responseMs); } },
  });
  try {
    const [line] = (await once(target.stdout, 'data')) as [Buffer];
    const port = Number(String(line).trim());
    const svc = await engine.createService({ name: 'Monitored' });
    for (let i = 0; i < MONITORS; i++) {
      await engine.createMonitor(CreateMonitor.parse({
        type: 'http', name: `site ${i}`, serviceId: svc.id, intervalSeconds: INTERVAL_SECONDS, url: `http://127.0.0.1:${port}/health/${i}`,
        keyword: 'ok', degradedAfterMs: 2000,
      }), 'bench');
    }
    global.gc?.();
    log(`idle baseline for ${IDLE_SECONDS} s (engine open, ${MONITORS} monitors defined, runner not started)…`);
    const idle = await measure(IDLE_SECONDS);
    runner.start();
    log(`${MONITORS} HTTP monitors every ${INTERVAL_SECONDS} s: warm-up ${WARMUP_SECONDS} s, then ${SPAN_SECONDS} s measured…`);
    await sleep(WARMUP_SECONDS * 1000);
    const checksBefore = Object.values(outcomes).reduce((a, b) => a + b, 0);
    const run = await measure(SPAN_SECONDS);
    const checks = Object.values(outcomes).reduce((a, b) => a + b, 0) - checksBefore;
    const figures = {
      monitors: MONITORS, intervalSeconds: INTERVAL_SECONDS, spanSeconds: SPAN_SECONDS,
      checksInSpan: checks, checksPerSecond: Math.round((checks / SPAN_SECONDS) * 10) / 10,
      idleCpuPercentOfCore: Math.round(idle.cpuShare * 1000) / 10,
      cpuPercentOfCore: Math.round(run.cpuShare * 1000) / 10,
      cpuPercentOverIdle: Math.round((run.cpuShare - idle.cpuShare) * 1000) / 10,
      idleRssMb: mb(idle.rssEnd), rssMb: mb(run.rssEnd), rssGrowthMb: mb(run.rssPeak - idle.rssEnd),
      checkP50Ms: percentile(responseMs, 50), checkP95Ms: percentile(responseMs, 95),
      down: outcomes.down ?? 0, noData: outcomes.no_data ?? 0,
    };
    log(`monitors: ${figures.checksInSpan} checks in ${SPAN_SECONDS} s (${figures.checksPerSecond}/s; down ${figures.down}, no data ${figures.noData}); `
      + `CPU ${figures.cpuPercentOfCore}% of a core (idle ${figures.idleCpuPercentOfCore}%, goal < 5%); `
      + `RSS ${figures.rssMb} MB, +${figures.rssGrowthMb} MB at peak over the idle ${figures.idleRssMb} MB (goal < 50 MB); check p50 ${figures.checkP50Ms} ms, p95 ${figures.checkP95Ms} ms`);
    return figures;
  } finally {
    await runner.close();
    await engine.close();
    target.kill();
    rmSync(dir, { recursive: true, force: true });
  }
}
