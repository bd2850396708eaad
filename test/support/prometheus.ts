// A real Prometheus server (Debian's `prometheus` package) on 127.0.0.1, scraping Klaxon's /metrics the way a user's
// would: a scrape config with the target and the bearer key (`authorization: {credentials: …}`), its storage in a
// temp dir, a one-second scrape interval so a test sees a scrape within seconds. Started and stopped like the
// Alertmanager of test/support/alertmanager.ts.
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { startReadyDaemon } from './ready-daemon.ts';

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

async function api<T>(url: string, pathAndQuery: string): Promise<T> {
  const res = await fetch(`${url}${pathAndQuery}`, { signal: AbortSignal.timeout(10_000) });
  const body = (await res.json()) as { status: string; data: T; error?: string };
  if (body.status !== 'success') throw new Error(`prometheus ${pathAndQuery}: ${res.status} ${body.error ?? ''}`);
  return body.data;
}

async function startOnce(jobs: ScrapeJob[], readyTimeoutMs: number): Promise<RunningPrometheus> {
  const { url, log, stop } = await startReadyDaemon({
    name: 'prometheus', bin: PROMETHEUS_BIN, readyTimeoutMs,
    prepare(dir, port) {
      const configFile = path.join(dir, 'prometheus.yml');
      writeFileSync(configFile, prometheusConfig(jobs));
      return [
        `--config.file=${configFile}`,
        `--storage.tsdb.path=${path.join(dir, 'data')}`,
        `--web.listen-address=127.0.0.1:${port}`,
        '--log.level=info',
      ];
    },
  });
  return {
    url,
    query: async (promql) => (await api<{ result: { metric: Record<string, string>; value: [number, string] }[] }>(url, `/api/v1/query?query=${encodeURIComponent(promql)}`))
      .result.map((r) => ({ metric: r.metric, value: r.value[1] })),
    targets: async () => (await api<{ activeTargets: ScrapeTarget[] }>(url, '/api/v1/targets')).activeTargets,
    log,
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
