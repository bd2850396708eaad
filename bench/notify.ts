// Issue 3 §3/§6: trigger → Notify. A real `klaxon serve` process (durable commits) pages through D-Bus on a private
// session bus; the notification server on that bus is the test one (test/support/fake-notification-server.ts), in
// this process, so both ends of each figure are read from one clock. For each of N new HIGH-urgency incidents:
// from sending POST /v2/enqueue to the Notify call carrying its summary arriving on the bus. Each incident is
// resolved afterwards, so every page is a first page (as for a real new incident) and the open set stays small.
// Goal: p99 ≤ 100 ms.
// Standalone: `scripts/with-node24 node bench/notify.ts [--json] [--n 100] [--warmup 10]`.
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { startSessionBus } from '../test/support/session-bus.ts';
import { startFakeNotificationServer } from '../test/support/fake-notification-server.ts';
import { klaxon, serve } from '../test/support/cli.ts';
import { fetchJson, makeTempDir, removeDir } from '../test/support/server.ts';

export interface NotifyBenchOptions {
  log?: (line: string) => void;
  json?: boolean;
  /** Measured triggers (default 100). */
  n?: number;
  /** Unmeasured triggers first (default 10). */
  warmup?: number;
}

export interface NotifyBenchResult {
  /** Trigger sent → Notify call received, milliseconds. */
  p50: number;
  p99: number;
  max: number;
  n: number;
  /** Trigger sent → its 202 received, for comparison. */
  http2xx: { p50: number; p99: number };
  goal: { p99: '<= 100 ms'; met: boolean };
  setup: string;
}

const round = (n: number) => Math.round(n * 100) / 100;
function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return round(sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? NaN);
}

export async function benchNotify(opts: NotifyBenchOptions = {}): Promise<NotifyBenchResult> {
  const log = opts.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const n = opts.n ?? 100;
  const warmup = opts.warmup ?? 10;
  const cleanups: (() => unknown)[] = [];
  try {
    const bus = await startSessionBus();
    cleanups.push(() => bus.stop());
    const server = await startFakeNotificationServer(bus.address);
    cleanups.push(() => server.stop());
    const dir = makeTempDir('klaxon-bench-notify-');
    cleanups.push(() => removeDir(dir));
    const init = await klaxon(['init', '--data-dir', dir, '--json']);
    if (init.code !== 0) throw new Error(`klaxon init failed: ${init.stderr}`);
    const { routingKey } = JSON.parse(init.stdout) as { routingKey: string };
    const host = await serve(['--data-dir', dir, '--port', '0'], { DBUS_SESSION_BUS_ADDRESS: bus.address, KLAXON_NOTIFIER: '' });
    cleanups.push(async () => {
      host.child.kill('SIGTERM');
      const timer = setTimeout(() => host.child.kill('SIGKILL'), 10_000);
      await host.exited;
      clearTimeout(timer);
    });
    if (!/notifier: dbus/.test(host.stderr())) throw new Error(`klaxon serve did not pick the D-Bus notifier:\n${host.stderr()}`);

    const arrived = new Map<string, number>();
    const waiters = new Map<string, () => void>();
    server.onNotify((c) => {
      if (arrived.has(c.summary)) return;
      arrived.set(c.summary, c.at);
      waiters.get(c.summary)?.();
    });
    const runId = Date.now().toString(36);
    const send = (action: 'trigger' | 'resolve', key: string, summary: string) => fetchJson(host.baseUrl, '/v2/enqueue', {
      body: { routing_key: routingKey, event_action: action, dedup_key: key, ...(action === 'trigger' ? { payload: { summary, source: 'bench', severity: 'critical' } } : {}) },
    });

    const toNotify: number[] = [];
    const to2xx: number[] = [];
    log(`  trigger → Notify: ${warmup} warm-up + ${n} measured triggers against klaxon serve (durable commits) on a private session bus`);
    for (let i = 0; i < warmup + n; i++) {
      const key = `bench-${runId}-${i}`;
      const summary = `Bench page ${runId} #${i}`;
      const notified = new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no Notify for trigger #${i} within 10 s`)), 10_000);
        waiters.set(summary, () => { clearTimeout(timer); resolve(); });
        if (arrived.has(summary)) { clearTimeout(timer); resolve(); }
      });
      const sentAt = performance.now();
      const res = await send('trigger', key, summary);
      const answeredAt = performance.now();
      if (res.status !== 202) throw new Error(`trigger #${i} answered ${res.status}: ${res.text}`);
      await notified;
      waiters.delete(summary);
      if (i >= warmup) {
        toNotify.push(arrived.get(summary)! - sentAt);
        to2xx.push(answeredAt - sentAt);
      }
      const resolved = await send('resolve', key, summary);
      if (resolved.status !== 202) throw new Error(`resolve #${i} answered ${resolved.status}: ${resolved.text}`);
    }

    const result: NotifyBenchResult = {
      p50: percentile(toNotify, 50), p99: percentile(toNotify, 99), max: round(Math.max(...toNotify)), n: toNotify.length,
      http2xx: { p50: percentile(to2xx, 50), p99: percentile(to2xx, 99) },
      goal: { p99: '<= 100 ms', met: percentile(toNotify, 99) <= 100 },
      setup: 'klaxon serve (durability full) → dbus-daemon (private session bus) → test notification server; same-clock timing',
    };
    log(`  trigger → Notify (n=${result.n}): p50 ${result.p50} ms, p99 ${result.p99} ms, max ${result.max} ms (goal p99 <= 100 ms: ${result.goal.met ? 'met' : 'NOT met'})`);
    log(`  for comparison, trigger → 202: p50 ${result.http2xx.p50} ms, p99 ${result.http2xx.p99} ms`);
    return result;
  } finally {
    for (const fn of cleanups.reverse()) {
      try { await fn(); } catch (e) { log(`  cleanup: ${(e as Error).message}`); }
    }
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({ options: { json: { type: 'boolean', default: false }, n: { type: 'string', default: '100' }, warmup: { type: 'string', default: '10' } } });
  const result = await benchNotify({ json: values.json, n: Number(values.n), warmup: Number(values.warmup) });
  if (values.json) process.stdout.write(`${JSON.stringify(result)}\n`);
}
