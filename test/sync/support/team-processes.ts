// Real `klaxon serve` processes joined into a team with the real CLI, on 127.0.0.1: the helpers the team tests share.
import { readFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { runKlaxon, startKlaxon, klaxonInit, makeDataDir, removeDataDir, eventually, type KlaxonProcess, type InitResult } from '../../integration/support/klaxon-process.ts';

export interface Member {
  name: string;
  dir: string;
  init: InitResult;
  proc: KlaxonProcess | null;
  /** Fixed across restarts, as a real device's sync port is (8978): teammates find it where it said it listens. */
  syncPort: number;
  /** Everything its hosts printed, across restarts (shown when a test fails). */
  log: string[];
}

async function freePort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const { port } = s.address() as net.AddressInfo;
  await new Promise((r) => s.close(r));
  return port;
}

export async function newMember(t: { after(fn: () => unknown): void }, name: string): Promise<Member> {
  const dir = makeDataDir(`klaxon-team-${name}-`);
  const m: Member = { name, dir, init: await klaxonInit(dir), proc: null, syncPort: await freePort(), log: [] };
  t.after(async () => {
    await m.proc?.stop('SIGKILL');
    if (process.env.TEAM_TEST_LOGS) console.log(`── ${name} ──\n${[...m.log, m.proc?.output() ?? ''].join('\n')}`);
    removeDataDir(dir);
  });
  return m;
}

/** `klaxon team … --json` on a member's data dir; the last JSON line it printed. */
export async function team(m: Member, ...args: string[]): Promise<Record<string, unknown>> {
  const { stdout } = await runKlaxon(['team', ...args, '--data-dir', m.dir, '--json'], { timeoutMs: 60_000 });
  const line = stdout.trim().split('\n').filter((l) => l.startsWith('{')).at(-1);
  if (!line) throw new Error(`klaxon team ${args[0]} printed no JSON: ${stdout}`);
  return JSON.parse(line) as Record<string, unknown>;
}

/** Runs `klaxon team …` expecting it to fail; resolves with what it said on stderr. */
export async function teamFails(m: Member, ...args: string[]): Promise<string> {
  try {
    await runKlaxon(['team', ...args, '--data-dir', m.dir], { timeoutMs: 60_000 });
  } catch (e) {
    return String((e as Error).message);
  }
  throw new Error(`klaxon team ${args.join(' ')} succeeded but should have failed`);
}

/** Where a running member listens for sync (its runtime file says, once it is in a team). */
export const syncAddress = (m: Member): string | null => {
  try {
    return (JSON.parse(readFileSync(path.join(m.dir, 'runtime.json'), 'utf8')) as { sync?: string | null }).sync ?? null;
  } catch {
    return null;
  }
};

/** What else a host is started with: more `klaxon serve` flags and environment (e.g. `--fake-clock` with KLAXON_TEST_HOOKS=1). */
export interface ServeExtra { args?: string[]; env?: Record<string, string> }

/** `notifyOn`: page through this session bus (else the host runs with --no-notify). */
export async function serve(m: Member, waitForSync = true, notifyOn?: string, extra: ServeExtra = {}): Promise<KlaxonProcess> {
  if (m.proc) m.log.push(m.proc.output());
  m.proc = await startKlaxon({
    dataDir: m.dir, extraArgs: ['--sync-host', '127.0.0.1', '--sync-port', String(m.syncPort), ...(extra.args ?? [])],
    env: { ...(notifyOn ? { DBUS_SESSION_BUS_ADDRESS: notifyOn, KLAXON_NOTIFIER: '' } : {}), ...extra.env },
    notify: Boolean(notifyOn),
  });
  // Generous: on a loaded 2-core machine a host that answers HTTP can take a while longer to open its sync port.
  if (waitForSync) await eventually(() => syncAddress(m) ?? undefined, { what: `${m.name} to listen for sync`, timeoutMs: 60_000 });
  return m.proc;
}

export async function api<T = Record<string, unknown>>(m: Member, method: string, url: string, body?: unknown): Promise<{ status: number; body: T }> {
  if (!m.proc) throw new Error(`${m.name} is not running`);
  const res = await fetch(new URL(url, m.proc.baseUrl), {
    method, headers: { authorization: `Bearer ${m.init.apiKey}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as T };
}

export async function trigger(m: Member, routingKey: string, dedupKey: string, summary: string): Promise<void> {
  const res = await fetch(new URL('/v2/enqueue', m.proc!.baseUrl), {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ routing_key: routingKey, event_action: 'trigger', dedup_key: dedupKey, payload: { summary, source: 'team-test', severity: 'critical' } }),
  });
  if (res.status !== 202) throw new Error(`trigger on ${m.name}: ${res.status} ${await res.text()}`);
}

export interface Listed { id: string; title: string; status: string; dedupKey: string | null; alertCount: number }

export async function incidents(m: Member): Promise<Listed[]> {
  const r = await api<{ incidents: Listed[] }>(m, 'GET', '/api/incidents?limit=200');
  if (r.status !== 200) throw new Error(`list on ${m.name}: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body.incidents;
}

/** Creates a team on `founder` and joins the others with invites issued by the founder (which must be serving). */
export async function inviteAndJoin(founder: Member, joiner: Member): Promise<void> {
  const { invite } = await team(founder, 'invite') as { invite: string };
  const joined = await team(joiner, 'join', invite, '--name', joiner.name);
  if (typeof joined.teamId !== 'string') throw new Error(`join printed ${JSON.stringify(joined)}`);
}

export { eventually };
