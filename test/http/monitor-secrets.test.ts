// A monitor's secrets stay with admins: a key with incidents:read (over HTTP and over the browser's bridge) sees a
// monitor's header names but not their values, no body, no credentials in its URL and no heartbeat push URL; an
// admin sees them all. The incident a failing check opens, and the check's results, carry no URL credentials — every
// teammate and every reader sees those.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, fetchJson, type TestServer } from '../support/server.ts';
import { startTarget, type Target } from '../support/check-targets.ts';
import { rawRequest, cookiePair } from '../renderer/support/http.ts';
import { FakeClock } from '../../src-main/clock.ts';

const SECRETS = ['Bearer s3cret-header', 'hunter2-body', 'pa55word', 'tok3n-in-query'];

describe('monitor secrets', () => {
  let server: TestServer;
  let clock: FakeClock;
  let site: Target;
  let readerKey: string;
  let httpId: string;
  let beatId: string;
  before(async () => {
    clock = new FakeClock(Date.parse('2026-11-30T10:00:00Z'));
    site = await startTarget();
    server = await startServer({ clock });
    readerKey = (await server.createKey(['incidents:read'])).key;
    const api = (body: unknown) => fetchJson(server.baseUrl, '/api/monitors', { method: 'POST', key: server.adminKey, body });
    const url = `http://robot:pa55word@127.0.0.1:${site.port}/health?region=eu&api_token=tok3n-in-query`;
    const made = await api({
      name: 'orders', type: 'http', url, method: 'POST', headers: { Authorization: 'Bearer s3cret-header' }, body: 'hunter2-body',
      intervalSeconds: 10, timeoutSeconds: 2, serviceId: server.serviceId,
    });
    assert.equal(made.status, 201, made.text);
    httpId = made.body.monitor.id;
    const beat = await api({ name: 'backup', type: 'heartbeat', intervalSeconds: 60, serviceId: server.serviceId });
    assert.equal(beat.status, 201, beat.text);
    beatId = beat.body.monitor.id;
  });
  after(async () => { await server?.close(); await site?.close(); });

  const get = (path: string, key: string) => fetchJson(server.baseUrl, path, { key });
  const assertNoSecret = (text: string, where: string) => {
    for (const s of SECRETS) assert.ok(!text.includes(s), `${where} shows ${s}`);
  };

  it('a read-only key sees header names, "(hidden)" values, no body, no URL credentials and no push URL', async () => {
    const list = await get('/api/monitors', readerKey);
    assert.equal(list.status, 200, list.text);
    assertNoSecret(list.text, 'the list');
    const m = list.body.monitors.find((x: { id: string }) => x.id === httpId);
    assert.deepEqual(m.config.headers, { Authorization: '(hidden)' });
    assert.equal(m.config.body, '(hidden)');
    assert.equal(m.config.url, `http://127.0.0.1:${site.port}/health?region=eu&api_token=(hidden)`);
    const beat = await get(`/api/monitors/${beatId}`, readerKey);
    assert.equal(beat.status, 200, beat.text);
    assert.equal(beat.body.monitor.heartbeatUrl, undefined);
    assert.ok(!beat.text.includes('/api/heartbeats/'), 'no push token anywhere');
  });

  it('an admin key sees every setting as written, and the push URL', async () => {
    const m = (await get(`/api/monitors/${httpId}`, server.adminKey)).body.monitor;
    assert.deepEqual(m.config.headers, { Authorization: 'Bearer s3cret-header' });
    assert.equal(m.config.body, 'hunter2-body');
    assert.match(m.config.url, /robot:pa55word@/);
    assert.match((await get(`/api/monitors/${beatId}`, server.adminKey)).body.monitor.heartbeatUrl, /\/api\/heartbeats\/[\w-]{43}$/);
  });

  it('over the browser\'s bridge: a read-only session sees no secret, an admin one does', async () => {
    const open = async (key: string) => {
      const session = await fetchJson(server.baseUrl, '/bridge/session', { method: 'POST', key });
      assert.equal(session.status, 200, session.text);
      const cookie = cookiePair(session.headers.get('set-cookie') ?? undefined);
      const { tab } = session.body as { tab: string };
      return async (method: string, input?: unknown) => {
        const res = await rawRequest(server.baseUrl, '/bridge/invoke', {
          method: 'POST', headers: { 'content-type': 'application/json', origin: server.baseUrl, cookie, 'x-klaxon-tab': tab }, body: JSON.stringify({ method, input }),
        });
        assert.equal(res.status, 200, res.body);
        return res.body;
      };
    };
    const reader = await open((await server.createKey(['incidents:read', 'incidents:write'])).key); // what signing in needs
    const listed = await reader('monitors.list');
    assertNoSecret(listed, 'the bridge list');
    assert.ok(!listed.includes('/api/heartbeats/'));
    assertNoSecret(await reader('monitors.get', { id: httpId }), 'the bridge get');
    const admin = await open(server.adminKey);
    const full = await admin('monitors.get', { id: httpId });
    for (const s of SECRETS) assert.ok(full.includes(s), `admin sees ${s}`);
  });

  it('the incident a failing check opens, and its results, carry no URL credentials', async () => {
    site.set({ status: 500 });
    const hits = site.hits;
    for (let i = 0; i < 3; i++) { clock.advance(1000); await server.klaxon.checks.idle(); }
    assert.ok(site.hits > hits, 'the check ran');
    const list = await get('/api/incidents?limit=50', server.adminKey);
    const inc = (list.body.incidents as { id: string; dedupKey: string }[]).find((i) => i.dedupKey === `monitor:${httpId}`);
    assert.ok(inc, list.text);
    const detail = await get(`/api/incidents/${inc.id}`, server.adminKey);
    assert.equal(detail.body.customDetails.url, `http://127.0.0.1:${site.port}/health?region=eu&api_token=(hidden)`);
    assert.equal(detail.body.customDetails.status, 500);
    assertNoSecret(detail.text, 'the incident');
    const results = await get(`/api/monitors/${httpId}/results`, readerKey);
    assert.equal(results.status, 200, results.text);
    assertNoSecret(results.text, 'the results');
  });
});
