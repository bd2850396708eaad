// A laptop's sleep and the edges of hours, on a fake clock (engine, runners and receiver in one process; the checked
// servers real on 127.0.0.1): a failure that ends just after a wake, before any tick noticed the sleep, opens nothing;
// a kept-alive connection from before a sleep is never reused after it; a timeout held over the end of an hour lands
// in that hour's rollup (the hour closes only once it can); a monitor whose checks are all "no data" shows as not
// being checked, on its runner and on a teammate reading rollups of nothing but no data.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { startServer, fetchJson, type TestServer } from '../support/server.ts';
import { startTarget, type Target } from '../support/check-targets.ts';
import { FakeClock } from '../../src-main/clock.ts';
import { monitorReport } from '../../src-main/monitors/monitor-report.ts';
import { HOUR_MS, summarizePeriod } from '../../src-shared/domain/monitors/rollup.ts';

const H10 = Date.parse('2026-11-30T10:00:00Z');

function harness(getServer: () => TestServer, clock: FakeClock) {
  const pass = async (seconds: number) => {
    for (let i = 0; i < seconds; i++) { clock.advance(1000); await getServer().klaxon.checks.idle(); }
  };
  const api = (urlPath: string, method = 'GET', body?: unknown) =>
    fetchJson(getServer().baseUrl, urlPath, { method, key: getServer().adminKey, ...(body !== undefined ? { body } : {}) });
  const create = async (body: Record<string, unknown>) => {
    const res = await api('/api/monitors', 'POST', { intervalSeconds: 10, ...(body.type === 'heartbeat' ? {} : { timeoutSeconds: 1 }), serviceId: getServer().serviceId, ...body });
    assert.equal(res.status, 201, res.text);
    return res.body.monitor as { id: string; heartbeatUrl: string };
  };
  const incidentsOf = async (monitorId: string) => {
    const res = await api('/api/incidents?limit=200&status=triggered,acknowledged,resolved,suppressed,snoozed');
    return (res.body.incidents as { dedupKey: string }[]).filter((i) => i.dedupKey === `monitor:${monitorId}`);
  };
  return { pass, api, create, incidentsOf };
}

describe('waking from sleep', () => {
  let server: TestServer;
  const clock = new FakeClock(H10);
  let site: Target;
  let keptAlive: http.Server;
  let connections = 0;
  const { pass, api, create, incidentsOf } = harness(() => server, clock);
  before(async () => {
    site = await startTarget();
    keptAlive = http.createServer((_req, res) => res.end('ok'));
    keptAlive.keepAliveTimeout = 120_000;
    keptAlive.on('connection', () => { connections++; });
    await new Promise<void>((resolve) => keptAlive.listen(0, '127.0.0.1', resolve));
    server = await startServer({ clock });
  });
  after(async () => {
    await server?.close(); await site?.close();
    keptAlive?.closeAllConnections(); await new Promise((resolve) => keptAlive?.close(resolve));
  });

  it('a failure that ends after a wake, before a tick noticed the sleep, is not concluded: nothing opens', async () => {
    site.set({ status: 500, delayMs: 300 });
    const m = await create({ name: 'intranet', type: 'http', url: site.url });
    clock.advance(1000); // its first check starts; it answers (500) 300 ms later
    await new Promise((resolve) => setTimeout(resolve, 100)); // the request is at the server; the next tick armed
    site.set({ status: 200 });
    clock.advance(3_600_000); // the laptop sleeps an hour; its answer comes in as it wakes
    await server.klaxon.checks.idle();
    assert.notEqual(server.klaxon.checks.state(m.id), 'down');
    assert.deepEqual(await incidentsOf(m.id), [], 'the 500 from before the sleep opened nothing');
    await pass(12);
    assert.equal(server.klaxon.checks.state(m.id), 'up');
    assert.deepEqual(await incidentsOf(m.id), []);
    await api(`/api/monitors/${m.id}`, 'DELETE');
  });

  it('a kept-alive connection is reused between checks, never across a sleep', async () => {
    const url = `http://127.0.0.1:${(keptAlive.address() as AddressInfo).port}/`;
    const m = await create({ name: 'kept', type: 'http', url });
    await pass(1);
    await pass(10);
    // undici may open a second connection while the first is being handed back; from then on they are reused.
    const awake = connections;
    assert.ok(awake >= 1 && awake <= 2, `two checks awake: ${awake} connections`);
    await pass(10);
    await pass(10);
    assert.equal(connections, awake, 'more checks awake reuse the kept-alive connections');
    clock.advance(3_600_000);
    await server.klaxon.checks.idle();
    await pass(11);
    assert.equal(server.klaxon.checks.state(m.id), 'up');
    assert.equal(connections, awake + 1, 'the check after the sleep opened a new connection');
    await api(`/api/monitors/${m.id}`, 'DELETE');
  });
});

describe('closing an hour', () => {
  let server: TestServer;
  const clock = new FakeClock(H10 + 59 * 60_000 + 50_000); // 10:59:50
  let site: Target;
  const { pass, api, create } = harness(() => server, clock);
  before(async () => {
    site = await startTarget();
    server = await startServer({ clock });
  });
  after(async () => { await server?.close(); await site?.close(); });

  it('a timeout held over the end of the hour lands in that hour: the hour closes only once it can', async () => {
    // A heartbeat beating in the hour: the hour has results before the timeout is recorded.
    const beating = await create({ name: 'backup', type: 'heartbeat', intervalSeconds: 600, graceSeconds: 60 });
    assert.equal((await fetchJson(server.baseUrl, new URL(beating.heartbeatUrl).pathname)).status, 200);
    site.set({ hang: true });
    const m = await create({ name: 'api', type: 'http', url: site.url, intervalSeconds: 600 });
    await pass(1); // 10:59:51: checked; it times out and is held for its round
    await pass(15); // 11:00:06
    await server.klaxon.rollups.closeDue();
    await pass(30); // 11:00:36: the round is over, the timeout recorded at 10:59:51
    await server.klaxon.rollups.closeDue();
    const res = await api(`/api/monitors/${m.id}/results?from=${new Date(H10).toISOString()}&to=${new Date(H10 + HOUR_MS).toISOString()}`);
    assert.equal(res.status, 200, res.text);
    const [hour] = res.body.hourly as { start: string; down: number; checks: number }[];
    assert.ok(hour, 'hour 10 is closed');
    assert.equal(hour.start, '2026-11-30T10:00:00.000Z');
    assert.equal(hour.down, 1, 'the held timeout is in it');
  });
});

describe('not being checked', () => {
  let server: TestServer;
  const clock = new FakeClock(H10);
  const { pass, api, create } = harness(() => server, clock);
  // No network interface up: every check of a host not on this machine is "no data".
  before(async () => { server = await startServer({ clock, checks: { networkUp: () => false } }); });
  after(async () => { await server?.close(); });

  it('shows for a monitor whose checks are all no data, on its runner and on a teammate', async () => {
    // 0.0.0.0 refuses at once (this machine), yet is no loopback name: with no interface up, no data.
    const m = await create({ name: 'remote', type: 'tcp', host: '0.0.0.0', port: 9 });
    await pass(25);
    assert.equal(server.klaxon.checks.state(m.id), 'no_data');
    assert.equal((await api(`/api/monitors/${m.id}`)).body.monitor.notBeingChecked, false, 'within three intervals');
    await pass(20);
    assert.equal((await api(`/api/monitors/${m.id}`)).body.monitor.notBeingChecked, true, 'three intervals of nothing but no data');

    // A teammate knows only the rollups: one of nothing but no data is no report either.
    const { engine } = server.klaxon;
    const teammate = { store: engine.store, deviceId: 'a-teammate', clock };
    const entry = summarizePeriod(m.id, [{ atMs: H10 + 1000, outcome: 'no_data', responseMs: null }], H10, H10 + HOUR_MS, null);
    await engine.commitRollup('hour', H10, H10 + HOUR_MS, [entry]);
    clock.advance(2.5 * HOUR_MS); // 12:30: 2.5 h since it was created, 1.5 h since that rollup ended
    assert.equal(monitorReport(teammate, engine.getMonitor(m.id)).notBeingChecked, true);
  });
});
