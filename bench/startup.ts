// Issue 4 §4: what the headless host costs before it does any work, for the TypeScript sources (Node strips the
// types at every start) and for the compiled command (`vite build --mode headless`, which bin/klaxon.mjs runs after
// `npm run build`):
//   - start-up to healthy: from spawning `klaxon serve` to its first /healthz 200, on an initialised data dir without
//     incidents, and on one holding 100,000 incidents (1,000 open, the rest resolved; generated once per run through
//     the engine, durability normal); with the CPU time the host used until then, which a busy machine inflates less
//     than the wall-clock time;
//   - idle RSS: the host's resident memory once healthy and settled, on both data dirs.
// Each figure is the median of several starts, sources and build taking turns; the ratios compare the build with
// the sources measured in the same run. A bare Node process's RSS is given as the floor no host can go below.
// Standalone: `scripts/with-node24 node bench/startup.ts [--json] [--runs N] [--incidents N]`.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { buildHeadless } from '../test/support/build-headless.ts';
import { cpuTimeMs } from './support/targets.ts';
import { HEADLESS_ENTRY, klaxonInit, makeDataDir, removeDataDir } from '../test/integration/support/klaxon-process.ts';

export interface StartupBenchOptions {
  log?: (line: string) => void;
  json?: boolean;
  /** Starts of each kind per figure (default 5). */
  runs?: number;
  /** Incidents in the large data dir (default 100,000). */
  incidents?: number;
}

interface Figures {
  startupMs: number; startupCpuMs: number; idleRssMb: number;
  startupLargeMs: number; startupLargeCpuMs: number; idleRssLargeMb: number;
}

export interface StartupBenchResult {
  runs: number;
  incidents: number;
  openIncidents: number;
  source: Figures;
  compiled: Figures;
  /** compiled / source: below 1 is better. */
  ratios: Figures;
  nodeFloorRssMb: number;
  setup: string;
}

/** RSS is flat from the first healthy answer on (checked at 0.5 s steps up to 6 s); one second more for good measure. */
const SETTLE_MS = 1000;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const round1 = (n: number) => Math.round(n * 10) / 10;

function rssMb(pid: number): number {
  const kb = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  if (!kb) throw new Error(`no VmRSS for pid ${pid}`);
  return Number(kb) / 1024;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const killer = setTimeout(() => child.kill('SIGKILL'), 15_000);
  await exited;
  clearTimeout(killer);
}

/** Spawns `klaxon serve` and polls /healthz from that instant; resolves at its first 200, with the process still running. */
async function startToHealthy(entry: string, dataDir: string): Promise<{ ms: number; cpuMs: number; child: ChildProcess }> {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(process.execPath, [entry, 'serve', '--data-dir', dataDir, '--port', String(port), '--host', '127.0.0.1', '--no-notify'], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => { stderr += d.toString(); });
  const url = `http://127.0.0.1:${port}/healthz`;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`klaxon serve (${entry}) exited ${child.exitCode} before it was healthy:\n${stderr}`);
    if (performance.now() - started > 60_000) {
      await stop(child);
      throw new Error(`klaxon serve (${entry}) was not healthy within 60 s:\n${stderr}`);
    }
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(5000) });
      if (res.status === 200) return { ms: performance.now() - started, cpuMs: cpuTimeMs(child.pid!) ?? NaN, child };
    } catch { /* not listening yet */ }
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** Start-up time and settled RSS, `runs` times per entry, the entries taking turns. */
async function measureStarts(entries: Record<'source' | 'compiled', string>, dataDir: string, runs: number) {
  const seen = { source: { ms: [] as number[], cpu: [] as number[], rss: [] as number[] }, compiled: { ms: [] as number[], cpu: [] as number[], rss: [] as number[] } };
  for (let i = 0; i < runs; i++) {
    for (const kind of ['source', 'compiled'] as const) {
      const { ms, cpuMs, child } = await startToHealthy(entries[kind], dataDir);
      try {
        await new Promise((r) => setTimeout(r, SETTLE_MS));
        seen[kind].ms.push(ms);
        seen[kind].cpu.push(cpuMs);
        seen[kind].rss.push(rssMb(child.pid!));
      } finally {
        await stop(child);
      }
    }
  }
  const summary = (s: { ms: number[]; cpu: number[]; rss: number[] }) => ({ ms: Math.round(median(s.ms)), cpu: Math.round(median(s.cpu)), rss: round1(median(s.rss)) });
  return { source: summary(seen.source), compiled: summary(seen.compiled) };
}

/** `incidents` incidents through the engine (durability normal: this is set-up, not a figure), all but `open` resolved. */
async function seedIncidents(dataDir: string, incidents: number, open: number): Promise<void> {
  const { createEngine } = await import('../src-main/engine/engine.ts');
  const { systemClock } = await import('../src-main/clock.ts');
  const { silentLogger } = await import('../src-main/log.ts');
  const engine = createEngine({ dataDir, clock: systemClock, log: silentLogger, durability: 'normal' });
  try {
    const { routingKey } = engine.listServices()[0]!;
    const batch = 1000;
    const send = (action: 'trigger' | 'resolve', from: number, to: number) => Promise.all(Array.from({ length: to - from }, (_, k) => {
      const i = from + k;
      return engine.ingestEvent({
        action, routingKey, dedupKey: `history-${i}`, summary: `History ${i}: disk usage above 90% on host-${i % 400}`,
        source: `host-${i % 400}`, severity: (['critical', 'error', 'warning', 'info'] as const)[i % 4], receivedVia: 'events-api',
      });
    }));
    for (let start = 0; start < incidents; start += batch) await send('trigger', start, Math.min(incidents, start + batch));
    for (let start = open; start < incidents; start += batch) await send('resolve', start, Math.min(incidents, start + batch));
    const total = engine.listIncidents({ limit: 1 }).total;
    if (total !== incidents) throw new Error(`seeded ${total} incidents, wanted ${incidents}`);
  } finally {
    await engine.close();
  }
}

async function nodeFloorRss(): Promise<number> {
  const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
  try {
    await new Promise((r) => setTimeout(r, SETTLE_MS));
    return round1(rssMb(child.pid!));
  } finally {
    await stop(child);
  }
}

export async function benchStartup(opts: StartupBenchOptions = {}): Promise<StartupBenchResult> {
  const log = opts.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const runs = opts.runs ?? 5;
  const incidents = opts.incidents ?? 100_000;
  const openIncidents = Math.min(1000, incidents);
  const build = await buildHeadless();
  const emptyDir = makeDataDir('klaxon-bench-startup-');
  const largeDir = makeDataDir('klaxon-bench-startup-large-');
  try {
    const entries = { source: HEADLESS_ENTRY, compiled: build.entry };
    await klaxonInit(emptyDir);
    await klaxonInit(largeDir);
    log(`  seeding ${incidents} incidents (${openIncidents} open)…`);
    const seedStart = performance.now();
    await seedIncidents(largeDir, incidents, openIncidents);
    log(`  seeded in ${Math.round(performance.now() - seedStart)} ms`);

    log(`  ${runs} starts each, sources and build in turn, on the empty data dir`);
    const empty = await measureStarts(entries, emptyDir, runs);
    log(`  ${runs} starts each on the data dir with ${incidents} incidents`);
    const large = await measureStarts(entries, largeDir, runs);
    const floor = await nodeFloorRss();

    const figures = (kind: 'source' | 'compiled'): Figures => ({
      startupMs: empty[kind].ms, startupCpuMs: empty[kind].cpu, idleRssMb: empty[kind].rss,
      startupLargeMs: large[kind].ms, startupLargeCpuMs: large[kind].cpu, idleRssLargeMb: large[kind].rss,
    });
    const source = figures('source');
    const compiled = figures('compiled');
    const ratios = { ...source };
    for (const k of Object.keys(ratios) as (keyof Figures)[]) ratios[k] = Math.round((compiled[k] / source[k]) * 100) / 100;
    const result: StartupBenchResult = {
      runs, incidents, openIncidents, source, compiled, ratios,
      nodeFloorRssMb: floor,
      setup: `klaxon serve --no-notify on 127.0.0.1; median of ${runs} starts; RSS read ${SETTLE_MS} ms after the first /healthz 200`,
    };
    const row = (label: string, k: keyof Figures, unit: string) =>
      log(`  ${label.padEnd(44)} ${`${source[k]} ${unit}`.padStart(10)} ${`${compiled[k]} ${unit}`.padStart(10)} ${String(result.ratios[k]).padStart(8)}`);
    log(`  ${''.padEnd(44)} ${'sources'.padStart(10)} ${'compiled'.padStart(10)} ${'ratio'.padStart(8)}`);
    row('start-up to healthy, no incidents', 'startupMs', 'ms');
    row('  CPU time until then', 'startupCpuMs', 'ms');
    row('idle RSS, no incidents', 'idleRssMb', 'MB');
    row(`start-up to healthy, ${incidents} incidents`, 'startupLargeMs', 'ms');
    row('  CPU time until then', 'startupLargeCpuMs', 'ms');
    row(`idle RSS, ${incidents} incidents`, 'idleRssLargeMb', 'MB');
    log(`  (a bare Node process: ${floor} MB)`);
    return result;
  } finally {
    build.remove();
    removeDataDir(emptyDir);
    removeDataDir(largeDir);
  }
}

if (import.meta.main) {
  const { values } = parseArgs({ options: { json: { type: 'boolean', default: false }, runs: { type: 'string' }, incidents: { type: 'string' } } });
  const result = await benchStartup({
    json: values.json,
    runs: values.runs ? Number(values.runs) : undefined,
    incidents: values.incidents ? Number(values.incidents) : undefined,
  });
  if (values.json) process.stdout.write(`${JSON.stringify(result)}\n`);
}
