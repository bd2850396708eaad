// `npm run bench [-- --json] [--duration S] [--warmup S] [--connections N] [--only ingest,list,renderer,notify,startup,sync,reports,oncall,metrics,webhook-log,monitor-results,monitors,statuspage,status-view,outbound,subscribers]
//   [--targets a,b,c,d] [--durability full|normal] [--default-limits] [--profile]` — --default-limits keeps Klaxon's
//   intake limit at its default (1,000 events/s, burst 10,000; otherwise raised for the run); --profile writes Klaxon's CPU profiles to bench-results/profiles and summarises them
//   (ingest and sync).
// Runs every benchmark in one go and prints the figures; with --json, exactly one JSON object on stdout (progress
// goes to stderr). The ingestion figures are ratios against a baseline measured in the same run on the same machine.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { benchIngest, type IngestReport, type TargetResult } from './ingest.ts';

const here = path.dirname(fileURLToPath(import.meta.url));

const { values } = parseArgs({
  options: {
    json: { type: 'boolean', default: false },
    duration: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '2' },
    connections: { type: 'string', default: '50' },
    'repeat-keys': { type: 'string', default: '1000' },
    only: { type: 'string' },
    targets: { type: 'string' },
    durability: { type: 'string', default: 'full' },
    profile: { type: 'boolean', default: false },
    'default-limits': { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
});

if (values.help) {
  process.stdout.write('usage: npm run bench -- [--json] [--duration S] [--warmup S] [--connections N] [--repeat-keys N] [--only ingest,list,renderer,notify,startup,sync,reports,oncall,metrics,webhook-log,monitor-results,monitors,statuspage,status-view,outbound,subscribers] [--targets a,b,c,d] [--durability full|normal] [--default-limits] [--profile]\n');
  process.exit(0);
}

const json = values.json;
// Progress lines go to stderr under --json so stdout carries only the one JSON object.
const log = (line: string) => (json ? process.stderr : process.stdout).write(`${line}\n`);
const num = (name: string, v: string | undefined) => {
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0) throw new Error(`--${name} must be a number, got ${v}`);
  return n;
};
const durationSec = num('duration', values.duration);
const connections = num('connections', values.connections);
if (values.durability !== 'full' && values.durability !== 'normal') throw new Error('--durability is full or normal');
const durability: 'full' | 'normal' = values.durability;
const only = new Set((values.only ?? 'ingest,list,renderer,notify,startup,sync,reports,oncall,metrics,webhook-log,monitor-results,monitors,statuspage,status-view,outbound,subscribers').split(',').map((s) => s.trim()));
const profileDir = values.profile ? path.join(here, '..', 'bench-results', 'profiles') : undefined;

/** Options passed to every benchmark module, so they share duration, connections, output mode and profiling. */
export interface BenchOptions { durationSec: number; connections: number; json: boolean; log: (line: string) => void; profileDir?: string }
const common: BenchOptions = { durationSec, connections, json, log, profileDir };

type Report = Record<string, unknown>;
const report: Report = {};

/** Runs a benchmark module written by another part of the project, if it exists. */
async function optional(name: string, file: string, exportName: string): Promise<void> {
  if (!only.has(name)) return;
  const full = path.join(here, file);
  if (!existsSync(full)) {
    log(`${name}: skipped — bench/${file} is not present`);
    report[name] = { skipped: `bench/${file} is not present` };
    return;
  }
  const mod = (await import(pathToFileURL(full).href)) as Record<string, unknown>;
  const fn = mod[exportName];
  if (typeof fn !== 'function') {
    log(`${name}: skipped — bench/${file} does not export ${exportName}()`);
    report[name] = { skipped: `bench/${file} does not export ${exportName}()` };
    return;
  }
  log(`\n== ${name} ==`);
  try {
    report[name] = await (fn as (o: BenchOptions) => Promise<unknown>)(common);
  } catch (err) {
    log(`${name}: failed — ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
    report[name] = { error: err instanceof Error ? err.message : String(err) };
    process.exitCode = 1;
  }
}

function printIngest(r: IngestReport): void {
  const row = (label: string, t: TargetResult | null) => {
    if (!t) return `${label.padEnd(40)} (not run)`;
    return `${label.padEnd(40)} ${String(t.eventsPerSec).padStart(8)} ${t.p50Ms.toFixed(2).padStart(8)} ${t.p90Ms.toFixed(2).padStart(8)} ${t.p99Ms.toFixed(2).padStart(8)}` +
      `${t.serverCpuMsPer1k === null ? '' : `   ${t.serverCpuMsPer1k} ms server CPU per 1k`}` +
      `${t.non2xx || t.errors ? `   non-2xx ${t.non2xx}, errors ${t.errors}` : ''}`;
  };
  log('');
  log(`ingestion: ${r.config.connections} connections, ${r.config.durationSec}s each (after ${r.config.warmupSec}s warm-up), ${r.config.cpus} CPUs, Klaxon durability ${r.config.durability}, ` +
    `intake limit ${r.config.klaxonRateLimit === 'raised' ? 'raised for the run' : 'default (1,000/s, burst 10,000)'}`);
  log(`${'target'.padEnd(40)} ${'events/s'.padStart(8)} ${'p50 ms'.padStart(8)} ${'p90 ms'.padStart(8)} ${'p99 ms'.padStart(8)}`);
  log(row('(a) bare Fastify 202 (ceiling)', r.baseline));
  log(row('(b) Klaxon /v2/enqueue, new keys', r.klaxonNewKeys));
  log(row('(c) Klaxon /v2/enqueue, repeated keys', r.klaxonRepeatedKeys));
  log(row('(d) Alertmanager /api/v2/alerts (memory)', r.alertmanager));
  const mark = (met: boolean | null) => (met === null ? 'n/a' : met ? 'met' : 'NOT met');
  log(`b/a = ${r.ratios.bOverA ?? 'n/a'} (goal >= 0.5: ${mark(r.goals.bOverA.met)})   c/a = ${r.ratios.cOverA ?? 'n/a'}   b/d = ${r.ratios.bOverD ?? 'n/a'} (heading for >= 1: ${mark(r.goals.bOverD.met)})`);
  if (r.klaxonNewKeys) log(`Klaxon new-key p99 = ${r.klaxonNewKeys.p99Ms} ms (goal <= 5 ms: ${mark(r.goals.p99.met)})`);
  for (const [label, t] of [['(b)', r.klaxonNewKeys], ['(c)', r.klaxonRepeatedKeys]] as const) {
    if (!t) continue;
    if (t.incidentsAfter !== undefined) log(`${label} incidents listed after the run: ${t.incidentsAfter}`);
    if (t.profileTop) {
      log(`${label} Klaxon server CPU profile, top self time:`);
      for (const f of t.profileTop) log(`    ${f.selfPct.toFixed(1).padStart(5)}%  ${f.fn}`);
    }
  }
}

if (only.has('ingest')) {
  log('== ingestion ==');
  try {
    const ingest = await benchIngest({
      durationSec, connections, log, durability,
      warmupSec: num('warmup', values.warmup),
      repeatKeys: num('repeat-keys', values['repeat-keys']),
      profileDir,
      targets: values.targets ? new Set(values.targets.split(',').map((s) => s.trim())) : undefined,
      defaultLimits: values['default-limits'],
    });
    report.ingest = ingest;
    if (!json) printIngest(ingest);
  } catch (err) {
    log(`ingest: failed — ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
    report.ingest = { error: err instanceof Error ? err.message : String(err) };
    process.exitCode = 1;
  }
}
await optional('list', 'list.ts', 'benchList');
await optional('renderer', 'renderer.ts', 'benchRenderer');
await optional('notify', 'notify.ts', 'benchNotify');
await optional('startup', 'startup.ts', 'benchStartup');
await optional('sync', 'sync.ts', 'benchSync');
await optional('reports', 'reports.ts', 'benchReports');
await optional('oncall', 'oncall.ts', 'benchOncall');
await optional('metrics', 'metrics.ts', 'benchMetrics');
await optional('webhook-log', 'webhook-log.ts', 'benchWebhookLog');
await optional('monitor-results', 'monitor-results.ts', 'benchMonitorResults');
await optional('monitors', 'monitors.ts', 'benchMonitors');
await optional('statuspage', 'statuspage.ts', 'benchStatusPage');
await optional('status-view', 'status-view.ts', 'benchStatusView');
await optional('outbound', 'outbound.ts', 'benchOutbound');
await optional('subscribers', 'subscribers.ts', 'benchSubscribers');

if (json) process.stdout.write(`${JSON.stringify(report)}\n`);
