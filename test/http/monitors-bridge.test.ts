// The window's monitors.* methods (both bridges answer from these handlers): the same monitors the HTTP API shows,
// a heartbeat's push URL on this host's address, pause and resume, refusals that name their field in their words
// (Electron's IPC carries only the message), results over a span, and a change notice that tells the window to
// reload its Monitors page.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, fetchJson, type TestServer } from '../support/server.ts';
import { rawRequest, cookiePair } from '../renderer/support/http.ts';
import { toChangeNotice } from '../../src-main/api-handlers.ts';
import type { EngineChange } from '../../src-main/engine/types.ts';
import { API_METHODS, type ApiInput, type ApiMethod, type ApiOutput } from '../../src-shared/api.ts';

describe('monitors over the window\'s bridge', () => {
  let server: TestServer;
  const changes: EngineChange[] = [];
  before(async () => {
    server = await startServer();
    server.klaxon.engine.onChange((c) => changes.push(c));
  });
  after(async () => { await server?.close(); });
  // As a bridge calls them: the input checked by the method's schema first (defaults filled in).
  const call = <K extends ApiMethod>(method: K, input?: ApiInput<K>): Promise<ApiOutput<K>> =>
    (server.klaxon.handlers[method] as (i: unknown) => Promise<ApiOutput<K>>)(API_METHODS[method].input.parse(input));

  it('creates a heartbeat whose push URL is on this host, listed and shown as the HTTP API shows it, with its state here', async () => {
    const m = await call('monitors.create', { name: 'nightly backup', type: 'heartbeat', intervalSeconds: 60, graceSeconds: 30, serviceId: server.serviceId });
    assert.match(m.heartbeatUrl ?? '', new RegExp(`^${server.baseUrl}/api/heartbeats/[A-Za-z0-9_-]{43}$`));
    assert.equal(m.runnerDeviceId, server.klaxon.engine.deviceId);
    assert.equal(m.check?.state, 'unknown', 'this device runs it: its state is answered');
    assert.deepEqual((await call('monitors.list')).map((x) => x.id), [m.id]);
    assert.deepEqual(await call('monitors.get', { id: m.id }), m);
    const viaHttp = await fetchJson(server.baseUrl, `/api/monitors/${m.id}`, { key: server.adminKey });
    assert.equal(viaHttp.body.monitor.heartbeatUrl, m.heartbeatUrl);
    assert.deepEqual(viaHttp.body.monitor.config, m.config);
    // A beat on the URL the window shows reaches the runner.
    assert.equal((await fetch(m.heartbeatUrl!)).status, 200);
    assert.equal((await call('monitors.get', { id: m.id })).check?.state, 'up');
  });

  it('pauses and resumes; an edit changes only what it names; delete answers the monitor as it was and lists it no more', async () => {
    const m = await call('monitors.create', { name: 'shop', type: 'http', url: 'http://127.0.0.1:9/health', intervalSeconds: 30, serviceId: server.serviceId });
    assert.equal((await call('monitors.pause', { id: m.id })).paused, true);
    assert.equal((await call('monitors.get', { id: m.id })).paused, true);
    assert.equal((await call('monitors.resume', { id: m.id })).paused, false);
    const edited = await call('monitors.update', { id: m.id, patch: { timeoutSeconds: 3, keyword: 'OK' } });
    assert.deepEqual([edited.config.timeoutSeconds, edited.config.keyword, edited.config.url], [3, 'OK', 'http://127.0.0.1:9/health']);
    const gone = await call('monitors.delete', { id: m.id });
    assert.equal(gone.name, 'shop');
    assert.ok(!(await call('monitors.list')).some((x) => x.id === m.id));
    await assert.rejects(call('monitors.get', { id: m.id }), { code: 'NOT_FOUND' });
  });

  it('a refusal names its field in its words: an unknown service, an invalid URL, an interval too short', async () => {
    await assert.rejects(call('monitors.create', { name: 'x', type: 'tcp', host: 'db', port: 5432, intervalSeconds: 30, serviceId: 'svc_nope' }),
      (e: Error & { field?: string }) => e.field === 'serviceId' && /^serviceId: /.test(e.message));
    const m = await call('monitors.create', { name: 'db', type: 'tcp', host: 'db', port: 5432, intervalSeconds: 30, serviceId: server.serviceId });
    await assert.rejects(call('monitors.update', { id: m.id, patch: { port: 70_000 } }), (e: Error & { field?: string }) => e.field === 'port' && /^port: /.test(e.message));
    await assert.rejects(call('monitors.update', { id: m.id, patch: { intervalSeconds: 5 } }), (e: Error & { field?: string }) => e.field === 'intervalSeconds' && /^intervalSeconds: /.test(e.message));
  });

  it('results: the raw checks this device holds in the span, 24 h by default; bad spans and unknown monitors are refused', async () => {
    const m = await call('monitors.create', { name: 'api', type: 'tcp', host: '127.0.0.1', port: 1, intervalSeconds: 30, serviceId: server.serviceId });
    const now = server.klaxon.engine.clock.now();
    const store = server.klaxon.engine.store;
    for (const [ago, outcome, ms] of [[2 * 86_400_000, 'up', 10], [3_600_000, 'up', 20], [60_000, 'down', null]] as const) {
      store.run(store.q.insertInto('monitor_results').values({ monitor_id: m.id, at_ms: now - ago, outcome, response_ms: ms, message: null }));
    }
    const day = await call('monitors.results', { id: m.id });
    assert.deepEqual(day.results.map((r) => [r.outcome, r.responseMs]), [['up', 20], ['down', null]], 'the check of 2 days ago is outside the last 24 h');
    const three = await call('monitors.results', { id: m.id, from: new Date(now - 3 * 86_400_000).toISOString(), to: new Date(now + 1).toISOString() });
    assert.equal(three.results.length, 3);
    store.run(store.q.insertInto('monitor_rollups').values({
      monitor_id: m.id, period: 'day', start_ms: Math.floor(now / 86_400_000) * 86_400_000, checks: 3, up: 2, degraded: 0, down: 1, no_data_seconds: 0, avg_ms: 15, p95_ms: 20, last_hlc: '',
    }));
    const bars = await call('monitors.results', { id: m.id, from: new Date(now - 3 * 86_400_000).toISOString(), only: ['daily'] });
    assert.deepEqual([bars.results, bars.hourly, bars.daily.map((d) => [d.checks, d.down])], [[], [], [[3, 1]]], 'only the daily rollups');
    assert.equal((await call('monitors.results', { id: m.id, only: ['results'] })).results.length, 2);
    await assert.rejects(call('monitors.results', { id: m.id, from: 'yesterday' }), { code: 'VALIDATION_FAILED', field: 'from' });
    await assert.rejects(call('monitors.results', { id: m.id, from: new Date(now).toISOString(), to: new Date(now - 1000).toISOString() }), { field: 'to' });
    await assert.rejects(call('monitors.results', { id: 'mon_nope' }), { code: 'NOT_FOUND' });
  });

  it('over the browser\'s bridge a session without admin reads monitors and their results but changes nothing; a bad body names input.field', async () => {
    const open = async (scopes: Parameters<TestServer['createKey']>[0]) => {
      const session = await fetchJson(server.baseUrl, '/bridge/session', { method: 'POST', key: (await server.createKey(scopes)).key });
      assert.equal(session.status, 200, session.text);
      const cookie = cookiePair(session.headers.get('set-cookie') ?? undefined);
      const { tab } = session.body as { tab: string };
      return (method: string, input?: unknown) => rawRequest(server.baseUrl, '/bridge/invoke', {
        method: 'POST', headers: { 'content-type': 'application/json', origin: server.baseUrl, cookie, 'x-klaxon-tab': tab }, body: JSON.stringify({ method, input }),
      });
    };
    const reader = await open(['incidents:read', 'incidents:write']);
    const list = await reader('monitors.list');
    assert.equal(list.status, 200, list.body);
    const [first] = JSON.parse(list.body) as { id: string; name: string }[];
    assert.ok(first);
    assert.equal((await reader('monitors.results', { id: first.id, only: ['daily'] })).status, 200);
    for (const [method, input] of [['monitors.pause', { id: first.id }], ['monitors.delete', { id: first.id }], ['monitors.update', { id: first.id, patch: { name: 'x' } }],
      ['monitors.create', { name: 'x', type: 'tcp', host: 'h', port: 1, intervalSeconds: 30, serviceId: server.serviceId }]] as const) {
      assert.equal((await reader(method, input)).status, 403, method);
    }
    assert.equal((await call('monitors.get', { id: first.id })).paused, false, 'nothing changed');
    const admin = await open(['admin']);
    const bad = await admin('monitors.create', { name: 'x', type: 'http', url: 'ftp://x', intervalSeconds: 30, serviceId: server.serviceId });
    assert.equal(bad.status, 400, bad.body);
    assert.match(JSON.parse(bad.body).error.message, /^input\.url: /);
  });

  it('a monitor change tells the window to reload its Monitors page; an incident-only change does not', () => {
    const monitorChange = changes.find((c) => c.ops.some((op) => op.type === 'monitor.paused'));
    assert.ok(monitorChange, 'pausing committed a monitor.paused op');
    assert.equal(toChangeNotice(monitorChange, server.klaxon.engine)?.monitors, true);
    const plain: EngineChange = { ops: [], incidentIds: [], services: true, keys: false, maintenance: false, settings: false };
    assert.equal(toChangeNotice(plain, server.klaxon.engine)?.monitors, undefined);
  });
});
