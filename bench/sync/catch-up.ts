// Catch-up: a fresh device joins a team whose log holds a long history. The founder's data dir is seeded through the
// engine (N incidents × trigger, repeats, ack, resolve), the team created and the founder served; the invite names a
// counting TCP relay in front of the founder's sync port, so every byte the join exchanges is counted. Timed:
// `klaxon team join` from spawn to exit (it exits once it holds the team's log and the founder holds its ops), then
// the joiner's own host from spawn to listing every incident.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { HEADLESS_ENTRY, REPO_ROOT } from '../../test/integration/support/klaxon-process.ts';
import { startCountingProxy } from '../support/counting-proxy.ts';
import { seedIncidentHistory } from '../support/seed-op-log.ts';
import { cpuTimeMs } from '../support/targets.ts';
import { Cleanup, createTeam, incidentTotal, invite, newHost, opCounter, serveHost, type BenchHost } from '../support/team-hosts.ts';
import { round, sleep } from '../support/stats.ts';

export interface CatchUpResult {
  incidents: number;
  /** Ops in the founder's log when the joiner starts. */
  teamOps: number;
  /** Ops the joiner received (every device's but its own). */
  opsReceived: number;
  /** `klaxon team join` spawn → exit, seconds. */
  joinSec: number;
  opsPerSec: number;
  /** TCP payload bytes through the relay, both ways, per op received. */
  bytesPerOp: number;
  bytesDown: number;
  bytesUp: number;
  /** CPU time during the join, ms: the `klaxon team join` process, and the founder's host. */
  joinCpuMs: number | null;
  founderCpuMs: number | null;
  /** The joiner's host: spawn → its API lists every incident, seconds. */
  hostListsAllSec: number;
  seedSec: number;
  goal: { joinSec: '<= 10 s'; met: boolean };
}

/** CPU time (ms) of this process's children that have exited and been waited for (cutime + cstime, Linux). */
function exitedChildrenCpuMs(): number | null {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[13]) + Number(fields[14])) * 1000) / 100; // USER_HZ is 100 on Linux
  } catch {
    return null;
  }
}

/**
 * `klaxon team join` as a child process, timed from spawn to exit, with the CPU time it used (read from this
 * process's exited-children counters: no other child exits meanwhile).
 */
function timedJoin(joiner: BenchHost, inviteText: string, nodeArgs: string[]): Promise<{ ms: number; cpuMs: number | null; deviceId: string }> {
  return new Promise((resolve, reject) => {
    const cpuBefore = exitedChildrenCpuMs();
    const started = performance.now();
    const child = spawn(process.execPath, [...nodeArgs, HEADLESS_ENTRY, 'team', 'join', inviteText, '--name', joiner.name, '--data-dir', joiner.dir, '--json'],
      { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => { stdout += c.toString(); });
    child.stderr.on('data', (c: Buffer) => { stderr += c.toString(); });
    const killer = setTimeout(() => child.kill('SIGKILL'), 300_000);
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      const ms = performance.now() - started;
      clearTimeout(killer);
      if (code !== 0) return reject(new Error(`klaxon team join exited ${code ?? signal}\n${stdout}\n${stderr}`));
      const line = stdout.trim().split('\n').filter((l) => l.startsWith('{')).at(-1);
      if (!line) return reject(new Error(`klaxon team join printed no JSON: ${stdout}`));
      const cpuAfter = exitedChildrenCpuMs();
      resolve({ ms, cpuMs: cpuBefore === null || cpuAfter === null ? null : Math.round(cpuAfter - cpuBefore), deviceId: (JSON.parse(line) as { deviceId: string }).deviceId });
    });
  });
}

export async function measureCatchUp(opts: {
  incidents: number; repeats: number; cpuProfileDir?: string; log: (line: string) => void;
}): Promise<CatchUpResult> {
  const { log } = opts;
  const cleanup = new Cleanup();
  try {
    const founder = await newHost(cleanup, 'catchup-founder');
    const joiner = await newHost(cleanup, 'catchup-joiner');
    log(`  catch-up: seeding the founder with ${opts.incidents} incidents × (trigger, ${opts.repeats} repeats, ack, resolve) through the engine…`);
    const seedStart = performance.now();
    await seedIncidentHistory(founder.dir, opts.incidents, opts.repeats);
    const seedSec = round((performance.now() - seedStart) / 1000);
    await createTeam(founder);
    await serveHost(founder, { cpuProfileDir: opts.cpuProfileDir });
    const founderOps = opCounter(founder);
    cleanup.add(() => founderOps.close());
    const teamOps = founderOps.total();
    const proxy = await startCountingProxy({ host: '127.0.0.1', port: founder.syncPort });
    cleanup.add(() => proxy.close());
    const inviteText = await invite(founder, `127.0.0.1:${proxy.port}`);

    log(`  catch-up: a fresh device joins a team holding ${teamOps} ops (seeded in ${seedSec} s), through a counting relay`);
    const founderCpuBefore = cpuTimeMs(founder.proc!.pid);
    const joined = await timedJoin(joiner, inviteText, opts.cpuProfileDir ? ['--cpu-prof', `--cpu-prof-dir=${opts.cpuProfileDir}`, `--cpu-prof-name=sync-catchup-join-${Date.now()}.cpuprofile`] : []);
    const founderCpuAfter = cpuTimeMs(founder.proc!.pid);
    const bytesUp = proxy.up;
    const bytesDown = proxy.down;
    joiner.deviceId = joined.deviceId;
    const joinerOps = opCounter(joiner);
    const opsReceived = joinerOps.total() - joinerOps.held(joiner.deviceId);
    joinerOps.close();
    if (opsReceived < teamOps) throw new Error(`the joiner holds ${opsReceived} of the team's ${teamOps} ops after the join`);

    const hostStart = performance.now();
    await serveHost(joiner, { cpuProfileDir: opts.cpuProfileDir }, false);
    for (;;) {
      if (await incidentTotal(joiner) >= opts.incidents) break;
      if (performance.now() - hostStart > 120_000) throw new Error('the joiner\'s host did not list every incident within 120 s');
      await sleep(20);
    }
    const hostListsAllSec = round((performance.now() - hostStart) / 1000, 2);

    const joinSec = round(joined.ms / 1000, 2);
    return {
      incidents: opts.incidents, teamOps, opsReceived, joinSec,
      opsPerSec: Math.round(opsReceived / (joined.ms / 1000)),
      bytesPerOp: round((bytesUp + bytesDown) / opsReceived),
      bytesDown, bytesUp,
      joinCpuMs: joined.cpuMs,
      founderCpuMs: founderCpuBefore === null || founderCpuAfter === null ? null : Math.round(founderCpuAfter - founderCpuBefore),
      hostListsAllSec, seedSec,
      goal: { joinSec: '<= 10 s', met: joinSec <= 10 },
    };
  } finally {
    await cleanup.run(log);
  }
}
