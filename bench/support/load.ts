// One load run with autocannon: N connections POSTing bodies for a fixed time. Latency is taken from every
// response's own timing (microsecond resolution) rather than autocannon's histogram, which rounds to whole ms and
// would hide the difference between 0.4 ms and 1.4 ms that the p99 goal is about.
import autocannon from 'autocannon';

export interface LoadOptions {
  url: string;
  path: string;
  connections: number;
  durationSec: number;
  /** The body of the i-th request of this run (i counts up across all connections). */
  body: (i: number) => string;
  /** Stop after this many requests instead of after `durationSec` (priming). */
  amount?: number;
}

export interface LoadResult {
  /** 2xx answers per second over the run. */
  eventsPerSec: number;
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  maxMs: number;
  requests: number;
  ok: number;
  non2xx: number;
  errors: number;
  durationSec: number;
  statusCodes: Record<string, number>;
}

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return NaN;
  const idx = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[idx] ?? NaN;
}

const round = (n: number, digits = 2) => Number.isFinite(n) ? Number(n.toFixed(digits)) : n;

export async function runLoad(opts: LoadOptions): Promise<LoadResult> {
  let next = 0;
  let latencies = new Float64Array(1 << 16);
  let count = 0;
  const instance = autocannon({
    url: opts.url,
    connections: opts.connections,
    duration: opts.durationSec,
    amount: opts.amount,
    timeout: 30,
    requests: [{
      method: 'POST',
      path: opts.path,
      headers: { 'content-type': 'application/json' },
      setupRequest: (req) => ({ ...req, body: opts.body(next++) }),
    }],
  });
  instance.on('response', (_client: unknown, _status: number, _bytes: number, responseTimeMs: number) => {
    if (count === latencies.length) {
      const grown = new Float64Array(latencies.length * 2);
      grown.set(latencies);
      latencies = grown;
    }
    latencies[count++] = responseTimeMs;
  });
  const result = await instance;
  const sorted = latencies.subarray(0, count).sort();
  const statusCodes: Record<string, number> = {};
  for (const [code, { count: n }] of Object.entries(result.statusCodeStats ?? {})) statusCodes[code] = Number(n);
  const ok = result['2xx'];
  return {
    eventsPerSec: round(ok / result.duration, 0),
    p50Ms: round(percentile(sorted, 50)),
    p90Ms: round(percentile(sorted, 90)),
    p99Ms: round(percentile(sorted, 99)),
    maxMs: round(sorted[sorted.length - 1] ?? NaN),
    requests: count,
    ok,
    non2xx: result.non2xx,
    errors: result.errors,
    durationSec: round(result.duration),
    statusCodes,
  };
}
