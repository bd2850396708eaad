// Issue 11 §2: how long the window waits for a page of a webhook's delivery log once the log is big. The log is
// device-local and never pruned, so a busy team's laptop gathers rows for years. An engine on a temp data dir holds
// N deliveries (default 200,000) over 20 subscriptions, plus one quiet subscription whose 30 deliveries are the
// oldest rows (its newest page is the worst case: every newer row of the others lies before it in id order).
// Timed: `deliveryPage` (what GET /api/webhooks/{id}/deliveries and the bridge answer) for 25 rows — a busy
// subscription's newest page, a page from the middle of its log, and the quiet one's newest page.
// Standalone: `scripts/with-node24 node bench/webhook-log.ts [--json] [--deliveries N] [--samples N]`.
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { createEngine } from '../src-main/engine/engine.ts';
import { FakeClock } from '../src-main/clock.ts';
import { silentLogger } from '../src-main/log.ts';
import { addDelivery } from '../src-main/store/webhook-deliveries.ts';
import { deliveryPage } from '../src-main/outbound/delivery-page.ts';
import { makeTempDir, removeDir } from '../test/support/server.ts';
import { percentile } from './support/stats.ts';

export interface WebhookLogBenchOptions { log?: (line: string) => void; json?: boolean; deliveries?: number; samples?: number }

const BUSY = 20;
const PAGE = 25;

export async function benchWebhookLog(opts: WebhookLogBenchOptions = {}): Promise<Record<string, number>> {
  const log = opts.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  const n = opts.deliveries ?? 200_000;
  const samples = opts.samples ?? 50;
  const dir = makeTempDir('klaxon-bench-');
  const clock = new FakeClock(Date.parse('2026-03-02T09:00:00Z'));
  const engine = createEngine({ dataDir: dir, clock, log: silentLogger, durability: 'normal' });
  try {
    const hook = (i: number) => engine.createWebhook({ url: `https://hooks.example.com/${i}`, events: ['triggered'] }, 'user:bench');
    const quiet = await hook(-1);
    const busy = await Promise.all(Array.from({ length: BUSY }, (_, i) => hook(i)));
    log(`seeding ${n} deliveries over ${BUSY + 1} subscriptions…`);
    const body = JSON.stringify({ type: 'incident.triggered', data: { incident: { title: 'x'.repeat(60) } } });
    engine.store.db.transaction(() => {
      for (let i = 0; i < 30; i++) addDelivery(engine.store, { webhookId: quiet.id, messageId: `q${i}`, event: 'triggered', incidentId: null, body, nowMs: clock.now() });
      for (let i = 0; i < n; i++) {
        addDelivery(engine.store, { webhookId: busy[i % BUSY]!.id, messageId: `m${i}`, event: 'triggered', incidentId: null, body, nowMs: clock.now() + i });
      }
    })();
    const timed = (webhookId: string, before?: number) => {
      const times: number[] = [];
      let rows = 0;
      for (let i = 0; i < samples + 1; i++) {
        const t = performance.now();
        rows = deliveryPage(engine, webhookId, { limit: PAGE, before }).deliveries.length;
        if (i > 0) times.push(performance.now() - t);
      }
      if (rows !== PAGE) throw new Error(`a page of ${rows} rows, not ${PAGE}`);
      return { p50: percentile(times, 50), p95: percentile(times, 95) };
    };
    const newest = timed(busy[0]!.id);
    const middle = timed(busy[0]!.id, Math.floor(n / 2));
    const worst = timed(quiet.id);
    const figures = {
      deliveries: n, samples, newestPageP50Ms: newest.p50, newestPageP95Ms: newest.p95, middlePageP50Ms: middle.p50, middlePageP95Ms: middle.p95,
      quietNewestPageP50Ms: worst.p50, quietNewestPageP95Ms: worst.p95,
    };
    log(`a page of ${PAGE}: busy newest p50 ${newest.p50} ms, p95 ${newest.p95} ms; busy middle p50 ${middle.p50} ms, p95 ${middle.p95} ms; ` +
      `quiet (oldest rows) p50 ${worst.p50} ms, p95 ${worst.p95} ms`);
    return figures;
  } finally {
    await engine.close();
    removeDir(dir);
  }
}

if (import.meta.main) {
  const { values } = parseArgs({ options: { json: { type: 'boolean', default: false }, deliveries: { type: 'string' }, samples: { type: 'string' } } });
  const figures = await benchWebhookLog({
    json: values.json, deliveries: values.deliveries ? Number(values.deliveries) : undefined, samples: values.samples ? Number(values.samples) : undefined,
    log: values.json ? (l) => process.stderr.write(`${l}\n`) : undefined,
  });
  if (values.json) process.stdout.write(`${JSON.stringify(figures)}\n`);
}
