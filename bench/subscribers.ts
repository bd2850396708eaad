// Issue 10 §2: what one status update costs the device that posts it when a page has many subscribers. A real engine
// (temp data dir, durability full, the default) with N confirmed email subscribers on one page; one update posted;
// measured: the longest the event loop is held while the notices are recorded (every one signed and written before
// any is sent), and the time until every notice has gone through a mailer that accepts at once (the runner's own
// cost per notice, SMTP excluded).
// Standalone: `scripts/with-node24 node bench/subscribers.ts [--json] [--subscribers N]`.
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createEngine } from '../src-main/engine/engine.ts';
import { systemClock } from '../src-main/clock.ts';
import { silentLogger } from '../src-main/log.ts';
import { createSubscriberRunner } from '../src-main/status/subscriber-runner.ts';
import { statusPagesOfServices } from '../test/support/status-page-fixture.ts';

export interface SubscribersBenchOptions { log?: (line: string) => void; json?: boolean; subscribers?: number }

export async function benchSubscribers(opts: SubscribersBenchOptions = {}): Promise<Record<string, number>> {
  const log = opts.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  const n = opts.subscribers ?? 10_000;
  const dir = mkdtempSync(path.join(tmpdir(), 'klaxon-bench-subscribers-'));
  const engine = createEngine({ dataDir: dir, clock: systemClock, log: silentLogger, durability: 'full' });
  try {
    const svc = await engine.createService({ name: 'Checkout' });
    const page = { id: 'sp_bench', slug: 'bench', name: 'Bench', publicUrl: 'https://status.example.com/status/bench', serviceId: svc.id };
    log(`seeding ${n} confirmed subscribers…`);
    for (let i = 0; i < n; i += 500) {
      const taken = await Promise.all(Array.from({ length: Math.min(500, n - i) }, (_, j) => engine.subscribeEmail(page.id, `person${i + j}@example.com`, 'system')));
      await Promise.all(taken.map((t) => engine.confirmSubscriber(page.id, t!.token, 'system')));
    }
    let sent = 0;
    let allSent: () => void = () => {};
    const done = new Promise<void>((resolve) => { allSent = resolve; });
    const runner = createSubscriberRunner({
      engine, clock: systemClock, log: silentLogger, updates: statusPagesOfServices(() => engine, [page]).updates,
      // Accepts at once, after one turn of the event loop, as an answer from a socket would come.
      mailer: async () => { await new Promise((resolve) => setImmediate(resolve)); if (++sent === n) allSent(); return { error: null }; },
    });
    runner.start();
    const incident = await engine.createIncident({ title: 'Checkout is slow', serviceId: svc.id }, 'user:bench');
    // The longest gap between the ticks of a 1 ms timer: how long the event loop was held at a stretch.
    let last = performance.now();
    let maxGap = 0;
    const ticker = setInterval(() => { const now = performance.now(); maxGap = Math.max(maxGap, now - last); last = now; }, 1);
    const t0 = performance.now();
    await engine.postStatusUpdate(incident.id, { status: 'identified', message: 'A slow database; failing over.' }, 'user:bench');
    await done;
    const totalMs = performance.now() - t0;
    clearInterval(ticker);
    await runner.settled();
    await runner.close();
    const figures = { subscribers: n, maxLoopBlockMs: Math.round(maxGap), allSentMs: Math.round(totalMs), perNoticeUs: Math.round((totalMs * 1000) / n) };
    log(`one update to ${n} subscribers: event loop held at most ${figures.maxLoopBlockMs} ms; all ${n} notices through the runner in ${figures.allSentMs} ms (${figures.perNoticeUs} µs each)`);
    return figures;
  } finally {
    await engine.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.main) {
  const { values } = parseArgs({ options: { json: { type: 'boolean', default: false }, subscribers: { type: 'string' } } });
  const figures = await benchSubscribers({
    json: values.json, subscribers: values.subscribers ? Number(values.subscribers) : undefined,
    log: values.json ? (l) => process.stderr.write(`${l}\n`) : undefined,
  });
  if (values.json) process.stdout.write(`${JSON.stringify(figures)}\n`);
}
