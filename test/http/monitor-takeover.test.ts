// A monitor's incident follows the monitor, not the device or the service it is on (engine, runners and receiver in
// one process, on a fake clock, the checked server real on 127.0.0.1): a runner that takes over a monitor whose
// incident is open resolves it on recovery; a monitor moved to another service while down resolves its incident on
// recovery (and counts failures on it meanwhile); a heartbeat's `?status=down` after a person resolved the incident
// opens nothing and pages no one.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, fetchJson, type TestServer } from '../support/server.ts';
import { startTarget, type Target } from '../support/check-targets.ts';
import { FakeClock } from '../../src-main/clock.ts';
import { silentLogger } from '../../src-main/log.ts';
import type { Notifier } from '../../src-main/pager/notifier.ts';
import { createCheckRunner, type CheckRunner } from '../../src-main/monitors/check-runner.ts';
import { deleteMonitorRun } from '../../src-main/store/monitor-runs.ts';

describe('a monitor\'s incident follows the monitor', () => {
  let server: TestServer;
  let clock: FakeClock;
  let site: Target;
  let runner: CheckRunner;
  const pages: string[] = [];
  const notifier: Notifier = {
    name: 'recording', async notify(n) { pages.push(n.incidentId); }, async withdraw() {}, onAction() {}, async close() {},
  };
  before(async () => {
    clock = new FakeClock(Date.parse('2026-11-30T10:00:00Z'));
    site = await startTarget();
    server = await startServer({ clock, notifier });
    runner = server.klaxon.checks;
  });
  after(async () => { await runner?.close(); await server?.close(); await site?.close(); });

  const pass = async (seconds: number) => {
    for (let i = 0; i < seconds; i++) { clock.advance(1000); await runner.idle(); await server.klaxon.heartbeats.idle(); }
  };
  const api = (urlPath: string, method = 'GET', body?: unknown) =>
    fetchJson(server.baseUrl, urlPath, { method, key: server.adminKey, ...(body !== undefined ? { body } : {}) });
  const create = async (name: string, more: Record<string, unknown> = {}) => {
    const res = await api('/api/monitors', 'POST', { name, type: 'http', url: site.url, intervalSeconds: 10, timeoutSeconds: 2, serviceId: server.serviceId, ...more });
    assert.equal(res.status, 201, res.text);
    return res.body.monitor as { id: string; heartbeatUrl: string };
  };
  const incidentsOf = async (monitorId: string) => {
    const res = await api('/api/incidents?limit=200&status=triggered,acknowledged,resolved,suppressed,snoozed');
    assert.equal(res.status, 200, res.text);
    return (res.body.incidents as { id: string; dedupKey: string; status: string }[]).filter((i) => i.dedupKey === `monitor:${monitorId}`);
  };
  const detail = async (id: string) => (await api(`/api/incidents/${id}`)).body;

  it('a runner taking over a down monitor (no record of it, its incident open) resolves that incident when it recovers', async () => {
    site.set({ status: 500 });
    const m = await create('checkout');
    await pass(1);
    const [inc] = await incidentsOf(m.id);
    assert.ok(inc, 'down on this runner');
    // The runner that takes it over knows nothing of it but what replicated: the monitor and its open incident.
    await runner.close();
    deleteMonitorRun(server.klaxon.engine.store, m.id);
    runner = createCheckRunner({ engine: server.klaxon.engine, clock, log: silentLogger, recorder: { record() {} } });
    runner.start();
    assert.equal(runner.state(m.id), 'down', 'it starts as down: its incident is open');
    site.set({ status: 200 });
    await pass(11);
    const after = await detail(inc.id);
    assert.equal(after.status, 'resolved', 'its first success there resolves the incident');
    assert.equal(after.progress, 'resolved');
    assert.equal((await incidentsOf(m.id)).length, 1);
    await api(`/api/monitors/${m.id}`, 'DELETE');
  });

  it('moved to another service while down: failures count on its incident, and its recovery resolves it', async () => {
    const other = await server.klaxon.engine.createService({ name: 'Payments', urgencyRule: 'severity', suppressionRules: [] });
    site.set({ status: 500 });
    const m = await create('payments api', { renotifyMinutes: 1 });
    await pass(1);
    const [inc] = await incidentsOf(m.id);
    assert.ok(inc);
    assert.equal((await api(`/api/monitors/${m.id}`, 'PATCH', { serviceId: other.id })).status, 200);
    assert.equal((await api(`/api/monitors/${m.id}`)).body.monitor.openIncidentId, inc.id, 'the API still names its open incident');
    await pass(70);
    assert.equal((await incidentsOf(m.id)).length, 1, 'still down on the new service: no second incident');
    assert.ok((await detail(inc.id)).alertCount > 1, 'the re-notify counted on the open one');
    site.set({ status: 200 });
    await pass(11);
    assert.equal((await detail(inc.id)).status, 'resolved');
    assert.equal((await api(`/api/monitors/${m.id}`)).body.monitor.openIncidentId, null);
    await api(`/api/monitors/${m.id}`, 'DELETE');
  });

  it('a heartbeat reported down after a person resolved its incident opens nothing and pages no one', async () => {
    const res = await api('/api/monitors', 'POST', { name: 'export job', type: 'heartbeat', intervalSeconds: 60, graceSeconds: 30, serviceId: server.serviceId });
    assert.equal(res.status, 201, res.text);
    const m = res.body.monitor as { id: string; heartbeatUrl: string };
    const beat = (query: string) => fetchJson(server.baseUrl, new URL(m.heartbeatUrl).pathname + query);
    assert.equal((await beat('?status=down&msg=disk%20full')).status, 200);
    const [inc] = await incidentsOf(m.id);
    assert.ok(inc);
    assert.equal((await api(`/api/incidents/${inc.id}`, 'PATCH', { status: 'resolved' })).status, 200);
    const paged = pages.length;
    assert.equal((await beat('?status=down&msg=disk%20still%20full')).status, 200);
    await pass(1);
    const all = await incidentsOf(m.id);
    assert.deepEqual(all.map((i) => [i.id, i.status]), [[inc.id, 'resolved']], 'no new incident; the resolved one stays resolved');
    assert.equal(pages.length, paged, 'no one paged');
    await api(`/api/monitors/${m.id}`, 'DELETE');
  });
});
