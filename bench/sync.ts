// Issue 6 §6: team sync, between real `klaxon serve` processes on 127.0.0.1 joined with the real CLI.
//   - live: A's 2xx for an event → the incident listed by B (and C), three devices, one event every 20 ms;
//   - ack → withdraw: an acknowledgement on A → B's pager withdrawing its notification (D-Bus, private bus);
//   - catch-up: a fresh device joining a team whose log holds 100k ops (20k incidents): time, ops/s, bytes per op;
//   - ingest on A while syncing to two peers, as a ratio to the same ingest with A in no team (and again with the
//     peers at the lowest CPU priority, as peers on machines of their own would leave A its CPU).
// Standalone: `scripts/with-node24 node bench/sync.ts [--json] [--duration S] [--connections N] [--events N]
//   [--incidents N] [--profile]`.
import { mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { startSessionBus } from '../test/support/session-bus.ts';
import { startFakeNotificationServer } from '../test/support/fake-notification-server.ts';
import { watchChanges } from './support/change-stream.ts';
import { summarizeCpuProfile } from './support/profile-summary.ts';
import { Cleanup, createTeam, invite, join, newHost, opCounter, serveHost } from './support/team-hosts.ts';
import { sleep } from './support/stats.ts';
import { measureLive, type LiveResult } from './sync/live.ts';
import { measureWithdraw, MAX_WITHDRAW_REPS, type WithdrawResult } from './sync/withdraw.ts';
import { measureCatchUp, type CatchUpResult } from './sync/catch-up.ts';
import { measureIngestWithSync, type IngestWithSyncResult } from './sync/ingest-with-sync.ts';

export interface SyncBenchOptions {
  log?: (line: string) => void;
  json?: boolean;
  /** Seconds of each ingest load run (default 10). */
  durationSec?: number;
  connections?: number;
  /** Live events timed (default 200). */
  events?: number;
  /** Incidents in the catch-up team's log, five ops each (default 20,000). */
  incidents?: number;
  /** Write the hosts' CPU profiles here and summarise them. */
  profileDir?: string;
}

export interface SyncBenchResult {
  withdraw: WithdrawResult;
  live: LiveResult;
  catchUp: CatchUpResult;
  ingest: IngestWithSyncResult;
  profiles?: Record<string, { fn: string; selfPct: number }[]>;
  setup: string;
}

/** Live and ack → withdraw share one team: A, B (paging on a private session bus) and C. */
async function liveTeam(opts: { events: number; log: (line: string) => void; cpuProfileDir?: string }): Promise<{ withdraw: WithdrawResult; live: LiveResult }> {
  const cleanup = new Cleanup();
  try {
    const bus = await startSessionBus();
    cleanup.add(() => bus.stop());
    const notifications = await startFakeNotificationServer(bus.address);
    cleanup.add(() => notifications.stop());
    const [a, b, c] = [await newHost(cleanup, 'live-a'), await newHost(cleanup, 'live-b'), await newHost(cleanup, 'live-c')];
    const host = { cpuProfileDir: opts.cpuProfileDir };
    await createTeam(a);
    await serveHost(a, host);
    for (const peer of [b, c]) await join(peer, await invite(a));
    await serveHost(b, { ...host, notify: true, env: { DBUS_SESSION_BUS_ADDRESS: bus.address, KLAXON_NOTIFIER: '' } });
    if (!/notifier: dbus/.test(b.proc!.output())) throw new Error(`B did not pick the D-Bus notifier:\n${b.proc!.output()}`);
    await serveHost(c, host);
    // Connected all round: each holds what the others wrote on starting (their addresses, announced as ops).
    const counters = [a, b, c].map((h) => opCounter(h));
    cleanup.add(() => { for (const k of counters) k.close(); });
    for (let waited = 0; ; waited += 50) {
      const settled = [a, b, c].every((writer, i) => counters.every((k) => k.held(writer.deviceId) >= counters[i]!.held(writer.deviceId)));
      if (settled) break;
      if (waited > 30_000) throw new Error('the three hosts did not exchange their first ops within 30 s');
      await sleep(50);
    }
    const onB = await watchChanges(b.proc!.baseUrl, b.init.apiKey);
    cleanup.add(() => onB.close());
    const onC = await watchChanges(c.proc!.baseUrl, c.init.apiKey);
    cleanup.add(() => onC.close());
    // First, while B has opened nothing: more than a storm's worth of new incidents would share one summary bubble.
    const withdraw = await measureWithdraw({ a, onB, notifications, reps: MAX_WITHDRAW_REPS, log: opts.log });
    const live = await measureLive({ a, b, c, onB, onC, events: opts.events, warmup: 10, spacingMs: 20, log: opts.log });
    return { withdraw, live };
  } finally {
    await cleanup.run(opts.log);
  }
}

/** The CPU profiles written since `before`, summarised by the host they came from (its file name). */
function profilesSince(dir: string, before: Set<string>): Record<string, { fn: string; selfPct: number }[]> {
  const out: Record<string, { fn: string; selfPct: number }[]> = {};
  for (const f of readdirSync(dir).filter((n) => n.endsWith('.cpuprofile') && !before.has(n)).sort()) out[f] = summarizeCpuProfile(path.join(dir, f), 12);
  return out;
}

export async function benchSync(opts: SyncBenchOptions = {}): Promise<SyncBenchResult> {
  const log = opts.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const durationSec = opts.durationSec ?? 10;
  const connections = opts.connections ?? 50;
  const profileDir = opts.profileDir;
  if (profileDir) mkdirSync(profileDir, { recursive: true });
  const before = new Set(profileDir ? readdirSync(profileDir) : []);

  const { withdraw, live } = await liveTeam({ events: opts.events ?? 200, log, cpuProfileDir: profileDir });
  const mark = (met: boolean) => (met ? 'met' : 'NOT met');
  const row = (label: string, s: { n: number; p50: number; p90: number; p99: number; max: number }) =>
    log(`  ${label.padEnd(44)} ${String(s.n).padStart(4)} ${s.p50.toFixed(1).padStart(8)} ${s.p90.toFixed(1).padStart(8)} ${s.p99.toFixed(1).padStart(8)} ${s.max.toFixed(1).padStart(8)}`);
  log(`  ${'ms'.padEnd(44)} ${'n'.padStart(4)} ${'p50'.padStart(8)} ${'p90'.padStart(8)} ${'p99'.padStart(8)} ${'max'.padStart(8)}`);
  row('live: A 2xx → listed by B', live.toB);
  row('live: A 2xx → listed by C', live.toC);
  row('live: send → A 2xx', live.a2xx);
  row('ack on A → B withdraws (CloseNotification)', withdraw.ackToWithdraw);
  row('  ack sent → A 200', withdraw.ack2xx);
  row('  trigger 2xx on A → B Notify', withdraw.triggerToNotify);
  log(`  live p99 ${live.toB.p99} ms (goal <= 100 ms: ${mark(live.goal.met)}); ack → withdraw max ${withdraw.ackToWithdraw.max} ms (goal <= 1 s: ${mark(withdraw.goal.met)})`);

  const catchUp = await measureCatchUp({ incidents: opts.incidents ?? 20_000, repeats: 2, cpuProfileDir: profileDir, log });
  log(`  catch-up: ${catchUp.opsReceived} ops (${catchUp.incidents} incidents) joined in ${catchUp.joinSec} s = ${catchUp.opsPerSec} ops/s (goal <= 10 s: ${mark(catchUp.goal.met)}); ` +
    `${catchUp.bytesPerOp} bytes/op on the wire (${catchUp.bytesDown} down, ${catchUp.bytesUp} up)`);
  log(`  catch-up CPU: the join ${catchUp.joinCpuMs ?? 'n/a'} ms, the founder ${catchUp.founderCpuMs ?? 'n/a'} ms; the joiner's host listed all ${catchUp.incidents} incidents ${catchUp.hostListsAllSec} s after its spawn`);

  const ingest = await measureIngestWithSync({ durationSec, warmupSec: 2, connections, log, cpuProfileDir: profileDir });
  log(`  ingest syncing / alone: ${ingest.ratio} events/s (goal >= 0.8: ${mark(ingest.goal.met)}), ${ingest.cpuRatio ?? 'n/a'} CPU per event on A; ` +
    `peers caught up ${ingest.syncing.caughtUpAfterSec} s after the load (${ingest.syncing.opsOnPeers.join(' and ')} of A's ${ingest.syncing.opsOnA} ops)`);
  log(`  with the peers at the lowest CPU priority: ${ingest.ratioPeersYielding} events/s of A alone; peers caught up ${ingest.peersYielding.caughtUpAfterSec} s after the load`);

  const result: SyncBenchResult = {
    withdraw, live, catchUp, ingest,
    setup: 'klaxon serve processes (durability full) on 127.0.0.1, joined with klaxon team; B pages through a private session bus; change streams and the notification server read in this process (one clock)',
  };
  if (profileDir) {
    result.profiles = profilesSince(profileDir, before);
    for (const [file, top] of Object.entries(result.profiles)) {
      log(`  ${file}, top self time:`);
      for (const f of top.slice(0, 8)) log(`    ${f.selfPct.toFixed(1).padStart(5)}%  ${f.fn}`);
    }
  }
  return result;
}

if (import.meta.main) {
  const { values } = parseArgs({
    options: {
      json: { type: 'boolean', default: false }, duration: { type: 'string' }, connections: { type: 'string' },
      events: { type: 'string' }, incidents: { type: 'string' }, profile: { type: 'boolean', default: false },
    },
  });
  const n = (v: string | undefined) => (v === undefined ? undefined : Number(v));
  const result = await benchSync({
    json: values.json, durationSec: n(values.duration), connections: n(values.connections), events: n(values.events), incidents: n(values.incidents),
    profileDir: values.profile ? path.join(import.meta.dirname, '..', 'bench-results', 'profiles') : undefined,
  });
  if (values.json) process.stdout.write(`${JSON.stringify(result)}\n`);
}
