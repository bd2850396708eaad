// Issue 2 §6: event ingestion against the machine's ceiling and against the peer a user would otherwise run.
// (a) bare Fastify answering 202 to the same body, (b) Klaxon /v2/enqueue with all-new dedup keys (every event
// opens an incident: one durable commit each, batched by group commit), (c) Klaxon with repeated keys (the dedup
// path), (d) Debian's prometheus-alertmanager taking the same number of alerts on /api/v2/alerts, in memory.
// Every target is its own process; the load generator runs here.
import { mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { runLoad, type LoadResult } from './support/load.ts';
import { enqueueBody, alertmanagerBody } from './support/bodies.ts';
import { startBaseline, startKlaxonTarget, startAlertmanagerTarget, cpuTimeMs, type Target } from './support/targets.ts';
import { summarizeCpuProfile } from './support/profile-summary.ts';

export interface IngestOptions {
  durationSec: number;
  warmupSec: number;
  connections: number;
  /** How many distinct keys the dedup run (c) cycles through. */
  repeatKeys: number;
  /** Write a CPU profile of each Klaxon server run here and summarise where its time went. */
  profileDir?: string;
  /** Klaxon's durability: 'full' (the default and the goal's condition) or 'normal' (to see what fsync costs). */
  durability?: 'full' | 'normal';
  /** Which of a, b, c, d to run (default all); the others are reported as null. */
  targets?: Set<string>;
  /** Keep Klaxon's default intake limit (1,000 events/s, burst 10,000) instead of raising it for the run. */
  defaultLimits?: boolean;
  log: (line: string) => void;
}

export interface TargetResult extends LoadResult {
  /** Server CPU time per 1000 answered events (user + system, all threads). */
  serverCpuMsPer1k: number | null;
  /** For Klaxon runs: incidents the API lists after the run (a check that the events really landed). */
  incidentsAfter?: number;
  profileTop?: { fn: string; selfPct: number }[];
}

export interface IngestReport {
  config: { durationSec: number; warmupSec: number; connections: number; repeatKeys: number; durability: 'full' | 'normal'; cpus: number; klaxonRateLimit: 'raised' | 'default' };
  baseline: TargetResult | null;
  klaxonNewKeys: TargetResult | null;
  klaxonRepeatedKeys: TargetResult | null;
  alertmanager: TargetResult | null;
  /** null where a side was not run. */
  ratios: { bOverA: number | null; cOverA: number | null; bOverD: number | null };
  goals: { bOverA: { want: '>= 0.5'; met: boolean | null }; p99: { want: '<= 5 ms'; met: boolean | null }; bOverD: { want: '>= 1 (heading)'; met: boolean | null } };
}

const ratio = (x: TargetResult | null, y: TargetResult | null) =>
  (x && y && y.eventsPerSec > 0 ? Number((x.eventsPerSec / y.eventsPerSec).toFixed(2)) : null);

async function measure(
  target: Target, name: string, opts: IngestOptions,
  bodies: { warm: (i: number) => string; run: (i: number) => string; path: string },
): Promise<TargetResult> {
  if (opts.warmupSec > 0) {
    opts.log(`  ${name}: warming up ${opts.warmupSec}s`);
    await runLoad({ url: target.url, path: bodies.path, connections: opts.connections, durationSec: opts.warmupSec, body: bodies.warm });
  }
  opts.log(`  ${name}: measuring ${opts.durationSec}s at ${opts.connections} connections`);
  const cpuBefore = cpuTimeMs(target.pid);
  const result = await runLoad({ url: target.url, path: bodies.path, connections: opts.connections, durationSec: opts.durationSec, body: bodies.run });
  const cpuAfter = cpuTimeMs(target.pid);
  const cpu = cpuBefore !== null && cpuAfter !== null && result.ok > 0 ? Number((((cpuAfter - cpuBefore) / result.ok) * 1000).toFixed(1)) : null;
  opts.log(`  ${name}: ${result.eventsPerSec} events/s, p50 ${result.p50Ms} ms, p99 ${result.p99Ms} ms` +
    (result.non2xx || result.errors ? ` (non-2xx ${result.non2xx}, errors ${result.errors})` : ''));
  return { ...result, serverCpuMsPer1k: cpu };
}

async function withTarget<T>(start: () => Promise<T & Target>, use: (t: T & Target) => Promise<TargetResult>): Promise<TargetResult> {
  const target = await start();
  try {
    return await use(target);
  } finally {
    await target.stop();
  }
}

async function incidentTotal(url: string, apiKey: string): Promise<number | undefined> {
  try {
    const res = await fetch(`${url}/api/incidents?limit=1`, { headers: { authorization: `Bearer ${apiKey}` } });
    if (!res.ok) return undefined;
    return ((await res.json()) as { total?: number }).total;
  } catch {
    return undefined;
  }
}

/** Profiles written since `before` (names) in `dir`, summarised to the top self-time functions. */
function newProfileTop(dir: string | undefined, before: Set<string>): TargetResult['profileTop'] {
  if (!dir) return undefined;
  const fresh = readdirSync(dir).filter((f) => f.endsWith('.cpuprofile') && !before.has(f));
  const file = fresh.sort().at(-1);
  return file ? summarizeCpuProfile(path.join(dir, file), 15) : undefined;
}

async function klaxonRun(opts: IngestOptions, name: string, keyFor: (phase: 'warm' | 'run', i: number) => string, primeKeys = 0): Promise<TargetResult> {
  const profiles = new Set(opts.profileDir ? readdirSync(opts.profileDir) : []);
  const result = await withTarget(() => startKlaxonTarget({ cpuProfileDir: opts.profileDir, durability: opts.durability, defaultLimits: opts.defaultLimits }), async (t) => {
    if (primeKeys > 0) {
      // Open the incidents the dedup run will hit, so every measured event takes the dedup path.
      opts.log(`  ${name}: opening ${primeKeys} incidents`);
      const prime = await runLoad({ url: t.url, path: '/v2/enqueue', connections: opts.connections, durationSec: 60, amount: primeKeys, body: (i) => enqueueBody(t.routingKey, keyFor('warm', i)) });
      if (prime.ok < primeKeys) throw new Error(`priming opened only ${prime.ok}/${primeKeys} incidents`);
    }
    const r = await measure(t, name, opts, {
      path: '/v2/enqueue',
      warm: (i) => enqueueBody(t.routingKey, keyFor('warm', i)),
      run: (i) => enqueueBody(t.routingKey, keyFor('run', i)),
    });
    return { ...r, incidentsAfter: await incidentTotal(t.url, t.apiKey) };
  });
  // The profile is written when the server exits (after stop()).
  const profileTop = newProfileTop(opts.profileDir, profiles);
  return profileTop ? { ...result, profileTop } : result;
}

export async function benchIngest(opts: IngestOptions): Promise<IngestReport> {
  if (opts.profileDir) mkdirSync(opts.profileDir, { recursive: true });
  const { availableParallelism } = await import('node:os');

  const run = (t: string) => !opts.targets || opts.targets.has(t);

  let baseline: TargetResult | null = null;
  if (run('a')) {
    opts.log('(a) baseline: bare Fastify, 202 to the same body');
    baseline = await withTarget(startBaseline, (t) => measure(t, 'baseline', opts, {
      path: '/v2/enqueue',
      warm: (i) => enqueueBody('bench-routing-key', `warm-${i}`),
      run: (i) => enqueueBody('bench-routing-key', `run-${i}`),
    }));
  }

  let klaxonNewKeys: TargetResult | null = null;
  if (run('b')) {
    opts.log('(b) Klaxon /v2/enqueue, all-new dedup keys (durable commits)');
    klaxonNewKeys = await klaxonRun(opts, 'klaxon new keys', (phase, i) => `${phase}-${i}`);
  }

  let klaxonRepeatedKeys: TargetResult | null = null;
  if (run('c')) {
    opts.log('(c) Klaxon /v2/enqueue, repeated dedup keys (dedup path)');
    klaxonRepeatedKeys = await klaxonRun(opts, 'klaxon repeated keys', (_phase, i) => `repeat-${i % opts.repeatKeys}`, opts.repeatKeys);
  }

  let alertmanager: TargetResult | null = null;
  if (run('d')) {
    opts.log('(d) prometheus-alertmanager /api/v2/alerts (in memory)');
    const startsAt = new Date().toISOString();
    const endsAt = new Date(Date.now() + 4 * 3600_000).toISOString();
    alertmanager = await withTarget(startAlertmanagerTarget, (t) => measure(t, 'alertmanager', opts, {
      path: '/api/v2/alerts',
      warm: (i) => alertmanagerBody(`warm-${i}`, startsAt, endsAt),
      run: (i) => alertmanagerBody(`run-${i}`, startsAt, endsAt),
    }));
  }

  const ratios = {
    bOverA: ratio(klaxonNewKeys, baseline),
    cOverA: ratio(klaxonRepeatedKeys, baseline),
    bOverD: ratio(klaxonNewKeys, alertmanager),
  };
  return {
    config: { durationSec: opts.durationSec, warmupSec: opts.warmupSec, connections: opts.connections, repeatKeys: opts.repeatKeys, durability: opts.durability ?? 'full', cpus: availableParallelism(), klaxonRateLimit: opts.defaultLimits ? 'default' : 'raised' },
    baseline, klaxonNewKeys, klaxonRepeatedKeys, alertmanager, ratios,
    goals: {
      bOverA: { want: '>= 0.5', met: ratios.bOverA === null ? null : ratios.bOverA >= 0.5 },
      p99: { want: '<= 5 ms', met: klaxonNewKeys ? klaxonNewKeys.p99Ms <= 5 : null },
      bOverD: { want: '>= 1 (heading)', met: ratios.bOverD === null ? null : ratios.bOverD >= 1 },
    },
  };
}
