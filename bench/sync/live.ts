// Live sync: events posted one at a time to A's /v2/enqueue (distinct dedup keys, a fixed spacing between sends),
// each timed from A's 2xx to the instant B's change stream announces the incident (B has committed it; its API lists
// it from then on). C is timed the same way. The stream is pushed, so no polling interval is added to the figure.
import { performance } from 'node:perf_hooks';
import type { ChangeWatch } from '../support/change-stream.ts';
import { enqueue, incidentTotal, type BenchHost } from '../support/team-hosts.ts';
import { sleep, spread, type Spread } from '../support/stats.ts';

export interface LiveResult {
  events: number;
  spacingMs: number;
  /** A's 2xx → listed by B, ms. */
  toB: Spread;
  /** A's 2xx → listed by C, ms. */
  toC: Spread;
  /** Send → A's 2xx, ms (durable commit on A). */
  a2xx: Spread;
  goal: { p99: '<= 100 ms'; met: boolean };
}

export async function measureLive(opts: {
  a: BenchHost; b: BenchHost; c: BenchHost; onB: ChangeWatch; onC: ChangeWatch;
  events: number; warmup: number; spacingMs: number; log: (line: string) => void;
}): Promise<LiveResult> {
  const { a, b, onB, onC, events, warmup, spacingMs } = opts;
  const run = Date.now().toString(36);
  const answered = new Map<string, number>();
  const a2xx: number[] = [];
  opts.log(`  live: ${warmup} warm-up + ${events} events to A's /v2/enqueue, one every ${spacingMs} ms; timing A's 2xx → B's and C's change streams`);
  for (let i = 0; i < warmup + events; i++) {
    const key = `live-${run}-${i}`;
    const sent = performance.now();
    const res = await enqueue(a, 'trigger', key, `Live sync ${run} #${i}`);
    const at = performance.now();
    if (res.status !== 202) throw new Error(`event #${i} on A answered ${res.status}: ${await res.text()}`);
    await res.arrayBuffer();
    if (i >= warmup) {
      answered.set(key, at);
      a2xx.push(at - sent);
    }
    await sleep(Math.max(0, sent + spacingMs - performance.now()));
  }
  const lag = async (watch: ChangeWatch) => {
    const out: number[] = [];
    for (const [key, at] of answered) out.push((await watch.waitFor(key, 30_000)).at - at);
    return out;
  };
  const toB = spread(await lag(onB));
  const toC = spread(await lag(onC));
  // The stream said so; the API must agree.
  const listed = await incidentTotal(b);
  if (listed < warmup + events) throw new Error(`B lists ${listed} incidents after the live run, expected at least ${warmup + events}`);
  const result: LiveResult = { events, spacingMs, toB, toC, a2xx: spread(a2xx), goal: { p99: '<= 100 ms', met: toB.p99 <= 100 } };
  return result;
}
