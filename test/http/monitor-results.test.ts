// Monitor results on a fake clock (engine, runners and receiver in one process): every check kept a day on the runner;
// each closed hour summed into ONE `monitor.rollup` op carrying every monitor the device ran, each closed UTC day
// summed from those hours; uptime, mean and p95 against known inputs; heartbeats' beats, missed deadlines and no-data
// spans; GET /api/monitors/:id/results and its validation; a monitor's open incident and the incident's monitors;
// the change feed telling the window; an hour that closed while the runner was stopped written once after restarts.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, fetchJson, makeTempDir, removeDir, type TestServer } from '../support/server.ts';
import { FakeClock } from '../../src-main/clock.ts';
import { rollupEntity } from '../../src-shared/domain/monitors/rollup.ts';
import { toChangeNotice } from '../../src-main/api-handlers.ts';
import type { EngineChange } from '../../src-main/engine/types.ts';
import type { MonitorResultsResponse, MonitorRollup } from '../../src-shared/schemas/monitors.ts';

const T0 = Date.parse('2026-11-30T22:00:00Z');
const at = (min: number, s = 0) => T0 + min * 60_000 + s * 1000;
const iso = (ms: number) => new Date(ms).toISOString();

function harness(getServer: () => TestServer, clock: FakeClock) {
  const api = (urlPath: string, method = 'GET', body?: unknown) =>
    fetchJson(getServer().baseUrl, urlPath, { method, key: getServer().adminKey, ...(body !== undefined ? { body } : {}) });
  /** Time passing with the machine awake, `stepMs` at a time (the heartbeat runner looks every second). */
  const passUntil = async (untilMs: number, stepMs = 1000) => {
    while (clock.now() < untilMs) {
      clock.advance(Math.min(stepMs, untilMs - clock.now()));
      await getServer().klaxon.heartbeats.idle();
    }
    await getServer().klaxon.rollups.closeDue();
  };
  const results = async (id: string, from: number, to: number) => {
    const r = await api(`/api/monitors/${id}/results?from=${iso(from)}&to=${iso(to)}`);
    assert.equal(r.status, 200, r.text);
    return r.body as MonitorResultsResponse;
  };
  const rollupOps = (period: 'hour' | 'day', startMs: number) => {
    const { engine } = getServer().klaxon;
    return engine.store.db.prepare("SELECT data FROM ops WHERE type = 'monitor.rollup' AND entity = ?").all(rollupEntity(engine.deviceId, period, startMs)) as { data: string }[];
  };
  return { api, passUntil, results, rollupOps };
}

const counts = (r: MonitorRollup | undefined) => r && { checks: r.checks, up: r.up, degraded: r.degraded, down: r.down, noDataSeconds: r.noDataSeconds };

describe('monitor results and rollups', () => {
  let server: TestServer;
  const clock = new FakeClock(T0);
  const { api, passUntil, results, rollupOps } = harness(() => server, clock);
  const changes: EngineChange[] = [];
  let polled: string;
  let beating: { id: string; heartbeatUrl: string };

  before(async () => {
    server = await startServer({ clock });
    server.klaxon.engine.onChange((c) => changes.push(c));
    // An HTTP monitor, paused so that no runner checks it: its results are fed to the recorder as a runner would.
    const p = await api('/api/monitors', 'POST', { name: 'shop', type: 'http', url: 'http://127.0.0.1:9/health', intervalSeconds: 60, serviceId: server.serviceId });
    assert.equal(p.status, 201, p.text);
    polled = p.body.monitor.id;
    assert.equal((await api(`/api/monitors/${polled}`, 'PATCH', { paused: true })).status, 200);
    const h = await api('/api/monitors', 'POST', { name: 'nightly backup', type: 'heartbeat', intervalSeconds: 60, graceSeconds: 5, serviceId: server.serviceId });
    assert.equal(h.status, 201, h.text);
    beating = h.body.monitor;
  });
  after(async () => { await server?.close(); });

  const beat = () => fetchJson(server.baseUrl, new URL(beating.heartbeatUrl).pathname);
  const histogramsKept = () => (server.klaxon.engine.store.db.prepare('SELECT monitor_id, hour_ms FROM monitor_hour_histograms ORDER BY hour_ms, monitor_id').all() as
    { monitor_id: string; hour_ms: number }[]).map((r) => [r.monitor_id, r.hour_ms]);

  it('an hour closes into one op carrying every monitor: counts, uptime, mean, p95 and no data as the checks were', async () => {
    const rec = server.klaxon.recorder;
    const feed = (min: number, outcome: 'up' | 'degraded' | 'down' | 'no_data', responseMs: number | null) =>
      rec.record(polled, { atMs: at(min), outcome, responseMs, message: null });
    // 22:00 to 22:30 a beat a minute, then silence: a missed deadline (65 s after the last beat) is a down check, and
    // again each minute after.
    for (let min = 0; min <= 30; min++) {
      await passUntil(at(min), 1000);
      assert.equal((await beat()).status, 200);
      if (min >= 1 && min <= 18) feed(min, 'up', 100 + (min - 1) * 10);
    }
    feed(19, 'degraded', 900); feed(20, 'down', null); feed(21, 'up', 300); feed(30, 'no_data', null); feed(40, 'down', null);
    await passUntil(at(45));
    const down = await api(`/api/monitors/${beating.id}`);
    assert.ok(down.body.monitor.openIncidentId, 'the monitor names the incident its failure opened');
    const incident = await api(`/api/incidents/${down.body.monitor.openIncidentId}`);
    assert.deepEqual(incident.body.affectedMonitorIds, [beating.id], 'the incident names its monitor in its own field');
    assert.equal(down.body.monitor.notBeingChecked, false, 'a missed beat is a result: it is being checked');

    changes.length = 0;
    await passUntil(at(61, 30));
    const ops = rollupOps('hour', T0);
    assert.equal(ops.length, 1, 'one op for the hour');
    const carried = (JSON.parse(ops[0]!.data) as { monitors: { monitorId: string }[] }).monitors.map((m) => m.monitorId).sort();
    assert.deepEqual(carried, [polled, beating.id].sort(), 'carrying every monitor this device ran');
    assert.doesNotMatch(ops[0]!.data, /histogram/, 'only what the team shows is replicated');
    assert.deepEqual(histogramsKept(), [[polled, T0]], 'the response times\' histogram stays on the runner, to sum the day from');
    assert.ok(changes.some((c) => c.monitors && toChangeNotice(c, server.klaxon.engine)?.monitors), 'the window hears of the new rollup');

    const shop = await results(polled, T0, at(60));
    assert.equal(shop.results.length, 23, 'every check of the hour is still held raw');
    const [hour] = shop.hourly;
    assert.equal(hour?.start, iso(T0));
    assert.deepEqual(counts(hour), { checks: 23, up: 19, degraded: 1, down: 2, noDataSeconds: 600 });
    assert.equal(hour!.uptime, 20 / 22);
    assert.equal(hour!.avgMs, 226.5, 'mean of the 20 up and degraded times');
    assert.equal(hour!.p95Ms, 300, 'the 19th of 20 sorted times');

    const hb = (await results(beating.id, T0, at(60))).hourly[0];
    // Beats at 22:00…22:30 (31); misses at 22:31:05…22:59:05 (29).
    assert.deepEqual(counts(hb), { checks: 60, up: 31, degraded: 0, down: 29, noDataSeconds: 0 });
    assert.equal(hb!.avgMs, null, 'a heartbeat has no response time');
    const listed = (await api('/api/monitors')).body.monitors.find((m: { id: string }) => m.id === beating.id);
    assert.equal(listed.lastReportAt, iso(at(61, 5)), 'its newest result (a missed beat at 23:01:05)');
  });

  it('a UTC day closes from its hours; the raw checks go after a day and the rollups stay', async () => {
    assert.equal((await beat()).status, 200, 'a beat at 23:01:30 resolves the incident');
    assert.equal((await api(`/api/monitors/${beating.id}`)).body.monitor.openIncidentId, null);
    await passUntil(Date.parse('2026-12-01T00:01:30Z'), 1000);
    assert.equal(rollupOps('day', Date.parse('2026-11-30T00:00:00Z')).length, 1, 'one op for the day');
    const day = (await results(polled, Date.parse('2026-11-30T00:00:00Z'), Date.parse('2026-12-01T00:00:00Z'))).daily;
    assert.equal(day.length, 1);
    assert.deepEqual(counts(day[0]), { checks: 23, up: 19, degraded: 1, down: 2, noDataSeconds: 600 }, 'the day is its one hour');
    assert.equal(day[0]!.avgMs, 226.5);
    assert.ok(Math.abs(day[0]!.p95Ms! - 300) <= 15, `the day's p95 from the histogram (${day[0]!.p95Ms}) within 5% of 300`);
    assert.deepEqual(histogramsKept(), [], 'its day summed, the hour\'s histogram goes');
    const hbDay = (await results(beating.id, Date.parse('2026-11-30T00:00:00Z'), Date.parse('2026-12-01T00:00:00Z'))).daily[0];
    const hbHours = (await results(beating.id, T0, Date.parse('2026-12-01T00:00:00Z'))).hourly;
    assert.equal(hbHours.length, 2);
    assert.equal(hbDay!.checks, hbHours[0]!.checks + hbHours[1]!.checks, 'the day sums its hours');
    assert.equal(hbDay!.down, hbHours[0]!.down + hbHours[1]!.down);

    await passUntil(Date.parse('2026-12-01T23:05:00Z'), 60_000);
    const later = await results(polled, T0, at(60));
    assert.deepEqual(later.results, [], 'raw checks are kept a day');
    assert.deepEqual(counts(later.hourly[0]), { checks: 23, up: 19, degraded: 1, down: 2, noDataSeconds: 600 }, 'the hour stays');
  });

  it('results: the last 24 h by default; from after to, a span over 400 days or a bad instant is a 400; an unknown monitor 404', async () => {
    const plain = await api(`/api/monitors/${polled}/results`);
    assert.equal(plain.status, 200, plain.text);
    assert.equal(Date.parse(plain.body.to) - Date.parse(plain.body.from), 24 * 3_600_000);
    assert.equal(plain.body.to, iso(clock.now()));
    const bad = async (query: string, field: string) => {
      const r = await api(`/api/monitors/${polled}/results?${query}`);
      assert.equal(r.status, 400, `${query}: ${r.text}`);
      assert.equal(r.body.error.code, 'VALIDATION_FAILED');
      assert.equal(r.body.error.field, field, query);
    };
    await bad('from=2026-12-01T10:00:00Z&to=2026-12-01T09:00:00Z', 'from');
    await bad('from=2025-01-01T00:00:00Z&to=2026-12-01T00:00:00Z', 'from');
    await bad('from=yesterday', 'from');
    await bad('to=2026-13-01T00:00:00Z', 'to');
    assert.equal((await api('/api/monitors/mon_nope/results')).status, 404);
  });
});

describe('monitor rollups across restarts of the runner', () => {
  const dir = makeTempDir();
  const clock = new FakeClock(Date.parse('2026-11-30T10:20:00Z'));
  let server: TestServer;
  const { api, passUntil, rollupOps, results } = harness(() => server, clock);
  const start = async () => { server = await startServer({ clock, dataDir: dir }); };
  after(async () => { await server?.close(); removeDir(dir); });

  it('an hour that closed while the runner was stopped is written after it starts again, once, from the results it kept', async () => {
    await start();
    const m = (await api('/api/monitors', 'POST', { name: 'backup', type: 'heartbeat', intervalSeconds: 60, graceSeconds: 30, serviceId: server.serviceId })).body.monitor;
    for (let min = 20; min <= 30; min++) {
      await passUntil(Date.parse(`2026-11-30T10:${min}:00Z`));
      assert.equal((await fetchJson(server.baseUrl, new URL(m.heartbeatUrl).pathname)).status, 200);
    }
    await server.close();
    const H10 = Date.parse('2026-11-30T10:00:00Z');

    clock.advance(100 * 60_000); // stopped until 12:10
    await start();
    await passUntil(Date.parse('2026-11-30T12:12:00Z'));
    assert.equal(rollupOps('hour', H10).length, 1, 'hour 10 written after the restart');
    assert.equal(rollupOps('hour', H10 + 3_600_000).length, 0, 'hour 11 held no result of it: nothing to write');
    const [h10] = (await results(m.id, H10, H10 + 3_600_000)).hourly;
    assert.deepEqual(counts(h10), { checks: 11, up: 11, degraded: 0, down: 0, noDataSeconds: 0 }, 'the beats kept from before the stop');

    await server.close();
    await start();
    await passUntil(Date.parse('2026-11-30T12:15:00Z'));
    await server.close();
    await start();
    await passUntil(Date.parse('2026-11-30T13:02:00Z'));
    assert.equal(rollupOps('hour', H10).length, 1, 'still once after two more restarts');
    const h12 = (await results(m.id, H10 + 2 * 3_600_000, H10 + 3 * 3_600_000)).hourly[0];
    assert.ok(h12 && h12.noDataSeconds > 0, 'each start is no data until the next beat or missed deadline');
  });
});
