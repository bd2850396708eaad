// PagerDuty's Change Events at /v2/change/enqueue: a deploy recorded on its service (202 with its id), never an
// incident; listed by GET /api/changes (incidents:read) by service and span; and shown on an incident that began
// within the hour after it — not one from two hours before, another service's, or one after the incident began.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, fetchJson, type TestServer } from '../support/server.ts';

describe('change events', () => {
  let server: TestServer;
  let other: { id: string; routingKey: string };
  before(async () => {
    server = await startServer();
    other = await server.klaxon.engine.createService({ name: 'Other', urgencyRule: 'severity', suppressionRules: [] });
  });
  after(async () => { await server?.close(); });

  const ago = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();
  const change = (routingKey: string, summary: string, more: Record<string, unknown> = {}) =>
    fetchJson(server.baseUrl, '/v2/change/enqueue', { body: { routing_key: routingKey, payload: { summary, source: 'ci', ...more } } });
  const changes = async (query = '') => {
    const res = await fetchJson(server.baseUrl, `/api/changes${query}`, { key: server.adminKey });
    assert.equal(res.status, 200, res.text);
    return res.body.changes as Record<string, unknown>[];
  };

  it('is recorded and answered 202 with its id, opens no incident, and keeps its details, links and timestamp as sent', async () => {
    const before = (await fetchJson(server.baseUrl, '/api/incidents?limit=200', { key: server.adminKey })).body.total;
    const res = await fetchJson(server.baseUrl, '/v2/change/enqueue', {
      body: {
        routing_key: server.routingKey,
        payload: { summary: 'Build 812 deployed', source: 'ci.example.com', timestamp: '2026-08-22T09:50:00.000', custom_details: { commit: 'a1b2c3d', files: ['a.ts', 'b.ts'] } },
        links: [{ href: 'https://ci.example.com/812', text: 'Build 812' }],
      },
    });
    assert.equal(res.status, 202, res.text);
    assert.equal(res.body.status, 'success');
    assert.equal(res.body.message, 'Change event processed');
    const listed = (await changes(`?serviceId=${server.serviceId}`)).find((c) => c.id === res.body.id);
    assert.ok(listed);
    assert.equal(listed.summary, 'Build 812 deployed');
    assert.equal(listed.source, 'ci.example.com');
    assert.equal(listed.timestamp, '2026-08-22T09:50:00.000');
    assert.equal(listed.happenedAt, '2026-08-22T09:50:00.000Z');
    assert.deepEqual(listed.customDetails, { commit: 'a1b2c3d', files: ['a.ts', 'b.ts'] });
    assert.deepEqual(listed.links, [{ href: 'https://ci.example.com/812', text: 'Build 812' }]);
    assert.equal(listed.serviceName, 'Test service');
    assert.equal((await fetchJson(server.baseUrl, '/api/incidents?limit=200', { key: server.adminKey })).body.total, before, 'a change never opens an incident');
  });

  it('a summary longer than 1024 is cut and kept; no source, no timestamp, null links are fine', async () => {
    const res = await fetchJson(server.baseUrl, '/v2/change/enqueue', { body: { routing_key: server.routingKey, payload: { summary: 'x'.repeat(3000) }, links: null } });
    assert.equal(res.status, 202, res.text);
    const listed = (await changes(`?serviceId=${server.serviceId}`)).find((c) => c.id === res.body.id)!;
    assert.equal(listed.summary, 'x'.repeat(1024));
    assert.equal(listed.source, null);
    assert.equal(listed.timestamp, null);
    assert.ok(Math.abs(Date.parse(String(listed.happenedAt)) - Date.now()) < 60_000, 'without a timestamp: when it arrived');
  });

  it('an unknown routing key, a missing payload or summary → 400 in PagerDuty\'s shape', async () => {
    const cases: [unknown, string][] = [
      [{ routing_key: 'no-such-key', payload: { summary: 's' } }, 'Invalid routing key'],
      [{ routing_key: server.routingKey }, 'payload'],
      [{ routing_key: server.routingKey, payload: { summary: '' } }, 'payload.summary'],
      [{ payload: { summary: 's' } }, 'routing_key'],
    ];
    for (const [body, error] of cases) {
      const res = await fetchJson(server.baseUrl, '/v2/change/enqueue', { body });
      assert.equal(res.status, 400, res.text);
      assert.equal(res.body.status, 'invalid event');
      assert.ok((res.body.errors as string[]).some((e) => e.startsWith(error)), res.text);
    }
  });

  it('an incident shows its service\'s changes of the hour before it began, newest first, and no others', async () => {
    const svc = await server.klaxon.engine.createService({ name: 'Checkout', urgencyRule: 'severity', suppressionRules: [] });
    for (const [key, summary, minutes] of [[svc.routingKey, 'deploy 10 min before', 10], [svc.routingKey, 'config push 45 min before', 45],
      [svc.routingKey, 'deploy 2 h before', 120], [other.routingKey, 'another service, 5 min before', 5], [svc.routingKey, 'deploy after it began', -5]] as const) {
      assert.equal((await change(key, summary, { timestamp: ago(minutes) })).status, 202);
    }
    const trig = await fetchJson(server.baseUrl, '/v2/enqueue', { body: { routing_key: svc.routingKey, event_action: 'trigger', dedup_key: 'checkout-5xx', payload: { summary: 'Checkout 5xx', source: 'lb', severity: 'critical' } } });
    assert.equal(trig.status, 202);
    const id = (await fetchJson(server.baseUrl, `/api/incidents?serviceId=${svc.id}`, { key: server.adminKey })).body.incidents[0].id;
    const detail = await fetchJson(server.baseUrl, `/api/incidents/${id}`, { key: server.adminKey });
    assert.deepEqual(detail.body.recentChanges.map((c: { summary: string }) => c.summary), ['deploy 10 min before', 'config push 45 min before']);
    // And the list narrows by service and span.
    assert.deepEqual((await changes(`?serviceId=${svc.id}&from=${encodeURIComponent(ago(60))}&to=${encodeURIComponent(ago(0))}`)).map((c) => c.summary),
      ['deploy 10 min before', 'config push 45 min before']);
    assert.equal((await changes(`?serviceId=${svc.id}&limit=1`)).length, 1);
    assert.deepEqual((await changes(`?serviceId=${other.id}`)).map((c) => c.summary), ['another service, 5 min before']);
  });

  it('GET /api/changes needs incidents:read, and refuses a bad query in the seeds\' shape', async () => {
    assert.equal((await fetchJson(server.baseUrl, '/api/changes')).status, 401);
    const writer = await server.createKey(['events:write']);
    assert.equal((await fetchJson(server.baseUrl, '/api/changes', { key: writer.key })).status, 403);
    const reader = await server.createKey(['incidents:read']);
    assert.equal((await fetchJson(server.baseUrl, '/api/changes', { key: reader.key })).status, 200);
    for (const q of ['?from=yesterday', '?limit=0', `?from=${ago(0)}&to=${ago(60)}`]) {
      const res = await fetchJson(server.baseUrl, `/api/changes${q.replaceAll('+', '%2B')}`, { key: server.adminKey });
      assert.equal(res.status, 400, `${q}: ${res.text}`);
      assert.equal(res.body.error.code, 'VALIDATION_FAILED');
    }
  });
});
