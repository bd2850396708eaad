// A private LAN for tests that need a real network (mDNS multicast, sync between laptops) without touching the
// host's: N network namespaces joined by a veth pair (two hosts) or by a bridge in a namespace of its own (three
// or more). Every link is created directly inside the namespaces, so no interface ever appears on the host, and
// names carry the run's pid and a random tag, so the leftovers of a crashed run cannot collide with this one.
// `after` kills whatever still runs in the namespaces and deletes them, even when the test failed. Needs root and
// iproute2 (`ip`); without them the test fails with the reason, it is never skipped.
import { execFile, spawn, spawnSync, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Hosts get 10.231.0.1, .2, … on one /24; the range exists only inside the namespaces. */
export const NETNS_SUBNET = '10.231.0';

export interface NetnsHost {
  /** The namespace's name, for `ip netns exec` (unique to this run). */
  netns: string;
  /** This host's address on the private LAN, e.g. `10.231.0.1`. */
  address: string;
  /** Its link to the LAN, inside the namespace. */
  iface: 'eth0';
}

export interface NetnsOptions {
  /** How many hosts; default 2. */
  hosts?: number;
  /** `pair` (only for 2 hosts) joins them with one veth pair; `bridge` puts a bridge in its own namespace. */
  topology?: 'pair' | 'bridge';
  /** Route 224.0.0.0/4 out of eth0 so mDNS works; default true. Off: a LAN where multicast has no route. */
  multicast?: boolean;
}

export interface RunResult { code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }

export interface NetnsLan {
  hosts: NetnsHost[];
  /**
   * Runs a command inside a host's namespace to completion, with stdout and stderr captured. Like `spawn`, it adds
   * KLAXON_TEST_NETNS to the environment.
   */
  run(host: NetnsHost, command: string, args: string[], opts?: { timeoutMs?: number; env?: NodeJS.ProcessEnv; cwd?: string }): Promise<RunResult>;
  /** Starts a long-running command inside a host's namespace; cleanup kills it if the test has not. */
  spawn(host: NetnsHost, command: string, args: string[], opts?: SpawnOptions): ChildProcess;
  /** Takes a host's link down or up again: a partition, or a laptop leaving the network. */
  setLink(host: NetnsHost, up: boolean): Promise<void>;
  /** Removes everything (also run by `after`; calling it twice is fine). */
  destroy(): Promise<void>;
}

interface AfterHook { after(fn: () => unknown): void }

/** Throws, with what is missing, unless this process may create network namespaces. */
export function assertNetnsSupport(): void {
  const uid = process.getuid?.();
  if (uid !== 0) {
    throw new Error(`network-namespace tests must run as root (uid is ${uid ?? 'unknown'}): they create namespaces and veth pairs`);
  }
  const probe = spawnSync('ip', ['-V'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) {
    throw new Error(`network-namespace tests need \`ip\` (Debian package iproute2): ${probe.error?.message ?? probe.stderr}`);
  }
}

async function ip(args: string[]): Promise<void> {
  try {
    await run('ip', args, { timeout: 10_000 });
  } catch (err) {
    const e = err as { stderr?: string; message: string };
    throw new Error(`ip ${args.join(' ')} failed: ${e.stderr?.trim() || e.message}`, { cause: err });
  }
}

/** KLAXON_TEST_NETNS tells Klaxon, under test, which namespace it runs in: only there may it use mDNS. */
const envFor = (host: NetnsHost, env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv => ({ ...env, KLAXON_TEST_NETNS: host.netns });

/**
 * A veth reports carrier a moment after both ends are up; until then Node lists no address on it and a socket
 * would pick loopback for multicast. Waits until the link is up and running.
 */
async function waitForCarrier(netns: string, iface: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { stdout } = await run('ip', ['-n', netns, '-o', 'link', 'show', iface]);
    if (/[<,]LOWER_UP[,>]/.test(stdout)) return;
    if (Date.now() > deadline) throw new Error(`${iface} in ${netns} has no carrier after ${timeoutMs} ms: ${stdout.trim()}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Pids of every process in a namespace (all ours: the namespace exists only for this run). */
function pidsIn(netns: string): number[] {
  const res = spawnSync('ip', ['netns', 'pids', netns], { encoding: 'utf8' });
  return res.status === 0 ? res.stdout.split('\n').filter(Boolean).map(Number).filter((p) => p > 0) : [];
}

/** Synchronous, so it also works from `process.on('exit')`. */
function removeNamespaces(names: string[]): void {
  for (const netns of names) {
    for (const pid of pidsIn(netns)) {
      try { process.kill(pid, 'SIGKILL'); } catch { /* already gone */ }
    }
  }
  // A namespace whose last process is being reaped still deletes: `ip netns del` only drops the name and mount;
  // its links die with the namespace itself.
  for (const netns of names.slice().reverse()) spawnSync('ip', ['netns', 'del', netns], { stdio: 'ignore' });
}

export async function createNetnsLan(t: AfterHook, opts: NetnsOptions = {}): Promise<NetnsLan> {
  assertNetnsSupport();
  const count = opts.hosts ?? 2;
  const topology = opts.topology ?? (count === 2 ? 'pair' : 'bridge');
  if (count < 2 || count > 250) throw new Error(`a netns LAN has 2 to 250 hosts, not ${count}`);
  if (topology === 'pair' && count !== 2) throw new Error('a veth pair joins exactly two hosts; use topology "bridge"');

  const tag = `kx${process.pid.toString(36)}${randomBytes(3).toString('hex')}`;
  const created: string[] = [];
  const children = new Set<ChildProcess>();
  let destroyed = false;
  const onExit = () => removeNamespaces(created);
  process.on('exit', onExit);

  const destroy = async () => {
    if (destroyed) return;
    destroyed = true;
    // Give our own children a moment to exit on SIGTERM (a stopping announcer sends its goodbye), then everything
    // left in the namespaces is killed with them.
    const exits = [...children].filter((c) => c.exitCode === null && c.signalCode === null).map((c) => {
      const exited = new Promise<void>((resolve) => c.once('exit', () => resolve()));
      c.kill('SIGTERM');
      return Promise.race([exited, new Promise<void>((resolve) => setTimeout(resolve, 2000).unref())]);
    });
    await Promise.all(exits);
    removeNamespaces(created);
    process.off('exit', onExit);
    const left = created.filter((n) => spawnSync('ip', ['netns', 'pids', n], { stdio: 'ignore' }).status === 0);
    if (left.length > 0) throw new Error(`could not remove network namespaces ${left.join(', ')}`);
  };
  t.after(destroy);

  const addNamespace = async (netns: string) => {
    created.push(netns);
    await ip(['netns', 'add', netns]);
  };

  try {
    const hosts: NetnsHost[] = [];
    for (let i = 0; i < count; i++) {
      const host: NetnsHost = { netns: `${tag}-h${i}`, address: `${NETNS_SUBNET}.${i + 1}`, iface: 'eth0' };
      await addNamespace(host.netns);
      hosts.push(host);
    }
    if (topology === 'pair') {
      const [a, b] = hosts as [NetnsHost, NetnsHost];
      await ip(['link', 'add', 'eth0', 'netns', a.netns, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', b.netns]);
    } else {
      const bridge = `${tag}-br`;
      await addNamespace(bridge);
      await ip(['-n', bridge, 'link', 'add', 'br0', 'type', 'bridge', 'mcast_snooping', '0']);
      for (const [i, host] of hosts.entries()) {
        await ip(['-n', bridge, 'link', 'add', `p${i}`, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', host.netns]);
        await ip(['-n', bridge, 'link', 'set', `p${i}`, 'master', 'br0', 'up']);
      }
      await ip(['-n', bridge, 'link', 'set', 'br0', 'up']);
    }
    for (const host of hosts) {
      await ip(['-n', host.netns, 'link', 'set', 'lo', 'up']);
      await ip(['-n', host.netns, 'addr', 'add', `${host.address}/24`, 'dev', 'eth0']);
      await ip(['-n', host.netns, 'link', 'set', 'eth0', 'up']);
      if (opts.multicast !== false) await ip(['-n', host.netns, 'route', 'add', '224.0.0.0/4', 'dev', 'eth0']);
    }
    for (const host of hosts) await waitForCarrier(host.netns, 'eth0');

    return {
      hosts,
      run(host, command, args, runOpts = {}) {
        return new Promise((resolve, reject) => {
          const child = spawn('ip', ['netns', 'exec', host.netns, command, ...args], {
            cwd: runOpts.cwd, env: envFor(host, runOpts.env), stdio: ['ignore', 'pipe', 'pipe'],
          });
          children.add(child);
          let stdout = '', stderr = '';
          child.stdout!.on('data', (d: Buffer) => { stdout += d; });
          child.stderr!.on('data', (d: Buffer) => { stderr += d; });
          const timer = setTimeout(() => child.kill('SIGKILL'), runOpts.timeoutMs ?? 30_000);
          child.once('error', (e) => { clearTimeout(timer); reject(e); });
          child.once('close', (code, signal) => { clearTimeout(timer); children.delete(child); resolve({ code, signal, stdout, stderr }); });
        });
      },
      spawn(host, command, args, spawnOpts = {}) {
        // `ip netns exec` execs the command in place, so the child's pid is the command's own.
        const child = spawn('ip', ['netns', 'exec', host.netns, command, ...args], { ...spawnOpts, env: envFor(host, spawnOpts.env) });
        children.add(child);
        child.once('exit', () => children.delete(child));
        return child;
      },
      async setLink(host, up) {
        await ip(['-n', host.netns, 'link', 'set', 'eth0', up ? 'up' : 'down']);
        if (up) await waitForCarrier(host.netns, 'eth0');
      },
      destroy,
    };
  } catch (err) {
    await destroy().catch(() => {});
    throw err;
  }
}
