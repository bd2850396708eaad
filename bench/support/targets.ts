// The servers under load, each in its own process so none shares an event loop with the load generator:
// (a) a bare Fastify server, (b/c) `klaxon serve` on a fresh data dir, (d) Debian's prometheus-alertmanager.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startAlertmanager } from '../../test/support/alertmanager.ts';
import { klaxonInit, makeDataDir, removeDataDir, startKlaxon } from '../../test/integration/support/klaxon-process.ts';

const here = path.dirname(fileURLToPath(import.meta.url));

export interface Target {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

/** CPU time (user + system) a process has used so far, in ms, from /proc (Linux); null elsewhere. */
export function cpuTimeMs(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may contain spaces) start at ") ".
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]); // utime, stime (fields 14 and 15 of the full line)
    return (ticks * 1000) / 100; // USER_HZ is 100 on Linux
  } catch {
    return null;
  }
}

export function startBaseline(): Promise<Target> {
  const child = spawn(process.execPath, [path.join(here, 'baseline-server.ts')], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => { child.kill('SIGKILL'); reject(new Error('baseline server did not start')); }, 30_000);
    child.once('exit', (code) => reject(new Error(`baseline server exited ${code}`)));
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (!line) return;
      clearTimeout(timer);
      const { port } = JSON.parse(line) as { port: number };
      resolve({
        url: `http://127.0.0.1:${port}`,
        pid: child.pid ?? -1,
        stop: () => new Promise<void>((done) => {
          if (child.exitCode !== null) return done();
          child.once('exit', () => done());
          child.kill('SIGTERM');
        }),
      });
    });
  });
}

export interface KlaxonTarget extends Target { routingKey: string; apiKey: string; dataDir: string; output(): string }

/** The most a service may be given: the load runs far above the default 1,000 events/s, burst 10,000. */
export const BENCH_RATE_LIMIT = { perSecond: 1_000_000, burst: 10_000_000 };

/**
 * `klaxon init --json` then `klaxon serve` on a fresh temp data dir; durability full (fsync per commit) unless told.
 * The service's intake limit is raised to BENCH_RATE_LIMIT (the run measures ingestion, not the limit), unless
 * `defaultLimits` keeps the default: then the 429s show in the run's non-2xx count.
 */
export async function startKlaxonTarget(opts: { cpuProfileDir?: string; durability?: 'full' | 'normal'; defaultLimits?: boolean } = {}): Promise<KlaxonTarget> {
  const dataDir = makeDataDir('klaxon-bench-');
  try {
    const { serviceId, routingKey, apiKey } = await klaxonInit(dataDir);
    const nodeArgs = opts.cpuProfileDir ? ['--cpu-prof', `--cpu-prof-dir=${opts.cpuProfileDir}`] : [];
    const proc = await startKlaxon({ dataDir, nodeArgs, extraArgs: ['--durability', opts.durability ?? 'full'] });
    if (!opts.defaultLimits) {
      const res = await fetch(`${proc.baseUrl}/api/services/${serviceId}`, {
        method: 'PATCH', headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
        body: JSON.stringify({ rateLimit: BENCH_RATE_LIMIT }),
      });
      if (!res.ok) {
        await proc.stop('SIGKILL');
        throw new Error(`raising the bench service's rate limit failed: ${res.status} ${await res.text()}`);
      }
    }
    return {
      url: proc.baseUrl, pid: proc.pid, routingKey, apiKey, dataDir,
      output: proc.output,
      async stop() {
        const { code, signal } = await proc.stop('SIGTERM', 30_000);
        removeDataDir(dataDir);
        if (code !== 0) process.stderr.write(`bench: klaxon serve exited ${code ?? signal}\n${proc.output().slice(-2000)}\n`);
      },
    };
  } catch (err) {
    removeDataDir(dataDir);
    throw err;
  }
}

/** Alertmanager with a receiver that notifies no one: it only takes alerts into memory, groups and routes them. */
export async function startAlertmanagerTarget(): Promise<Target> {
  const am = await startAlertmanager({ groupWait: '30s', groupInterval: '5m', repeatInterval: '4h' });
  return { url: am.url, pid: am.process.pid ?? -1, stop: am.stop };
}
