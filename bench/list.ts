// Issue 2 §4: the host's list with an alert storm of 100,000 open incidents (a real host in this process on a temp
// data dir, real HTTP on 127.0.0.1 with an API key), p50/p95 of:
//   - the window's first page (order=queue, counts=true) and deep pages (offset 50,000 and 99,900);
//   - the API's default page (newest first) and the same through the previous listing (bench/support/previous-listing.ts);
//   - search (q) through the FTS5 index against the previous LIKE scan, on the same database: a dedup key, a word of
//     some titles, a word of every title; reported as ratios (previous / now); and the first search after the storm,
//     which indexes it.
// Standalone: `scripts/with-node24 node bench/list.ts [--json] [--open N] [--samples N]`.
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { startServer, fetchJson, type TestServer } from '../test/support/server.ts';
import { seedOpenIncidents } from './support/seed.ts';
import { previousListing } from './support/previous-listing.ts';

export interface ListBenchOptions { log?: (line: string) => void; json?: boolean; openIncidents?: number; samples?: number }

const round = (n: number) => Math.round(n * 100) / 100;
function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return round(sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? NaN);
}

async function timeHttp(server: TestServer, path: string, samples: number): Promise<{ p50: number; p95: number; total: number }> {
  const times: number[] = [];
  let total = 0;
  for (let i = 0; i < samples + 3; i++) {
    const t = performance.now();
    const res = await fetchJson(server.baseUrl, path, { key: server.adminKey });
    const ms = performance.now() - t;
    if (res.status !== 200) throw new Error(`${path} answered ${res.status}: ${res.text}`);
    total = res.body.total as number;
    if (i >= 3) times.push(ms); // the first calls prepare statements
  }
  return { p50: percentile(times, 50), p95: percentile(times, 95), total };
}

function timeSync(fn: () => number, samples: number): { p50: number; p95: number; total: number } {
  const times: number[] = [];
  let total = 0;
  for (let i = 0; i < samples + 3; i++) {
    const t = performance.now();
    total = fn();
    if (i >= 3) times.push(performance.now() - t);
  }
  return { p50: percentile(times, 50), p95: percentile(times, 95), total };
}

export async function benchList(opts: ListBenchOptions = {}): Promise<Record<string, number>> {
  const log = opts.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  const open = opts.openIncidents ?? 100_000;
  const samples = opts.samples ?? 40;
  const server = await startServer({ durability: 'normal', serviceName: 'Bench' });
  try {
    log(`seeding ${open} open incidents…`);
    const seedStart = performance.now();
    await seedOpenIncidents(server, open, log);
    log(`  seeded in ${Math.round(performance.now() - seedStart)} ms`);
    const figures: Record<string, number> = { openIncidents: open, samples };
    // The first search after the storm indexes its incidents in one batch (migration 4: not on the ingest path).
    const firstSearchStart = performance.now();
    await fetchJson(server.baseUrl, '/api/incidents?q=first&limit=1', { key: server.adminKey });
    figures.firstSearchIndexesStormMs = round(performance.now() - firstSearchStart);
    log(`first search after seeding (indexes the ${open} new incidents): ${figures.firstSearchIndexesStormMs} ms`);
    const openStatuses = 'status=triggered,acknowledged,snoozed';
    const windowAt = (offset: number) => `/api/incidents?order=queue&${openStatuses}&limit=100&counts=true&offset=${offset}`;
    const http: [string, string][] = [
      ['windowFirstPage', windowAt(0)],
      ['windowPageAt50k', windowAt(Math.floor(open / 2))],
      ['windowLastPage', windowAt(Math.max(0, open - 100))],
      ['apiDefaultPage', '/api/incidents'],
      ['apiOpenPage', `/api/incidents?${openStatuses}`],
    ];
    for (const [name, path] of http) {
      const r = await timeHttp(server, path, samples);
      figures[`${name}P50Ms`] = r.p50;
      figures[`${name}P95Ms`] = r.p95;
      log(`${name.padEnd(18)} p50 ${r.p50} ms, p95 ${r.p95} ms  (total ${r.total})  GET ${path}`);
    }

    // Search: the host now (HTTP, FTS5) and the previous LIKE scan in process, and the listing now in process too,
    // so the ratio compares the queries, not HTTP.
    const { openStore } = await import('../src-main/store/database.ts');
    const { listIncidentStates } = await import('../src-main/store/incident-queries.ts');
    const { ListIncidentsQuery } = await import('../src-shared/schemas/incidents.ts');
    const side = openStore(server.dataDir, 'normal');
    try {
      const previous = previousListing(side);
      const now = Date.now();
      const searches: [string, string][] = [['dedupKey', `load-${Math.floor(open / 3)}`], ['someTitles', 'host-17'], ['everyTitle', 'disk usage']];
      for (const [name, q] of searches) {
        const viaHttp = await timeHttp(server, `/api/incidents?order=queue&${openStatuses}&limit=100&counts=true&q=${encodeURIComponent(q)}`, samples);
        const fts = timeSync(() => listIncidentStates(side, ListIncidentsQuery.parse({ q, limit: 50 }), now).total, samples);
        const like = timeSync(() => previous({ q, limit: 50 }, now).total, Math.max(5, Math.floor(samples / 4)));
        if (fts.total !== like.total) throw new Error(`search ${q}: FTS found ${fts.total}, LIKE ${like.total}`);
        figures[`search_${name}_httpP95Ms`] = viaHttp.p95;
        figures[`search_${name}_ftsP95Ms`] = fts.p95;
        figures[`search_${name}_likeP95Ms`] = like.p95;
        figures[`search_${name}_likeOverFts`] = round(like.p95 / fts.p95);
        log(`search ${JSON.stringify(q).padEnd(14)} ${String(fts.total).padStart(6)} matches: window over HTTP p95 ${viaHttp.p95} ms; in process FTS p95 ${fts.p95} ms vs previous LIKE p95 ${like.p95} ms (×${figures[`search_${name}_likeOverFts`]})`);
      }
      const prevDefault = timeSync(() => previous({ limit: 50 }, now).total, samples);
      const prevOpen = timeSync(() => previous({ limit: 50, open: true }, now).total, samples);
      figures.previousApiDefaultPageP95Ms = prevDefault.p95;
      figures.previousApiOpenPageP95Ms = prevOpen.p95;
      log(`previous listing in process: default page p95 ${prevDefault.p95} ms, open page p95 ${prevOpen.p95} ms`);
    } finally {
      side.close();
    }
    return figures;
  } finally {
    await server.close();
  }
}

if (import.meta.main) {
  const { values } = parseArgs({ options: { json: { type: 'boolean', default: false }, open: { type: 'string' }, samples: { type: 'string' } } });
  const json = values.json;
  const figures = await benchList({
    json,
    log: (line) => (json ? process.stderr : process.stdout).write(`${line}\n`),
    openIncidents: values.open ? Number(values.open) : undefined,
    samples: values.samples ? Number(values.samples) : undefined,
  });
  if (json) process.stdout.write(`${JSON.stringify(figures)}\n`);
}
