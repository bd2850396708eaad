// Event semantics on both endpoints (seed 003's /api/events and PagerDuty's /v2/enqueue): dedup, re-trigger after
// resolve, acknowledge/resolve of unknown keys, PagerDuty's limits, extra fields kept, generated dedup keys.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, fetchJson, type TestServer } from '../support/server.ts';

type Endpoint = '/api/events' | '/v2/enqueue';

describe('events on /api/events and /v2/enqueue', () => {
  let server: TestServer;
  before(async () => { server = await startServer(); });
  after(async () => { await server?.close(); });

  const send = (endpoint: Endpoint, body: unknown, headers: Record<string, string> = {}) =>
    fetchJson(server.baseUrl, endpoint, { body, headers, key: endpoint === '/api/events' ? server.adminKey : undefined });
  const trigger = (dedupKey: string, summary = `Alert ${dedupKey}`, extra: Record<string, unknown> = {}) => ({
    routing_key: server.routingKey, event_action: 'trigger', dedup_key: dedupKey,
    payload: { summary, source: 'test', severity: 'critical' }, ...extra,
  });
  const action = (event_action: string, dedupKey: string) => ({ routing_key: server.routingKey, event_action, dedup_key: dedupKey });
  const incident = async (id: string) => (await fetchJson(server.baseUrl, `/api/incidents/${id}`, { key: server.adminKey })).body;
  const countWithKey = async (dedupKey: string) =>
    (await fetchJson(server.baseUrl, `/api/incidents?limit=200&q=${encodeURIComponent(dedupKey)}`, { key: server.adminKey }))
      .body.incidents.filter((i: { dedupKey: string }) => i.dedupKey === dedupKey).length;

  for (const endpoint of ['/api/events', '/v2/enqueue'] as const) {
    describe(endpoint, () => {
      const k = (name: string) => `${endpoint.replace(/\W/g, '')}-${name}`;

      it('a repeated trigger is appended to the open incident: same id, alertCount + 1, no new incident', async () => {
        const first = await send(endpoint, trigger(k('dedup'), 'Disk 90%'));
        assert.equal(first.status, 202, first.text);
        const id = first.body.incident_key ?? (await fetchJson(server.baseUrl, `/api/incidents?q=${k('dedup')}`, { key: server.adminKey })).body.incidents[0].id;
        const second = await send(endpoint, trigger(k('dedup'), 'Disk 95%'));
        const third = await send(endpoint, trigger(k('dedup'), 'Disk 99%'));
        assert.equal(second.status, 202);
        assert.equal(third.status, 202);
        if (endpoint === '/api/events') {
          assert.equal(second.body.incident_key, id);
          assert.equal(third.body.incident_key, id);
        }
        assert.equal(await countWithKey(k('dedup')), 1, 'one incident for the key');
        const inc = await incident(id);
        assert.equal(inc.alertCount, 3);
        assert.equal(inc.status, 'triggered');
        assert.equal(inc.timeline.filter((e: { kind: string }) => e.kind === 'alert').length, 2, 'each repeat is on the timeline');
      });

      it('after resolve, the same key opens a new incident', async () => {
        const first = await send(endpoint, trigger(k('retrigger')));
        assert.equal(first.status, 202);
        assert.equal((await send(endpoint, action('resolve', k('retrigger')))).status, 202);
        const again = await send(endpoint, trigger(k('retrigger')));
        assert.equal(again.status, 202);
        assert.equal(await countWithKey(k('retrigger')), 2);
        const list = (await fetchJson(server.baseUrl, `/api/incidents?q=${k('retrigger')}`, { key: server.adminKey })).body.incidents;
        assert.deepEqual(list.map((i: { status: string }) => i.status).sort(), ['resolved', 'triggered']);
        if (endpoint === '/api/events') assert.notEqual(again.body.incident_key, first.body.incident_key);
      });

      it('acknowledge and resolve of an unknown key succeed, say nothing changed, and open nothing', async () => {
        for (const act of ['acknowledge', 'resolve']) {
          const res = await send(endpoint, action(act, k(`never-seen-${act}`)));
          assert.equal(res.status, 202, res.text);
          assert.equal(res.body.status, 'success');
          assert.equal(res.body.dedup_key, k(`never-seen-${act}`));
          assert.match(res.body.message, /nothing changed|no open incident/i, 'the message says nothing happened');
          if (endpoint === '/api/events') assert.equal(res.body.incident_key, null);
          assert.equal(await countWithKey(k(`never-seen-${act}`)), 0);
        }
      });

      it('event_action is case-insensitive', async () => {
        const res = await send(endpoint, { ...trigger(k('case')), event_action: 'TRIGGER' });
        assert.equal(res.status, 202, res.text);
        assert.equal((await send(endpoint, action('Acknowledge', k('case')))).status, 202);
        const list = (await fetchJson(server.baseUrl, `/api/incidents?q=${k('case')}`, { key: server.adminKey })).body.incidents;
        assert.equal(list[0].status, 'acknowledged');
      });

      it('PagerDuty limits: dedup_key 255 ok / 256 → 400, summary 1024 ok / 1025 → 400 here, cut to 1024 by PagerDuty\'s endpoint, body over 512 KB → 413', async () => {
        assert.equal((await send(endpoint, trigger('d'.repeat(255)))).status, 202);
        const longKey = await send(endpoint, trigger('d'.repeat(256)));
        assert.equal(longKey.status, 400, longKey.text);
        assert.equal((await send(endpoint, trigger(k('sum-ok'), 's'.repeat(1024)))).status, 202);
        const longSummary = await send(endpoint, trigger(k('sum-long'), 's'.repeat(1025)));
        if (endpoint === '/api/events') {
          assert.equal(longSummary.status, 400, longSummary.text);
          assert.equal(longKey.body.error.code, 'VALIDATION_FAILED');
          assert.equal(longKey.body.error.field, 'dedup_key');
          assert.equal(longSummary.body.error.field, 'payload.summary');
        } else {
          assert.equal(longKey.body.status, 'invalid event');
          assert.ok(longKey.body.errors.some((e: string) => e.startsWith('dedup_key')), longKey.text);
          // PagerDuty cuts a long summary and keeps the alert: so does /v2/enqueue.
          assert.equal(longSummary.status, 202, longSummary.text);
          const list = (await fetchJson(server.baseUrl, `/api/incidents?q=${k('sum-long')}`, { key: server.adminKey })).body.incidents;
          assert.equal(list[0].title, 's'.repeat(1024));
        }
        const big = trigger(k('big'), 'big', { payload: { summary: 'big', source: 'test', severity: 'info', custom_details: { blob: 'x'.repeat(512 * 1024) } } });
        const tooLarge = await send(endpoint, big);
        assert.equal(tooLarge.status, 413, tooLarge.text);
        if (endpoint === '/api/events') assert.equal(tooLarge.body.error.code, 'PAYLOAD_TOO_LARGE');
        assert.equal(await countWithKey(k('big')), 0);
        // Just under the limit is fine.
        const fits = trigger(k('fits'), 'fits', { payload: { summary: 'fits', source: 'test', severity: 'info', custom_details: { blob: 'x'.repeat(500 * 1024) } } });
        assert.equal((await send(endpoint, fits)).status, 202);
      });

      it('invalid events are refused with 400 and the reason, and open nothing', async () => {
        const cases: [string, unknown][] = [
          ['event_action', { ...trigger(k('bad-action')), event_action: 'explode' }],
          ['payload', { routing_key: server.routingKey, event_action: 'trigger', dedup_key: k('no-payload') }],
          ['payload.severity', { ...trigger(k('bad-sev')), payload: { summary: 's', source: 's', severity: 'catastrophic' } }],
          ['payload.source', { ...trigger(k('no-source')), payload: { summary: 's', severity: 'info' } }],
        ];
        for (const [field, body] of cases) {
          const res = await send(endpoint, body);
          assert.equal(res.status, 400, `${field}: ${res.text}`);
          if (endpoint === '/api/events') assert.equal(res.body.error.field, field);
          else assert.ok(res.body.errors.some((e: string) => e.startsWith(field)), `${field}: ${res.text}`);
        }
        for (const name of ['bad-action', 'no-payload', 'bad-sev', 'no-source']) assert.equal(await countWithKey(k(name)), 0);
      });
    });
  }

  it('/v2/enqueue: unknown routing key → 400 in PagerDuty\'s shape', async () => {
    const res = await send('/v2/enqueue', { ...trigger('x'), routing_key: 'no-such-routing-key' });
    assert.equal(res.status, 400);
    assert.deepEqual(res.body, { status: 'invalid event', message: 'Invalid routing key', errors: ['Invalid routing key'] });
  });

  it('/v2/enqueue: needs no Authorization header, answers PagerDuty\'s success body, and ignores a stray Authorization', async () => {
    const res = await send('/v2/enqueue', trigger('enqueue-shape'));
    assert.equal(res.status, 202);
    assert.deepEqual(res.body, { status: 'success', message: 'Event processed', dedup_key: 'enqueue-shape' });
    const withJunkAuth = await send('/v2/enqueue', trigger('enqueue-shape'), { authorization: 'Token token=whatever' });
    assert.equal(withJunkAuth.status, 202);
  });

  it('/v2/enqueue: a trigger without dedup_key gets a generated one that later events can use', async () => {
    const { dedup_key: _omit, ...noKey } = trigger('unused');
    const res = await send('/v2/enqueue', noKey);
    assert.equal(res.status, 202, res.text);
    assert.equal(typeof res.body.dedup_key, 'string');
    assert.ok(res.body.dedup_key.length > 0);
    const resolve = await send('/v2/enqueue', action('resolve', res.body.dedup_key));
    assert.equal(resolve.status, 202);
    assert.equal(resolve.body.message, 'Event processed');
    const list = (await fetchJson(server.baseUrl, `/api/incidents?q=${res.body.dedup_key}`, { key: server.adminKey })).body.incidents;
    assert.equal(list.length, 1);
    assert.equal(list[0].status, 'resolved');
  });

  it('/v2/enqueue: acknowledge without dedup_key is invalid', async () => {
    const res = await send('/v2/enqueue', { routing_key: server.routingKey, event_action: 'acknowledge' });
    assert.equal(res.status, 400);
    assert.equal(res.body.status, 'invalid event');
    assert.ok(res.body.errors.some((e: string) => e.startsWith('dedup_key')), res.text);
  });

  it('/v2/enqueue: PagerDuty\'s extra fields are accepted and kept', async () => {
    const full = {
      routing_key: server.routingKey,
      event_action: 'trigger',
      dedup_key: 'pd-full',
      payload: {
        summary: 'Example alert on host1.example.com', source: 'monitoringtool:cloudvendor:central-region-dc-01:852559987:cluster/api-stats-prod-003',
        severity: 'info', timestamp: '2015-07-17T08:42:58.315+0000', component: 'postgres', group: 'prod-datapipe', class: 'deploy',
        custom_details: { 'ping time': '1500ms', 'load avg': 0.75 },
      },
      images: [{ src: 'https://www.pagerduty.com/wp-content/uploads/2016/05/pagerduty-logo-green.png', href: 'https://example.com/', alt: 'Example text' }],
      links: [{ href: 'https://example.com/', text: 'Link text' }],
      client: 'Sample Monitoring Service',
      client_url: 'https://monitoring.service.com',
    };
    const res = await send('/v2/enqueue', full);
    assert.equal(res.status, 202, res.text);
    const list = (await fetchJson(server.baseUrl, '/api/incidents?q=pd-full', { key: server.adminKey })).body.incidents;
    const inc = await incident(list[0].id);
    assert.deepEqual(inc.customDetails, full.payload.custom_details);
    assert.equal(inc.extra.component, 'postgres');
    assert.equal(inc.extra.group, 'prod-datapipe');
    assert.equal(inc.extra.class, 'deploy');
    assert.equal(inc.extra.timestamp, full.payload.timestamp);
    assert.deepEqual(inc.extra.links, full.links);
    assert.deepEqual(inc.extra.images, full.images);
    assert.equal(inc.extra.client, full.client);
    assert.equal(inc.extra.client_url, full.client_url);
  });
});
