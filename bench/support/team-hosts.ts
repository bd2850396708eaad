// Real `klaxon serve` hosts on 127.0.0.1 for the sync benchmark, each on its own temp data dir with a fixed sync
// port, formed into a team with the real CLI (`klaxon team create | invite | join`), as test/sync does. Every host,
// dir and proxy is registered with a Cleanup, which stops them (SIGTERM, so that --cpu-prof writes its profile) and
// removes the dirs.
import net from 'node:net';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { klaxonInit, makeDataDir, removeDataDir, runKlaxon, startKlaxon, eventually, type InitResult, type KlaxonProcess } from '../../test/integration/support/klaxon-process.ts';
import { DB_FILE } from '../../src-main/store/database.ts';
import { BENCH_RATE_LIMIT } from './targets.ts';

export class Cleanup {
  private readonly steps: (() => unknown)[] = [];
  add(step: () => unknown): void { this.steps.push(step); }
  async run(log: (line: string) => void): Promise<void> {
    for (const step of this.steps.splice(0).reverse()) {
      try { await step(); } catch (e) { log(`  cleanup: ${(e as Error).message}`); }
    }
  }
}

export interface BenchHost {
  name: string;
  dir: string;
  init: InitResult;
  syncPort: number;
  proc: KlaxonProcess | null;
  /** This device's id, once known (after a team command or a join). */
  deviceId: string;
}

export interface HostOptions {
  /** Write a CPU profile of the host here (node --cpu-prof). */
  cpuProfileDir?: string;
  durability?: 'full' | 'normal';
  /** Page through the OS notifier the environment offers (a private session bus in the benchmark). */
  notify?: boolean;
  env?: Record<string, string>;
}

async function freePort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const { port } = s.address() as net.AddressInfo;
  await new Promise((r) => s.close(r));
  return port;
}

export async function newHost(cleanup: Cleanup, name: string): Promise<BenchHost> {
  const dir = makeDataDir(`klaxon-bench-sync-${name}-`);
  cleanup.add(() => removeDataDir(dir));
  const host: BenchHost = { name, dir, init: await klaxonInit(dir), syncPort: await freePort(), proc: null, deviceId: '' };
  cleanup.add(async () => {
    const result = await host.proc?.stop('SIGTERM', 30_000);
    if (result && result.code !== 0) throw new Error(`${name}'s klaxon serve exited ${result.code ?? result.signal}:\n${host.proc!.output().slice(-2000)}`);
  });
  return host;
}

/** Where a running host listens for sync (its runtime file says, once it is in a team). */
export function syncAddress(h: BenchHost): string | null {
  try {
    return (JSON.parse(readFileSync(path.join(h.dir, 'runtime.json'), 'utf8')) as { sync?: string | null }).sync ?? null;
  } catch {
    return null;
  }
}

/** `klaxon serve` with a fixed sync port on 127.0.0.1; waits until it listens for sync if it is in a team. */
export async function serveHost(h: BenchHost, opts: HostOptions = {}, waitForSync = true): Promise<KlaxonProcess> {
  h.proc = await startKlaxon({
    dataDir: h.dir,
    nodeArgs: opts.cpuProfileDir ? ['--cpu-prof', `--cpu-prof-dir=${opts.cpuProfileDir}`, `--cpu-prof-name=sync-${h.name}-${Date.now()}.cpuprofile`] : [],
    extraArgs: ['--sync-host', '127.0.0.1', '--sync-port', String(h.syncPort), '--durability', opts.durability ?? 'full'],
    notify: opts.notify, env: opts.env, startTimeoutMs: 60_000,
  });
  if (waitForSync) await eventually(() => syncAddress(h) ?? undefined, { what: `${h.name} to listen for sync`, timeoutMs: 30_000 });
  return h.proc;
}

/** `klaxon team … --json` on a host's data dir: the last JSON line it printed. */
export async function teamCli(h: BenchHost, ...args: string[]): Promise<Record<string, unknown>> {
  const { stdout } = await runKlaxon(['team', ...args, '--data-dir', h.dir, '--json'], { timeoutMs: 300_000 });
  const line = stdout.trim().split('\n').filter((l) => l.startsWith('{')).at(-1);
  if (!line) throw new Error(`klaxon team ${args[0]} printed no JSON: ${stdout}`);
  return JSON.parse(line) as Record<string, unknown>;
}

/** Founds a team on `founder` (whose host must then be served) and records its device id. */
export async function createTeam(founder: BenchHost): Promise<void> {
  const { deviceId } = await teamCli(founder, 'create', '--name', 'Bench') as { deviceId: string };
  founder.deviceId = deviceId;
}

/** An invite from `founder` (serving), optionally naming another address to reach it at (a counting proxy). */
export async function invite(founder: BenchHost, address?: string): Promise<string> {
  return (await teamCli(founder, 'invite', ...(address ? ['--address', address] : [])) as { invite: string }).invite;
}

export async function join(joiner: BenchHost, inviteText: string): Promise<void> {
  const { deviceId } = await teamCli(joiner, 'join', inviteText, '--name', joiner.name) as { deviceId: string };
  joiner.deviceId = deviceId;
}

/** Raises the host's default service's intake limit: the benchmark measures sync, not the limiter. */
export async function raiseIntakeLimit(h: BenchHost): Promise<void> {
  const res = await api(h, 'PATCH', `/api/services/${h.init.serviceId}`, { rateLimit: BENCH_RATE_LIMIT });
  if (res.status !== 200) throw new Error(`raising ${h.name}'s intake limit: ${res.status} ${JSON.stringify(res.body)}`);
}

export async function api<T = Record<string, unknown>>(h: BenchHost, method: string, url: string, body?: unknown): Promise<{ status: number; body: T }> {
  if (!h.proc) throw new Error(`${h.name} is not running`);
  const res = await fetch(new URL(url, h.proc.baseUrl), {
    method, headers: { authorization: `Bearer ${h.init.apiKey}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as T };
}

/** How many incidents the host's API lists. */
export async function incidentTotal(h: BenchHost): Promise<number> {
  const r = await api<{ total: number }>(h, 'GET', '/api/incidents?limit=1');
  if (r.status !== 200) throw new Error(`listing on ${h.name}: ${r.status}`);
  return r.body.total;
}

export async function enqueue(h: BenchHost, action: 'trigger' | 'resolve', dedupKey: string, summary = dedupKey): Promise<Response> {
  return fetch(new URL('/v2/enqueue', h.proc!.baseUrl), {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      routing_key: h.init.routingKey, event_action: action, dedup_key: dedupKey,
      ...(action === 'trigger' ? { payload: { summary, source: 'bench-sync', severity: 'critical' } } : {}),
    }),
  });
}

/**
 * A read-only look at a host's op log (SQLite allows readers beside the host's writer): how many ops of each
 * device it holds. Sync appends a device's ops without gaps, so a count is also the highest seq held.
 */
export interface OpCounter { held(deviceId: string): number; total(): number; close(): void }

export function opCounter(h: BenchHost): OpCounter {
  const db = new BetterSqlite3(path.join(h.dir, DB_FILE), { readonly: true, fileMustExist: true });
  const byDevice = db.prepare('SELECT COUNT(*) FROM ops WHERE device_id = ?').pluck();
  const all = db.prepare('SELECT COUNT(*) FROM ops').pluck();
  return { held: (d) => byDevice.get(d) as number, total: () => all.get() as number, close: () => db.close() };
}
