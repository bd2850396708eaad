// Issue 11 §2: what a Prometheus scrape costs the host. A real host in this process (temp data dir, normal
// durability) with 10,000 open incidents (half HIGH, half LOW; a tenth snoozed, half of those past their end so the
// scrape corrects for them) and 10 schedules of hourly rotations; GET /metrics over HTTP, p50/p95 of a few scrapes,
// against GET /healthz on the same host as the floor of any request.
// Standalone: `scripts/with-node24 node bench/metrics.ts [--json] [--incidents N] [--samples N]`.
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { startServer, fetchJson, type TestServer } from '../test/support/server.ts';
import { FakeClock } from '../src-main/clock.ts';
import { CreateSchedule } from '../src-shared/schemas/oncall.ts';
import { seedOpenIncidents } from './support/seed.ts';
import { percentile } from './support/stats.ts';

export interface MetricsBenchOptions { log?: (line: string) => void; json?: boolean; incidents?: number; samples?: number }

const MIN = 60_000;

async function timed(server: TestServer, path: string, key: string | undefined, samples: number): Promise<{ p50: number; p95: number; bytes: number }> {
  const times: number[] = [];
  let bytes = 0;
  for (let i = 0; i < samples + 1; i++) {
    const t = performance.now();
    const res = await fetchJson(server.baseUrl, path, { key });
    if (res.status !== 200) throw new Error(`${path} answered ${res.status}: ${res.text}`);
    if (i > 0) times.push(performance.now() - t); // the first one prepares statements
    bytes = res.text.length;
  }
  return { p50: percentile(times, 50), p95: percentile(times, 95), bytes };
}

export async function benchMetrics(opts: MetricsBenchOptions = {}): Promise<Record<string, number>> {
  const log = opts.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  const n = opts.incidents ?? 10_000;
  const samples = opts.samples ?? 20;
  const clock = new FakeClock(Date.parse('2026-03-02T09:00:00Z'));
  const server = await startServer({ durability: 'normal', clock });
  try {
    const { engine } = server.klaxon;
    log(`seeding ${n} open incidents and 10 schedules…`);
    await seedOpenIncidents(server, n);
    const ids = engine.openIncidentStates().map((i) => i.id);
    const snoozed = ids.slice(0, Math.min(ids.length, Math.ceil(n / 10)));
    await engine.snooze(snoozed.slice(0, snoozed.length / 2), 30, 'user:bench');
    await engine.snooze(snoozed.slice(snoozed.length / 2), 120, 'user:bench');
    const people = await Promise.all(['Ana', 'Ben', 'Cleo', 'Dev'].map((name) => engine.createUser(name)));
    for (let s = 0; s < 10; s++) {
      await engine.createSchedule(CreateSchedule.parse({
        name: `Rota ${s}`, timeZone: 'Europe/Berlin', layers: [{ start: '2026-01-05T09:00:00', rotation: 'hourly', turns: 1, userIds: people }],
      }), 'user:bench');
    }
    clock.advance(60 * MIN); // the first half of the snoozes has ended
    const key = (await server.createKey(['metrics:read'])).key;
    const metrics = await timed(server, '/metrics', key, samples);
    const health = await timed(server, '/healthz', undefined, samples);
    const figures = { incidents: n, samples, scrapeP50Ms: metrics.p50, scrapeP95Ms: metrics.p95, scrapeBytes: metrics.bytes, healthzP50Ms: health.p50, healthzP95Ms: health.p95 };
    log(`GET /metrics: p50 ${figures.scrapeP50Ms} ms, p95 ${figures.scrapeP95Ms} ms (${metrics.bytes} bytes); GET /healthz: p50 ${health.p50} ms, p95 ${health.p95} ms`);
    return figures;
  } finally {
    await server.close();
  }
}

if (import.meta.main) {
  const { values } = parseArgs({ options: { json: { type: 'boolean', default: false }, incidents: { type: 'string' }, samples: { type: 'string' } } });
  const figures = await benchMetrics({
    json: values.json, incidents: values.incidents ? Number(values.incidents) : undefined, samples: values.samples ? Number(values.samples) : undefined,
    log: values.json ? (l) => process.stderr.write(`${l}\n`) : undefined,
  });
  if (values.json) process.stdout.write(`${JSON.stringify(figures)}\n`);
}
