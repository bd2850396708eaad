// Issue 9, (c) of bench/oncall.ts: what the timed decisions (auto-resolve, support-hours raise) cost an alert storm.
// With 5,000 incidents open on a service with auto-resolve, a batch of 10 triggers is committed and the runner
// plans again; the figure is that batch with the runner listening against the same batch without it (ratio =
// with / without), each timed until the event loop has run what the batch set off.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createEngine } from '../src-main/engine/engine.ts';
import { createTimedDecisions } from '../src-main/engine/timed-decisions.ts';
import { FakeClock } from '../src-main/clock.ts';
import { silentLogger } from '../src-main/log.ts';
import { percentile } from './support/stats.ts';

const OPEN = 5_000;
const BATCH = 10;
const START = Date.parse('2026-03-02T06:00:00Z');

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));
const ms = (times: number[], p: number) => Math.round(percentile(times.map((x) => x * 1000), p)) / 1000;
const ratio = (a: number, b: number) => (b > 0 ? Math.round((a / b) * 10) / 10 : NaN);

export async function benchDecisions(opts: { log: (line: string) => void; samples: number }): Promise<Record<string, number>> {
  const { log, samples } = opts;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'klaxon-bench-decisions-'));
  const clock = new FakeClock(START);
  const engine = createEngine({ dataDir: dir, clock, log: silentLogger, durability: 'normal' });
  const decisions = createTimedDecisions({ engine, clock, log: silentLogger });
  try {
    const svc = await engine.createService({ name: 'Auto-resolved' });
    await engine.updateService(svc.id, { autoResolveMinutes: 7 * 24 * 60 });
    let n = 0;
    const batch = (size: number) => Promise.all(Array.from({ length: size }, () => engine.ingestEvent({
      action: 'trigger', routingKey: svc.routingKey, dedupKey: `k${n++}`, summary: `Open incident ${n}`,
      source: 'bench', severity: 'critical', receivedVia: 'events-api',
    })));
    log(`seeding ${OPEN} open incidents on a service with auto-resolve…`);
    for (let done = 0; done < OPEN; done += 100) await batch(100);
    const timed = async (): Promise<number[]> => {
      const times: number[] = [];
      for (let i = 0; i < samples + 3; i++) {
        const t = performance.now();
        await batch(BATCH);
        await turn();
        await turn();
        if (i >= 3) times.push(performance.now() - t);
      }
      return times;
    };
    const without = await timed();
    decisions.start();
    await turn();
    const withRunner = await timed();
    const figures = {
      decisionsBatchWithoutP50Ms: ms(without, 50), decisionsBatchWithP50Ms: ms(withRunner, 50), decisionsBatchWithP95Ms: ms(withRunner, 95),
      decisionsBatchRatio: ratio(ms(withRunner, 50), ms(without, 50)),
    };
    log(`timed decisions, a batch of ${BATCH} triggers with ${OPEN} open on a service with auto-resolve: with the runner ${figures.decisionsBatchWithP50Ms} ms `
      + `(p95 ${figures.decisionsBatchWithP95Ms}); without ${figures.decisionsBatchWithoutP50Ms} ms; ×${figures.decisionsBatchRatio}`);
    return figures;
  } finally {
    decisions.close();
    await engine.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
