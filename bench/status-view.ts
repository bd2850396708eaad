// Issue 10 §3: how long a status page's public view takes with 50 components and 90 days of history (goal: the page's
// server time p95 under 20 ms; rendering the HTML from the view is timed by the renderer's own section). A real engine
// on a temp data dir and a fake clock: 25 services each with a heartbeat monitor, the page showing every service and
// every monitor (50 components), 90 days of daily rollups per monitor (as replicated rollups leave them), 200
// incidents posted to the page over those days with three updates each, and a maintenance window a week.
// Timed: the status source's page (reading and building), and the pure builder alone on the same inputs.
// Standalone: `scripts/with-node24 node bench/status-view.ts [--json] [--samples N]`.
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createEngine } from '../src-main/engine/engine.ts';
import { FakeClock } from '../src-main/clock.ts';
import { silentLogger } from '../src-main/log.ts';
import { createStatusSource } from '../src-main/status/status-source.ts';
import { VIEW_STEP_MS } from '../src-shared/domain/status/public-view.ts';
import { renderPage } from '../src-main/status/render/page.ts';
import { viewDigest } from '../src-main/status/cache.ts';
import { percentile } from './support/stats.ts';

export interface StatusViewBenchOptions { log?: (line: string) => void; json?: boolean; samples?: number }

const DAY = 86_400_000;
const NOW = Date.parse('2026-11-30T12:00:00Z');

export async function benchStatusView(opts: StatusViewBenchOptions = {}): Promise<Record<string, number>> {
  const log = opts.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  const samples = opts.samples ?? 200;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'klaxon-bench-status-'));
  const clock = new FakeClock(NOW - 91 * DAY);
  const engine = createEngine({ dataDir: dir, clock, log: silentLogger, durability: 'normal' });
  try {
    const services = [];
    const monitors: { id: string }[] = [];
    for (let i = 0; i < 25; i++) {
      const svc = await engine.createService({ name: `service ${i}` });
      services.push(svc);
      monitors.push(await engine.createMonitor({ name: `beat ${i}`, type: 'heartbeat', serviceId: svc.id, intervalSeconds: 60, graceSeconds: 0, retries: 0, successesBeforeUp: 1, renotifyMinutes: null }, 'user:bench'));
    }
    const page = await engine.createStatusPage({ name: 'Bench', slug: 'bench', groups: services.map((s, i) => ({
      name: `Group ${i}`, components: [{ type: 'service' as const, id: s.id, name: `Service ${i}` }, { type: 'monitor' as const, id: monitors[i]!.id, name: `Check ${i}` }],
    })) }, 'user:bench');
    const insert = engine.store.db.prepare(`INSERT INTO monitor_rollups (monitor_id, period, start_ms, checks, up, degraded, down, no_data_seconds, avg_ms, p95_ms, last_hlc)
      VALUES (?, 'day', ?, 1440, ?, 0, ?, 0, 30, 80, '0')`);
    engine.store.db.transaction(() => {
      // Past days from their daily rollups; today (no daily rollup until midnight) from its hours so far.
      for (const m of monitors) for (let d = 1; d < 90; d++) { const down = (d * 7 + m.id.length) % 13; insert.run(m.id, Math.floor(NOW / DAY) * DAY - d * DAY, 1440 - down, down); }
      const hourly = engine.store.db.prepare(`INSERT INTO monitor_rollups (monitor_id, period, start_ms, checks, up, degraded, down, no_data_seconds, avg_ms, p95_ms, last_hlc)
        VALUES (?, 'hour', ?, 60, 60, 0, 0, 0, 30, 80, '0')`);
      for (const m of monitors) for (let h = Math.floor(NOW / DAY) * DAY; h < NOW; h += 3_600_000) hourly.run(m.id, h);
    })();
    for (let k = 0; k < 200; k++) {
      clock.advance(Math.floor((89 * DAY) / 200));
      const inc = await engine.createPageIncident(page.id, { title: `Incident ${k}`, impact: (['minor', 'major', 'critical'] as const)[k % 3], message: 'Investigating', serviceId: services[k % 25]!.id }, 'user:bench');
      await engine.postStatusUpdate(inc.id, { status: 'identified', message: 'Found it' }, 'user:bench');
      if (k < 195) await engine.postStatusUpdate(inc.id, { status: 'resolved', message: 'Fixed' }, 'user:bench');
      if (k % 15 === 0) await engine.scheduleMaintenance({ title: `Window ${k}`, scheduledStart: new Date(clock.now() + DAY).toISOString(), scheduledEnd: new Date(clock.now() + DAY + 7_200_000).toISOString(), serviceIds: [services[k % 25]!.id] }, 'user:bench');
    }
    let source = createStatusSource(engine);
    const times: number[] = [];
    const cpu: number[] = [];
    // The whole page a visitor's request costs after a change: the view, its ETag digest and the HTML.
    const pageTimes: number[] = [];
    const pageCpu: number[] = [];
    const coldTimes: number[] = [];
    const coldCpu: number[] = [];
    let components = 0;
    for (let i = 0; i < samples + 10; i++) {
      // Past the source's cache of built pages: each sample builds the page anew. Even samples: after an incident's
      // update (the source keeps the monitors' days and the other incidents' facts); odd ones: from nothing (a new
      // source: every day and every incident read again, as on the first request after a start — the worst case).
      clock.advance(VIEW_STEP_MS);
      if (i % 2 === 1) source = createStatusSource(engine);
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      const view = source.page('bench', clock.now());
      const ms = performance.now() - t0;
      const used = process.cpuUsage(c0);
      const t1 = performance.now();
      viewDigest(view!);
      renderPage(view!);
      const pageMs = ms + performance.now() - t1;
      const pageUsed = process.cpuUsage(c0);
      if (i >= 10) {
        times.push(ms); cpu.push((used.user + used.system) / 1000);
        (i % 2 === 1 ? coldTimes : pageTimes).push(pageMs); (i % 2 === 1 ? coldCpu : pageCpu).push((pageUsed.user + pageUsed.system) / 1000);
      }
      components = view!.groups.reduce((n, g) => n + g.components.length, 0);
    }
    // And a page asked for again with nothing changed: the built view is served from the source's cache.
    const hits: number[] = [];
    for (let i = 0; i < samples; i++) {
      const t0 = performance.now();
      source.page('bench', clock.now());
      hits.push(performance.now() - t0);
    }
    // CPU time as well as wall time: on a shared machine the wall time says as much about the neighbours.
    const figures = {
      cachedP50Ms: percentile(hits, 50), cachedP95Ms: percentile(hits, 95),
      components, days: 90, incidents: 200, samples, viewP50Ms: percentile(times, 50), viewP95Ms: percentile(times, 95),
      viewCpuP50Ms: percentile(cpu, 50), viewCpuP95Ms: percentile(cpu, 95),
      pageP50Ms: percentile(pageTimes, 50), pageP95Ms: percentile(pageTimes, 95),
      pageCpuP50Ms: percentile(pageCpu, 50), pageCpuP95Ms: percentile(pageCpu, 95),
      coldP50Ms: percentile(coldTimes, 50), coldP95Ms: percentile(coldTimes, 95),
      coldCpuP50Ms: percentile(coldCpu, 50), coldCpuP95Ms: percentile(coldCpu, 95),
    };
    log(`status view (${components} components, 90 days, 200 incidents): wall p50 ${figures.viewP50Ms} ms, p95 ${figures.viewP95Ms} ms; ` +
      `CPU p50 ${figures.viewCpuP50Ms} ms, p95 ${figures.viewCpuP95Ms} ms (goal for the whole page: p95 < 20 ms); ` +
      `unchanged since the last build (cached): p50 ${figures.cachedP50Ms} ms, p95 ${figures.cachedP95Ms} ms; ` +
      `the whole page (view + ETag + HTML) after an incident's update: wall p50 ${figures.pageP50Ms} ms, p95 ${figures.pageP95Ms} ms, ` +
      `CPU p50 ${figures.pageCpuP50Ms} ms, p95 ${figures.pageCpuP95Ms} ms; from nothing (the first build after a start): wall p50 ${figures.coldP50Ms} ms, ` +
      `p95 ${figures.coldP95Ms} ms, CPU p50 ${figures.coldCpuP50Ms} ms, p95 ${figures.coldCpuP95Ms} ms`);
    return figures;
  } finally {
    await engine.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({ options: { json: { type: 'boolean', default: false }, samples: { type: 'string' } } });
  const figures = await benchStatusView({ json: values.json, ...(values.samples ? { samples: Number(values.samples) } : {}) });
  if (values.json) process.stdout.write(`${JSON.stringify(figures)}\n`);
}
