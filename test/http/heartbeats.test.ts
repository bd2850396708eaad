// Heartbeat monitors on a fake clock (engine, runner and receiver in one process): no beat within interval + grace
// opens the monitor's incident as seed 004 walks through; a beat resolves it (both statuses, resolvedAt) unless a
// person resolved it first; maintenance silences it; a laptop that slept through its beats opens nothing; a paused
// monitor opens nothing; `?status=down&msg=…` opens it at once and further failures count on the same incident.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, fetchJson, removeDir, type TestServer } from '../support/server.ts';
import { FakeClock } from '../../src-main/clock.ts';

describe('heartbeat monitors', () => {
  let server: TestServer;
  let clock: FakeClock;
  before(async () => {
    clock = new FakeClock(Date.parse('2026-11-30T10:00:00Z'));
    server = await startServer({ clock });
  });
  after(async () => { await server?.close(); });

  const runner = () => server.klaxon.heartbeats;
  /** Time passing with the machine awake: the runner looks every second. */
  const pass = async (seconds: number) => {
    for (let i = 0; i < seconds; i++) { clock.advance(1000); await runner().idle(); }
  };
  const api = (urlPath: string, method = 'GET', body?: unknown) =>
    fetchJson(server.baseUrl, urlPath, { method, key: server.adminKey, ...(body !== undefined ? { body } : {}) });
  const create = async (name: string, more: Record<string, unknown> = {}, serviceId = server.serviceId) => {
    const res = await api('/api/monitors', 'POST', { name, type: 'heartbeat', intervalSeconds: 10, graceSeconds: 5, serviceId, ...more });
    assert.equal(res.status, 201, res.text);
    return res.body.monitor as { id: string; heartbeatUrl: string };
  };
  const send = (m: { heartbeatUrl: string }, query = '', method = 'GET') => fetchJson(server.baseUrl, new URL(m.heartbeatUrl).pathname + query, { method });
  const incidentsOf = async (monitorId: string) => {
    const res = await api('/api/incidents?limit=200&status=triggered,acknowledged,resolved,suppressed,snoozed');
    assert.equal(res.status, 200, res.text);
    return (res.body.incidents as { id: string; dedupKey: string }[]).filter((i) => i.dedupKey === `monitor:${monitorId}`);
  };
  const detail = async (id: string) => (await api(`/api/incidents/${id}`)).body;

  it('no beat within interval + grace opens one incident, auto-created, investigating, triggered, about the monitor', async () => {
    const m = await create('nightly backup');
    assert.equal((await send(m)).status, 200);
    await pass(14);
    assert.deepEqual(await incidentsOf(m.id), [], 'still within interval + grace');
    await pass(2);
    const [inc, more] = await incidentsOf(m.id);
    assert.ok(inc, 'down after 15 s without a beat');
    assert.equal(more, undefined);
    const d = await detail(inc.id);
    assert.equal(d.autoCreated, true);
    assert.equal(d.progress, 'investigating');
    assert.equal(d.status, 'triggered');
    assert.deepEqual(d.extra.affectedMonitorIds, [m.id]);
    assert.equal(d.customDetails.monitorId, m.id);
    assert.match(d.title, /nightly backup is down: no heartbeat within 15 s/);
    assert.equal(runner().state(m.id), 'down');
    const shown = (await api(`/api/monitors/${m.id}`)).body.monitor.check;
    assert.equal(shown.state, 'down');
    assert.match(shown.message, /no heartbeat within 15 s/);
    assert.equal(shown.since, '2026-11-30T10:00:15.000Z', 'down the moment interval + grace had passed after the beat at 10:00:00');
    await pass(60);
    assert.equal((await incidentsOf(m.id)).length, 1, 'staying down writes nothing more');
    assert.equal((await detail(inc.id)).alertCount, 1);

    // Recovery: one beat resolves both statuses and sets resolvedAt.
    assert.equal((await send(m)).status, 200);
    const after = await detail(inc.id);
    assert.equal(after.status, 'resolved');
    assert.equal(after.progress, 'resolved');
    assert.ok(after.resolvedAt);
    assert.match(JSON.stringify(after.timeline), /is up again/);
    assert.equal(runner().state(m.id), 'up');
    assert.equal((await api(`/api/monitors/${m.id}`)).body.monitor.check.lastBeatAt, new Date(clock.now()).toISOString());
  });

  it('?status=down&msg= opens it at once with the message; a further failure counts on the same incident; POST works too', async () => {
    const m = await create('report job');
    assert.equal((await send(m, '?status=down&msg=disk%20full')).status, 200);
    const [inc] = await incidentsOf(m.id);
    assert.ok(inc);
    const d = await detail(inc.id);
    assert.equal(d.customDetails.msg, 'disk full');
    assert.match(d.title, /disk full/);
    assert.equal((await send(m, '?status=down&msg=still%20full', 'POST')).status, 200);
    assert.equal((await detail(inc.id)).alertCount, 2);
    assert.equal((await incidentsOf(m.id)).length, 1);
    assert.equal((await send(m, '', 'POST')).status, 200);
    assert.equal((await detail(inc.id)).status, 'resolved');
    const unknown = await fetchJson(server.baseUrl, '/api/heartbeats/not-a-token');
    assert.equal(unknown.status, 404);
    assert.equal(unknown.body.error.code, 'NOT_FOUND');
    assert.equal((await send(m, '?status=sideways')).status, 400);
  });

  it('a person\'s resolve is not overridden: the recovery leaves their incident as they left it', async () => {
    const m = await create('etl');
    await send(m);
    await pass(16);
    const [inc] = await incidentsOf(m.id);
    assert.ok(inc);
    assert.equal((await api(`/api/incidents/${inc.id}`, 'PATCH', { status: 'resolved' })).status, 200);
    const before = await detail(inc.id);
    assert.equal((await send(m)).status, 200);
    const after = await detail(inc.id);
    assert.equal(after.resolvedAt, before.resolvedAt);
    assert.equal(after.resolvedBy, before.resolvedBy);
    assert.equal(after.progress, before.progress, 'no status update from the monitor');
    assert.equal(after.timeline.length, before.timeline.length);
  });

  it('a maintenance window of its service silences its incident', async () => {
    const svc = await server.klaxon.engine.createService({ name: 'Backups', urgencyRule: 'severity', suppressionRules: [] });
    const now = clock.now();
    const win = await api('/api/maintenance', 'POST', {
      title: 'storage swap', scheduledStart: new Date(now - 60_000).toISOString(), scheduledEnd: new Date(now + 3_600_000).toISOString(), serviceIds: [svc.id],
    });
    assert.equal(win.status, 201, win.text);
    const m = await create('offsite copy', {}, svc.id);
    await send(m);
    await pass(16);
    const [inc] = await incidentsOf(m.id);
    assert.ok(inc);
    assert.equal((await detail(inc.id)).status, 'suppressed');
  });

  it('a laptop that slept through its beats records no data and opens nothing; a beat missed after waking still counts', async () => {
    const m = await create('sync job');
    await send(m);
    await pass(3);
    clock.advance(3_600_000); // asleep an hour: no timer ran, the wall clock moved on
    await pass(1);
    await runner().idle();
    assert.equal(runner().state(m.id), 'no_data');
    await pass(10);
    assert.deepEqual(await incidentsOf(m.id), [], 'no false down for the hour slept');
    await send(m);
    assert.equal(runner().state(m.id), 'up');
    await pass(16);
    assert.equal((await incidentsOf(m.id)).length, 1, 'awake and silent: down');
  });

  it('with retries it is pending while the tries last and down after the last one; a beat while pending keeps it up', async () => {
    const m = await create('hourly export', { retries: 2 });
    await send(m);
    await pass(16);
    assert.equal(runner().state(m.id), 'pending');
    assert.deepEqual(await incidentsOf(m.id), []);
    await send(m);
    assert.equal(runner().state(m.id), 'up');
    await pass(34);
    assert.equal(runner().state(m.id), 'pending');
    assert.deepEqual(await incidentsOf(m.id), [], 'two more intervals are two more tries');
    await pass(2);
    assert.equal((await incidentsOf(m.id)).length, 1);
    assert.match((await detail((await incidentsOf(m.id))[0]!.id)).title, /no heartbeat within 35 s/);
  });

  it('on the one verdict rule: re-notify brings an acknowledged incident back while beats stay missing; successesBeforeUp beats resolve it', async () => {
    const m = await create('ledger close', { renotifyMinutes: 1, successesBeforeUp: 2 });
    await send(m);
    await pass(16);
    const [inc] = await incidentsOf(m.id);
    assert.ok(inc);
    assert.equal((await api(`/api/incidents/${inc.id}`, 'PATCH', { status: 'acknowledged' })).status, 200);
    await pass(50);
    assert.equal((await detail(inc.id)).status, 'acknowledged', 'within the minute');
    await pass(10);
    assert.equal((await detail(inc.id)).status, 'triggered', 'a minute after the page, still no beat: it pages again');
    await send(m);
    assert.equal((await detail(inc.id)).status, 'triggered', 'one beat of the two asked for');
    assert.equal(runner().state(m.id), 'down');
    await send(m);
    assert.equal((await detail(inc.id)).status, 'resolved');
  });

  it('a paused monitor opens nothing; resumed, it gets a full interval + grace before it is down', async () => {
    const m = await create('weekly report');
    await send(m);
    assert.equal((await api(`/api/monitors/${m.id}`, 'PATCH', { paused: true })).status, 200);
    await pass(40);
    assert.deepEqual(await incidentsOf(m.id), []);
    assert.equal(runner().state(m.id), 'paused');
    assert.equal((await api(`/api/monitors/${m.id}`, 'PATCH', { paused: false })).status, 200);
    await pass(14);
    assert.deepEqual(await incidentsOf(m.id), []);
    await pass(3);
    assert.equal((await incidentsOf(m.id)).length, 1);
  });
});

describe('heartbeat monitors across a restart of their runner', () => {
  it('a monitor down stays down and a beat after the restart resolves its incident; one that was up gets a fresh interval, not a false down', async () => {
    const clock = new FakeClock(Date.parse('2026-11-30T12:00:00Z'));
    let server = await startServer({ clock, keepDataDir: true });
    const dataDir = server.dataDir;
    const api = (s: TestServer, urlPath: string, method = 'GET', body?: unknown) =>
      fetchJson(s.baseUrl, urlPath, { method, key: s.adminKey, ...(body !== undefined ? { body } : {}) });
    const create = async (name: string) => (await api(server, '/api/monitors', 'POST', { name, type: 'heartbeat', intervalSeconds: 10, graceSeconds: 5, serviceId: server.serviceId })).body.monitor as { id: string; heartbeatUrl: string };
    const pass = async (s: TestServer, seconds: number) => { for (let i = 0; i < seconds; i++) { clock.advance(1000); await s.klaxon.heartbeats.idle(); } };
    const incidentsOf = async (s: TestServer, id: string) => ((await api(s, '/api/incidents?limit=200&status=triggered,resolved')).body.incidents as { id: string; dedupKey: string; status: string }[]).filter((i) => i.dedupKey === `monitor:${id}`);
    try {
      const down = await create('was down');
      const up = await create('was up');
      await fetchJson(server.baseUrl, new URL(down.heartbeatUrl).pathname + '?status=down');
      await fetchJson(server.baseUrl, new URL(up.heartbeatUrl).pathname);
      await server.close();
      clock.advance(3_600_000); // off for an hour
      server = await startServer({ clock, dataDir, keepDataDir: true });
      assert.equal(server.klaxon.heartbeats.state(down.id), 'down');
      assert.equal(server.klaxon.heartbeats.state(up.id), 'no_data');
      await pass(server, 14);
      assert.deepEqual(await incidentsOf(server, up.id), [], 'no false down for the hour it was off');
      const [inc] = await incidentsOf(server, down.id);
      assert.equal(inc?.status, 'triggered');
      assert.equal((await fetchJson(server.baseUrl, new URL(down.heartbeatUrl).pathname)).status, 200);
      assert.equal((await incidentsOf(server, down.id))[0]?.status, 'resolved');
    } finally {
      await server.close();
      removeDir(dataDir);
    }
  });
});
