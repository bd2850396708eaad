// A real Prometheus server (Debian's `prometheus` package) on 127.0.0.1, scraping Klaxon's /metrics the way a user's
// would: a scrape config with the target and the bearer key (`authorization: {credentials: …}`), its storage in a
// temp dir, a one-second scrape interval so a test sees a scrape within seconds. Started and stopped like the
// Alertmanager of test/support/alertmanager.ts.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from './alertmanager.ts';

export const PROMETHEUS_BIN = process.env.KLAXON_PROMETHEUS_BIN ?? '/usr/bin/prometheus';

export interface ScrapeJob {
  name: string;
  /** `127.0.0.1:PORT`: loopback only. */
  target: string;
  /** The API key sent as `Authorization: Bearer …`; omitted: none sent. */
  credentials?: string;
}

/** One series of an instant query's answer: its labels and its value as Prometheus writes it (a string). */
export interface Sample { metric: Record<string, string>; value: string }

/** A target as `/api/v1/targets` shows it. */
export interface ScrapeTarget { labels: Record<string, string>; health: 'up' | 'down' | 'unknown'; lastError: string; lastScrape: string }

export interface RunningPrometheus {
  url: string;
  /** An instant query (`/api/v1/query`); throws if Prometheus refuses it. */
  query(promql: string): Promise<Sample[]>;
  /** The active scrape targets (`/api/v1/targets`). */
  targets(): Promise<ScrapeTarget[]>;
  log(): string;
  stop(): Promise<void>;
}

export function prometheusConfig(jobs: ScrapeJob[]): string {
  const lines = ['global:', '  scrape_interval: 1s', '  scrape_timeout: 1s', 'scrape_configs:'];
  for (const job of jobs) {
    // The one mistake that matters: scraping anything but this machine.
    if (!/^(127\.0\.0\.1|\[::1\]|localhost):\d+$/.test(job.target)) throw new Error(`refusing a scrape target off loopback: ${job.target}`);
    lines.push(`  - job_name: ${JSON.stringify(job.name)}`, '    metrics_path: /metrics');
    if (job.credentials !== undefined) lines.push('    authorization:', `      credentials: ${JSON.stringify(job.credentials)}`);
    lines.push('    static_configs:', `      - targets: [${JSON.stringify(job.target)}]`);
  }
  return `${lines.join('\n')}\n`;
}

async function waitReady(url: string, child: ChildProcess, log: () => string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`prometheus exited (${child.exitCode ?? child.signalCode}) before it was ready:\n${log()}`);
    }
    try {
      const res = await fetch(`${url}/-/ready`, { signal: AbortSignal.timeout(2000) });
      if (res.ok) return;
    } catch { /* not listening yet */ }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`prometheus not ready after ${timeoutMs} ms:\n${log()}`);
}

async function api<T>(url: string, pathAndQuery: string): Promise<T> {
  const res = await fetch(`${url}${pathAndQuery}`, { signal: AbortSignal.timeout(10_000) });
  const body = (await res.json()) as { status: string; data: T; error?: string };
  if (body.status !== 'success') throw new Error(`prometheus ${pathAndQuery}: ${res.status} ${body.error ?? ''}`);
  return body.data;
}

async function startOnce(jobs: ScrapeJob[], readyTimeoutMs: number): Promise<RunningPrometheus> {
  const dir = mkdtempSync(path.join(tmpdir(), 'klaxon-prom-'));
  const configFile = path.join(dir, 'prometheus.yml');
  writeFileSync(configFile, prometheusConfig(jobs));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(PROMETHEUS_BIN, [
    `--config.file=${configFile}`,
    `--storage.tsdb.path=${path.join(dir, 'data')}`,
    `--web.listen-address=127.0.0.1:${port}`,
    '--log.level=info',
  ], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const collect = (chunk: Buffer) => {
    output += chunk.toString();
    if (output.length > 200_000) output = output.slice(-100_000);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(dir, { recursive: true, force: true });
  };

  try {
    await waitReady(url, child, () => output, readyTimeoutMs);
  } catch (err) {
    await stop();
    throw err;
  }
  return {
    url,
    query: async (promql) => (await api<{ result: { metric: Record<string, string>; value: [number, string] }[] }>(url, `/api/v1/query?query=${encodeURIComponent(promql)}`))
      .result.map((r) => ({ metric: r.metric, value: r.value[1] })),
    targets: async () => (await api<{ activeTargets: ScrapeTarget[] }>(url, '/api/v1/targets')).activeTargets,
    log: () => output,
    stop,
  };
}

/** Starts Prometheus scraping `jobs` and waits for `/-/ready`; retries with a new port if another process took it. */
export async function startPrometheus(jobs: ScrapeJob[], readyTimeoutMs = 30_000): Promise<RunningPrometheus> {
  if (!existsSync(PROMETHEUS_BIN)) throw new Error(`${PROMETHEUS_BIN} not found (Debian package prometheus; scripts/provision.sh installs it)`);
  let lastError: unknown;
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      return await startOnce(jobs, readyTimeoutMs);
    } catch (err) {
      lastError = err;
      if (!/address already in use/i.test(String(err))) throw err;
    }
  }
  throw lastError;
}
