// A real Prometheus Alertmanager (Debian's `prometheus-alertmanager`) on 127.0.0.1, for the real-client test and the
// benchmark's peer. Clustering is off, storage lives in a temp dir, and the config is generated here. A PagerDuty
// receiver ALWAYS names `url`: without it Alertmanager posts to events.pagerduty.com on the internet.
import type { ChildProcess } from 'node:child_process';
import { writeFileSync, existsSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { startReadyDaemon } from './ready-daemon.ts';

export const ALERTMANAGER_BIN = process.env.KLAXON_ALERTMANAGER_BIN ?? '/usr/bin/prometheus-alertmanager';

export interface PagerDutyReceiver {
  routingKey: string;
  /** The receiver's full enqueue URL, e.g. `http://127.0.0.1:PORT/v2/enqueue`. Must be on loopback. */
  url: string;
}

export interface AlertmanagerOptions {
  /** Where notifications go; omit for a receiver that notifies no one (the benchmark's in-memory peer). */
  pagerduty?: PagerDutyReceiver;
  groupWait?: string;
  groupInterval?: string;
  repeatInterval?: string;
  /** Labels that group alerts into one notification (and one PagerDuty dedup key). */
  groupBy?: string[];
  /** Echo Alertmanager's log to stderr (debugging). */
  verbose?: boolean;
}

export interface Alert {
  labels: Record<string, string>;
  annotations?: Record<string, string>;
  startsAt?: string;
  /** In the past: the alert is resolved. */
  endsAt?: string;
  generatorURL?: string;
}

export interface RunningAlertmanager {
  /** `http://127.0.0.1:PORT` */
  url: string;
  port: number;
  process: ChildProcess;
  /** Pushes alerts through Alertmanager's own API, as Prometheus does. */
  pushAlerts(alerts: Alert[]): Promise<void>;
  /** The alerts Alertmanager holds (`GET /api/v2/alerts`). */
  listAlerts(): Promise<unknown[]>;
  /** Everything Alertmanager wrote to stdout/stderr so far (for failure messages). */
  log(): string;
  stop(): Promise<void>;
}

/** A port nobody listens on right now (there is a small race until the child binds it; callers retry). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

export function alertmanagerConfig(opts: AlertmanagerOptions): string {
  const pd = opts.pagerduty;
  if (pd) {
    const u = new URL(pd.url);
    // Guard for the one mistake that matters: a receiver pointing anywhere but this machine.
    if (!['127.0.0.1', 'localhost', '[::1]'].includes(u.hostname)) {
      throw new Error(`refusing an Alertmanager receiver off loopback: ${pd.url}`);
    }
  }
  const groupBy = (opts.groupBy ?? ['alertname', 'instance']).map((l) => JSON.stringify(l)).join(', ');
  const receiver = pd
    ? [
        '  - name: klaxon',
        '    pagerduty_configs:',
        `      - routing_key: ${JSON.stringify(pd.routingKey)}`,
        `        url: ${JSON.stringify(pd.url)}`,
        '        send_resolved: true',
      ]
    : ['  - name: klaxon'];
  return [
    'route:',
    '  receiver: klaxon',
    `  group_by: [${groupBy}]`,
    `  group_wait: ${opts.groupWait ?? '1s'}`,
    `  group_interval: ${opts.groupInterval ?? '1s'}`,
    `  repeat_interval: ${opts.repeatInterval ?? '1h'}`,
    'receivers:',
    ...receiver,
    '',
  ].join('\n');
}

async function startOnce(opts: AlertmanagerOptions, readyTimeoutMs: number): Promise<RunningAlertmanager> {
  const { url, port, child, log, stop } = await startReadyDaemon({
    name: 'alertmanager', bin: ALERTMANAGER_BIN, readyTimeoutMs, verbose: opts.verbose,
    prepare(dir, port, url) {
      const configFile = path.join(dir, 'alertmanager.yml');
      writeFileSync(configFile, alertmanagerConfig(opts));
      return [
        `--config.file=${configFile}`,
        `--storage.path=${path.join(dir, 'data')}`,
        `--web.listen-address=127.0.0.1:${port}`,
        '--cluster.listen-address=',
        `--web.external-url=${url}`,
        '--log.level=info',
      ];
    },
  });

  return {
    url, port, process: child,
    async pushAlerts(alerts) {
      const res = await fetch(`${url}/api/v2/alerts`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(alerts),
      });
      if (!res.ok) throw new Error(`alertmanager refused alerts: ${res.status} ${await res.text()}`);
    },
    async listAlerts() {
      const res = await fetch(`${url}/api/v2/alerts`);
      return (await res.json()) as unknown[];
    },
    log,
    stop,
  };
}

/** Starts Alertmanager and waits for `/-/ready`; retries with a new port if another process took the chosen one. */
export async function startAlertmanager(opts: AlertmanagerOptions = {}, readyTimeoutMs = 30_000): Promise<RunningAlertmanager> {
  if (!existsSync(ALERTMANAGER_BIN)) throw new Error(`${ALERTMANAGER_BIN} not found (Debian package prometheus-alertmanager)`);
  let lastError: unknown;
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      return await startOnce(opts, readyTimeoutMs);
    } catch (err) {
      lastError = err;
      if (!/address already in use/i.test(String(err))) throw err;
    }
  }
  throw lastError;
}

/** An alert that is firing now (startsAt a moment ago, endsAt well ahead so Alertmanager does not time it out). */
export function firingAlert(labels: Record<string, string>, annotations: Record<string, string> = {}): Alert {
  const now = Date.now();
  return {
    labels, annotations,
    startsAt: new Date(now - 1000).toISOString(),
    endsAt: new Date(now + 60 * 60 * 1000).toISOString(),
    generatorURL: 'http://127.0.0.1:9090/graph',
  };
}

/** The same alert, resolved: endsAt in the past. */
export function resolvedAlert(alert: Alert): Alert {
  return { ...alert, endsAt: new Date(Date.now() - 1000).toISOString() };
}
