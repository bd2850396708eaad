// The real headless host as a child process (`node src-main/headless.ts serve|init`), for tests that must stop,
// kill -9 and restart it, and for the benchmark (the server gets its own event loop, apart from the load generator).
// `entry` runs another build of the same command instead (the compiled one in dist/headless, or a test's own).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const HEADLESS_ENTRY = path.join(REPO_ROOT, 'src-main/headless.ts');

export interface InitResult { serviceId: string; routingKey: string; apiKey: string }

function childEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return { ...process.env, ...extra };
}

export function makeDataDir(prefix = 'klaxon-it-'): string {
  return mkdtempSync(path.join(tmpdir(), prefix));
}

export function removeDataDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** Runs a `klaxon` subcommand to completion; resolves with its output, rejects on a non-zero exit. */
export function runKlaxon(args: string[], opts: { timeoutMs?: number; env?: Record<string, string>; entry?: string } = {}): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [opts.entry ?? HEADLESS_ENTRY, ...args], { cwd: REPO_ROOT, env: childEnv(opts.env), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => { stdout += c.toString(); });
    child.stderr.on('data', (c: Buffer) => { stderr += c.toString(); });
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 60_000);
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve({ stdout, stderr });
      else reject(new Error(`klaxon ${args.join(' ')} exited ${code ?? signal}\nstdout: ${stdout}\nstderr: ${stderr}`));
    });
  });
}

/** `klaxon init --json` on a data dir: the default service's routing key and the admin API key. */
export async function klaxonInit(dataDir: string, opts: { entry?: string } = {}): Promise<InitResult> {
  const { stdout } = await runKlaxon(['init', '--data-dir', dataDir, '--json'], opts);
  const line = stdout.trim().split('\n').filter((l) => l.startsWith('{')).at(-1);
  if (!line) throw new Error(`klaxon init --json printed no JSON object: ${stdout}`);
  const parsed = JSON.parse(line) as Partial<InitResult>;
  if (!parsed.routingKey || !parsed.apiKey || !parsed.serviceId) throw new Error(`klaxon init --json is missing fields: ${line}`);
  return parsed as InitResult;
}

export interface KlaxonProcess {
  child: ChildProcess;
  pid: number;
  port: number;
  baseUrl: string;
  /** stdout + stderr so far. */
  output(): string;
  /** Resolves with the exit code / signal once the process has exited. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** SIGTERM (or the given signal), waiting for the exit; SIGKILL after `graceMs`. */
  stop(signal?: NodeJS.Signals, graceMs?: number): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export interface ServeOptions {
  dataDir: string;
  /** The `klaxon` entry to run (default: the sources, src-main/headless.ts). */
  entry?: string;
  port?: number;
  /** Extra node flags (e.g. `--cpu-prof`). */
  nodeArgs?: string[];
  extraArgs?: string[];
  env?: Record<string, string>;
  startTimeoutMs?: number;
  /** Let the host page through the OS (default off: tests and benchmarks must not page the person at this machine). */
  notify?: boolean;
}

/** The port from the host's one "listening" log line (e.g. `klaxon: listening on http://127.0.0.1:4301`). */
export function parseListeningLine(text: string): number | null {
  for (const line of text.split('\n')) {
    if (!/listening/i.test(line)) continue;
    const m = /(?:127\.0\.0\.1|localhost|\[::1\]|0\.0\.0\.0|\[::\]):(\d+)/.exec(line) ?? /port\D{0,3}(\d+)/i.exec(line);
    if (m) return Number(m[1]);
  }
  return null;
}

/** Starts `klaxon serve --data-dir D --port 0` and waits for its "listening" line. */
export function startKlaxon(opts: ServeOptions): Promise<KlaxonProcess> {
  const args = [
    ...(opts.nodeArgs ?? []), opts.entry ?? HEADLESS_ENTRY, 'serve',
    '--data-dir', opts.dataDir, '--port', String(opts.port ?? 0), '--host', '127.0.0.1',
    ...(opts.notify ? [] : ['--no-notify']),
    ...(opts.extraArgs ?? []),
  ];
  const child = spawn(process.execPath, args, { cwd: REPO_ROOT, env: childEnv(opts.env), stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }));
  });
  return new Promise((resolve, reject) => {
    let settled = false;
    const timer = setTimeout(() => {
      if (settled) return;
      settled = true;
      child.kill('SIGKILL');
      reject(new Error(`klaxon serve printed no "listening" line within ${opts.startTimeoutMs ?? 30_000} ms:\n${out}`));
    }, opts.startTimeoutMs ?? 30_000);
    const onData = (c: Buffer) => {
      out += c.toString();
      if (out.length > 1_000_000) out = out.slice(-500_000);
      if (settled) return;
      const port = parseListeningLine(out);
      if (port === null) return;
      settled = true;
      clearTimeout(timer);
      const proc: KlaxonProcess = {
        child, pid: child.pid ?? -1, port, baseUrl: `http://127.0.0.1:${port}`,
        output: () => out,
        exited,
        async stop(signal = 'SIGTERM', graceMs = 15_000) {
          if (child.exitCode !== null || child.signalCode !== null) return exited;
          child.kill(signal);
          const killer = setTimeout(() => child.kill('SIGKILL'), graceMs);
          const result = await exited;
          clearTimeout(killer);
          return result;
        },
      };
      resolve(proc);
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    void exited.then(({ code, signal }) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      reject(new Error(`klaxon serve exited (${code ?? signal}) before listening:\n${out}`));
    });
  });
}

/** Polls `check` until it returns a value (not undefined) or the deadline passes. */
export async function eventually<T>(check: () => Promise<T | undefined> | T | undefined, opts: { timeoutMs?: number; intervalMs?: number; what?: string } = {}): Promise<T> {
  const deadline = Date.now() + (opts.timeoutMs ?? 30_000);
  let lastError: unknown;
  for (;;) {
    try {
      const v = await check();
      if (v !== undefined) return v;
    } catch (err) {
      lastError = err;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting for ${opts.what ?? 'condition'}${lastError ? `: ${String(lastError)}` : ''}`);
    }
    await new Promise((r) => setTimeout(r, opts.intervalMs ?? 100));
  }
}
