// Ingest while syncing: the same autocannon load on A's /v2/enqueue (all-new dedup keys, durable commits, intake
// limit raised) once with A in no team and once with A in a team with two running peers it pushes every op to.
// Reported: events/s of each and their ratio, A's CPU per 1k events, the peers' CPU over the same run, and how
// long after the load the peers held all of A's ops. Both runs start from a warmed-up host; the team run measures
// only once the peers hold the warm-up's ops. A third run repeats the team's with the peers at the lowest CPU priority.
import { setPriority } from 'node:os';
import { performance } from 'node:perf_hooks';
import { enqueueBody } from '../support/bodies.ts';
import { runLoad, type LoadResult } from '../support/load.ts';
import { cpuTimeMs } from '../support/targets.ts';
import { Cleanup, createTeam, incidentTotal, invite, join, newHost, opCounter, raiseIntakeLimit, serveHost, type BenchHost, type OpCounter } from '../support/team-hosts.ts';
import { round, sleep } from '../support/stats.ts';

export interface IngestRun {
  eventsPerSec: number;
  p50Ms: number;
  p99Ms: number;
  non2xx: number;
  errors: number;
  /** A's CPU time per 1k answered events, ms. */
  cpuMsPer1k: number | null;
}

export interface SyncingRun extends IngestRun {
  /** Both peers' CPU time per 1k of A's events, ms. */
  peersCpuMsPer1k: number | null;
  /** After the load ended, until both peers held every op A wrote, seconds. */
  caughtUpAfterSec: number;
  /** A's ops held by A, and by each peer at the end. */
  opsOnA: number;
  opsOnPeers: number[];
}

export interface IngestWithSyncResult {
  durationSec: number;
  connections: number;
  alone: IngestRun;
  syncing: SyncingRun;
  /** The same, with the peers at the lowest CPU priority (nice 19): nearer to peers on machines of their own. */
  peersYielding: SyncingRun;
  /** syncing / alone, events/s. */
  ratio: number;
  ratioPeersYielding: number;
  /** syncing / alone, A's CPU per event. */
  cpuRatio: number | null;
  goal: { ratio: '>= 0.8'; met: boolean };
}

interface LoadOptions { durationSec: number; warmupSec: number; connections: number; log: (line: string) => void }

async function load(a: BenchHost, label: string, opts: LoadOptions, peers: BenchHost[] = []): Promise<{ r: LoadResult; cpu: number | null; peersCpu: number | null }> {
  const run = `${label}-${Date.now().toString(36)}`;
  const cpuNow = (hosts: BenchHost[]): number | null => {
    let sum = 0;
    for (const h of hosts) {
      const c = cpuTimeMs(h.proc!.pid);
      if (c === null) return null;
      sum += c;
    }
    return sum;
  };
  const aBefore = cpuNow([a]);
  const peersBefore = cpuNow(peers);
  const r = await runLoad({ url: a.proc!.baseUrl, path: '/v2/enqueue', connections: opts.connections, durationSec: opts.durationSec, body: (i) => enqueueBody(a.init.routingKey, `${run}-${i}`) });
  const aAfter = cpuNow([a]);
  const peersAfter = cpuNow(peers);
  const per1k = (before: number | null, after: number | null) => (before === null || after === null || r.ok === 0 ? null : round(((after - before) / r.ok) * 1000));
  return { r, cpu: per1k(aBefore, aAfter), peersCpu: peers.length > 0 ? per1k(peersBefore, peersAfter) : null };
}

async function warmUp(a: BenchHost, opts: LoadOptions): Promise<void> {
  if (opts.warmupSec <= 0) return;
  await runLoad({ url: a.proc!.baseUrl, path: '/v2/enqueue', connections: opts.connections, durationSec: opts.warmupSec, body: (i) => enqueueBody(a.init.routingKey, `warm-${Date.now().toString(36)}-${i}`) });
}

/** A has written nothing new for this long: the load's last requests have all committed. */
const QUIET_MS = 500;

/**
 * Waits until every peer holds all of `device`'s ops that `source` holds, once `source` has stopped writing them (the
 * load generator stops at its deadline, but requests in flight still commit on A after that). Returns the time from
 * the call until the peers first held A's final count, in seconds.
 */
async function untilPeersHold(source: OpCounter, peers: OpCounter[], device: string, timeoutMs: number): Promise<number> {
  const started = performance.now();
  let want = source.held(device);
  let wantSince = started;
  let heldAt: number | null = null;
  for (;;) {
    const now = performance.now();
    const latest = source.held(device);
    if (latest !== want) { want = latest; wantSince = now; heldAt = null; }
    if (heldAt === null && peers.every((p) => p.held(device) >= want)) heldAt = now;
    if (heldAt !== null && now - wantSince >= QUIET_MS) return round((heldAt - started) / 1000, 2);
    if (now - started > timeoutMs) throw new Error(`the peers hold ${peers.map((p) => p.held(device)).join(' and ')} of A's ${want} ops after ${timeoutMs / 1000} s`);
    await sleep(10);
  }
}

const summary = (x: { r: LoadResult; cpu: number | null }): IngestRun => ({
  eventsPerSec: x.r.eventsPerSec, p50Ms: x.r.p50Ms, p99Ms: x.r.p99Ms, non2xx: x.r.non2xx, errors: x.r.errors, cpuMsPer1k: x.cpu,
});

export async function measureIngestWithSync(opts: LoadOptions & { cpuProfileDir?: string }): Promise<IngestWithSyncResult> {
  const { log } = opts;
  const host = { cpuProfileDir: opts.cpuProfileDir };
  let alone: IngestRun;
  {
    const cleanup = new Cleanup();
    try {
      const a = await newHost(cleanup, 'ingest-alone');
      await serveHost(a, host, false);
      await raiseIntakeLimit(a);
      log(`  ingest, no team: warm-up ${opts.warmupSec}s, then ${opts.durationSec}s at ${opts.connections} connections`);
      await warmUp(a, opts);
      alone = summary(await load(a, 'alone', opts));
      log(`    ${alone.eventsPerSec} events/s, p99 ${alone.p99Ms} ms, ${alone.cpuMsPer1k} ms CPU per 1k`);
    } finally {
      await cleanup.run(log);
    }
  }

  const cleanup = new Cleanup();
  try {
    const [a, b, c] = [await newHost(cleanup, 'ingest-a'), await newHost(cleanup, 'ingest-b'), await newHost(cleanup, 'ingest-c')];
    await createTeam(a);
    await serveHost(a, host);
    for (const peer of [b, c]) {
      await join(peer, await invite(a));
      await serveHost(peer, host);
    }
    await raiseIntakeLimit(a);
    const counters = [a, b, c].map((h) => opCounter(h));
    cleanup.add(() => { for (const k of counters) k.close(); });
    const [onA, ...onPeers] = counters as [OpCounter, OpCounter, OpCounter];
    /** One load run on A, then until the peers hold all of A's ops, and a check that the three list the same. */
    const syncingRun = async (label: string): Promise<SyncingRun> => {
      const x = await load(a, label, opts, [b, c]);
      const caughtUpAfterSec = await untilPeersHold(onA, onPeers, a.deviceId, 120_000);
      const totals = await Promise.all([a, b, c].map(incidentTotal));
      if (totals.some((t) => t !== totals[0])) throw new Error(`the three list different incident counts after catching up: ${totals.join(', ')}`);
      const run = { ...summary(x), peersCpuMsPer1k: x.peersCpu, caughtUpAfterSec, opsOnA: onA.held(a.deviceId), opsOnPeers: onPeers.map((p) => p.held(a.deviceId)) };
      log(`    ${run.eventsPerSec} events/s, p99 ${run.p99Ms} ms, ${run.cpuMsPer1k} ms CPU per 1k on A, ${run.peersCpuMsPer1k} on the two peers; peers caught up ${caughtUpAfterSec} s after the load`);
      return run;
    };
    log(`  ingest, A in a team syncing to two peers: warm-up ${opts.warmupSec}s, then ${opts.durationSec}s at ${opts.connections} connections`);
    await warmUp(a, opts);
    await untilPeersHold(onA, onPeers, a.deviceId, 120_000);
    const syncing = await syncingRun('syncing');
    // The peers of a real team run on their own machines; here they take the same two cores as A. At the lowest
    // priority they take only what A leaves, which shows A's own cost of syncing apart from theirs.
    for (const peer of [b, c]) setPriority(peer.proc!.pid, 19);
    log(`  ingest again, the two peers at the lowest CPU priority (nice 19): ${opts.durationSec}s at ${opts.connections} connections`);
    const peersYielding = await syncingRun('yielding');
    const ratioOf = (r: IngestRun) => round(r.eventsPerSec / alone.eventsPerSec, 2);
    const ratio = ratioOf(syncing);
    const cpuRatio = syncing.cpuMsPer1k !== null && alone.cpuMsPer1k ? round(syncing.cpuMsPer1k / alone.cpuMsPer1k, 2) : null;
    return {
      durationSec: opts.durationSec, connections: opts.connections, alone, syncing, peersYielding,
      ratio, ratioPeersYielding: ratioOf(peersYielding), cpuRatio, goal: { ratio: '>= 0.8', met: ratio >= 0.8 },
    };
  } finally {
    await cleanup.run(log);
  }
}
