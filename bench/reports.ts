// Issue 9 §3: how long the on-call report takes over 10,000 incidents (a real host in this process on a temp data
// dir and a fake clock). The incidents are spread over 12 weeks on two services, one with a two-level policy whose
// second level is a daily Chicago rotation of three people (so every page is derived again: the walk, the schedule
// lookups), the other without; 60% are acknowledged after 3 minutes, 80% resolved after 20, the rest escalate and
// repeat until now. Timed: the engine's report by service and by person (p50/p95 of a few runs), and one
// GET /api/reports and one GET /api/reports.csv over HTTP.
// Standalone: `scripts/with-node24 node bench/reports.ts [--json] [--incidents N] [--samples N]`.
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { startServer, fetchJson } from '../test/support/server.ts';
import { FakeClock } from '../src-main/clock.ts';
import { CreateSchedule, CreateEscalationPolicy } from '../src-shared/schemas/oncall.ts';
import { percentile, round } from './support/stats.ts';

export interface ReportsBenchOptions { log?: (line: string) => void; json?: boolean; incidents?: number; samples?: number }

const MIN = 60_000;
const WEEKS = 12;
const START = Date.parse('2026-01-05T00:00:00Z'); // a Monday

export async function benchReports(opts: ReportsBenchOptions = {}): Promise<Record<string, number>> {
  const log = opts.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  const n = opts.incidents ?? 10_000;
  const samples = opts.samples ?? 5;
  const clock = new FakeClock(START);
  const server = await startServer({ durability: 'normal', serviceName: 'Web', clock });
  try {
    const { engine } = server.klaxon;
    const people = [await engine.createUser('Alice'), await engine.createUser('Bob'), await engine.createUser('Carol')];
    const schedule = await engine.createSchedule(CreateSchedule.parse({
      name: 'Primary', timeZone: 'America/Chicago', layers: [{ start: '2026-01-05T09:00:00', rotation: 'daily', turns: 1, userIds: people }],
    }), 'user:bench');
    const policy = await engine.createPolicy(CreateEscalationPolicy.parse({
      name: 'Web', repeat: 2,
      levels: [{ delayMinutes: 5, targets: [{ type: 'user', id: people[0]! }] }, { delayMinutes: 10, targets: [{ type: 'schedule', id: schedule.id }] }],
    }), 'user:bench');
    await engine.updateService(server.serviceId, { escalationPolicyId: policy.id });
    const other = await engine.createService({ name: 'Billing' });

    log(`seeding ${n} incidents over ${WEEKS} weeks…`);
    const seedStart = performance.now();
    const batch = 500;
    const step = Math.floor((WEEKS * 7 * 24 * 60 * MIN) / Math.ceil(n / batch));
    for (let start = 0; start < n; start += batch) {
      const results = await Promise.all(Array.from({ length: Math.min(batch, n - start) }, (_, k) => engine.ingestEvent({
        action: 'trigger', routingKey: (start + k) % 2 === 0 ? server.routingKey : other.routingKey, dedupKey: `r-${start + k}`,
        summary: `Report incident ${start + k}`, source: 'bench', severity: 'critical', receivedVia: 'events-api',
      })));
      const ids = results.map((r) => r.incidentId!);
      clock.advance(3 * MIN);
      await engine.acknowledge(ids.filter((_, i) => i % 5 < 3), `user:${people[(start / batch) % 3]}`);
      clock.advance(17 * MIN);
      await engine.resolve(ids.filter((_, i) => i % 5 < 4), `user:${people[(start / batch + 1) % 3]}`);
      clock.advance(step - 20 * MIN);
    }
    log(`  seeded in ${Math.round(performance.now() - seedStart)} ms`);

    const query = { from: new Date(START).toISOString(), to: new Date(START + WEEKS * 7 * 24 * 60 * MIN).toISOString() };
    const figures: Record<string, number> = { incidents: n, samples };
    for (const groupBy of ['service', 'user'] as const) {
      const times: number[] = [];
      let rows = 0;
      for (let i = 0; i < samples + 1; i++) {
        const t = performance.now();
        rows = engine.report({ ...query, groupBy }).rows.length;
        if (i > 0) times.push(performance.now() - t); // the first run prepares statements
      }
      figures[`${groupBy}P50Ms`] = percentile(times, 50);
      figures[`${groupBy}P95Ms`] = percentile(times, 95);
      log(`report by ${groupBy}: ${rows} rows, p50 ${figures[`${groupBy}P50Ms`]} ms, p95 ${figures[`${groupBy}P95Ms`]} ms`);
    }
    for (const [name, path] of [['httpJsonMs', '/api/reports'], ['httpCsvMs', '/api/reports.csv']] as const) {
      const t = performance.now();
      const res = await fetchJson(server.baseUrl, `${path}?from=${query.from}&to=${query.to}`, { key: server.adminKey });
      if (res.status !== 200) throw new Error(`${path} answered ${res.status}: ${res.text}`);
      figures[name] = round(performance.now() - t);
      log(`GET ${path}: ${figures[name]} ms (${res.text.length} bytes)`);
    }
    return figures;
  } finally {
    await server.close();
  }
}

if (import.meta.main) {
  const { values } = parseArgs({ options: { json: { type: 'boolean', default: false }, incidents: { type: 'string' }, samples: { type: 'string' } } });
  const figures = await benchReports({
    json: values.json, incidents: values.incidents ? Number(values.incidents) : undefined, samples: values.samples ? Number(values.samples) : undefined,
    log: values.json ? (l) => process.stderr.write(`${l}\n`) : undefined,
  });
  if (values.json) process.stdout.write(`${JSON.stringify(figures)}\n`);
}
