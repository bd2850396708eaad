// Free-form JSON at the door, on a real receiver: the red-team's event (custom_details ~4,450 levels deep, once
// stored with a 202 and then failing every listing with a 500) is now a 400 naming the field, on every endpoint and in
// each endpoint's own error shape; a body 100,000 levels deep too; and too much free-form JSON is kept as a truncation
// marker (the event still pages), which the timeline mentions.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, fetchJson, type TestServer } from '../support/server.ts';
import { JSON_LIMITS } from '../../src-shared/schemas/limits.ts';

const deepObjectText = (levels: number) => '{"a":'.repeat(levels - 1) + '{}' + '}'.repeat(levels - 1);
const deepArrayText = (levels: number) => '['.repeat(levels) + ']'.repeat(levels);

describe('free-form JSON limits at the door', () => {
  let server: TestServer;
  before(async () => { server = await startServer(); });
  after(async () => { await server?.close(); });

  const eventText = (dedupKey: string, customDetailsText: string) =>
    `{"routing_key":"${server.routingKey}","event_action":"trigger","dedup_key":"${dedupKey}",` +
    `"payload":{"summary":"Deep ${dedupKey}","source":"red-team","severity":"critical","custom_details":${customDetailsText}}}`;

  const readsStillWork = async () => {
    const list = await fetchJson(server.baseUrl, '/api/incidents?limit=200', { key: server.adminKey });
    assert.equal(list.status, 200, list.text);
    for (const incident of list.body.incidents as { id: string }[]) {
      const one = await fetchJson(server.baseUrl, `/api/incidents/${incident.id}`, { key: server.adminKey });
      assert.equal(one.status, 200, one.text);
    }
    return list.body.incidents as { dedupKey: string }[];
  };

  it("the red-team's case: custom_details 4,450 levels deep is a 400 naming payload.custom_details, and reads keep working", async () => {
    const events = await fetchJson(server.baseUrl, '/api/events', { key: server.adminKey, body: eventText('deep-4450', deepObjectText(4450)) });
    assert.equal(events.status, 400, events.text);
    assert.equal(events.body.error.code, 'VALIDATION_FAILED');
    assert.equal(events.body.error.field, 'payload.custom_details');
    assert.match(events.body.error.message, /nested too deep/);

    const enqueue = await fetchJson(server.baseUrl, '/v2/enqueue', { body: eventText('deep-4450-pd', deepObjectText(4450)) });
    assert.equal(enqueue.status, 400, enqueue.text);
    assert.equal(enqueue.body.status, 'invalid event');
    assert.match(enqueue.body.errors[0], /^payload\.custom_details: nested too deep/);

    const listed = await readsStillWork();
    assert.ok(!listed.some((i) => i.dedupKey.startsWith('deep-4450')), 'nothing was stored');
  });

  it('a body 100,000 levels deep is a 400 on every JSON route, never a 500 or a crash', async () => {
    const incident = await fetchJson(server.baseUrl, '/api/incidents', { key: server.adminKey, body: { title: 'Target' } });
    assert.equal(incident.status, 201);
    const deep = deepArrayText(100_000);
    const routes: [string, string, string][] = [
      ['POST', '/api/events', eventText('deep-100k', deep)],
      ['POST', '/v2/enqueue', eventText('deep-100k', deep)],
      ['POST', '/api/incidents', deep],
      ['PATCH', `/api/incidents/${incident.body.id}`, `{"title":${deep}}`],
      ['POST', `/api/incidents/${incident.body.id}/notes`, `{"text":${deep}}`],
      ['POST', '/api/services', deep],
    ];
    for (const [method, path, body] of routes) {
      const res = await fetchJson(server.baseUrl, path, { method, key: server.adminKey, body });
      assert.equal(res.status, 400, `${method} ${path}: ${res.text.slice(0, 300)}`);
      if (path === '/v2/enqueue') assert.equal(res.body.status, 'invalid event');
      else assert.equal(res.body.error.code, 'VALIDATION_FAILED', res.text.slice(0, 300));
    }
    const session = await fetchJson(server.baseUrl, '/bridge/session', { method: 'POST', key: server.adminKey });
    const cookie = (session.headers.get('set-cookie') ?? '').split(';')[0]!;
    const bridge = await fetchJson(server.baseUrl, '/bridge/invoke', {
      headers: { cookie, origin: server.baseUrl }, body: `{"method":"incidents.create","input":${deep}}`,
    });
    assert.equal(bridge.status, 400, bridge.text.slice(0, 300));
    assert.equal(bridge.body.error.code, 'VALIDATION_FAILED');
    await readsStillWork();
  });

  it('just past the free-form depth is refused by the schema, naming the exact field; at the depth it is accepted', async () => {
    const atLimit = await fetchJson(server.baseUrl, '/api/events', { key: server.adminKey, body: eventText('depth-32', deepObjectText(JSON_LIMITS.depth)) });
    assert.equal(atLimit.status, 202, atLimit.text);
    const over = await fetchJson(server.baseUrl, '/api/events', { key: server.adminKey, body: eventText('depth-33', deepObjectText(JSON_LIMITS.depth + 1)) });
    assert.equal(over.status, 400, over.text);
    assert.equal(over.body.error.field, 'payload.custom_details');
    assert.match(over.body.error.message, /nested deeper than 32 levels/);
    const links = await fetchJson(server.baseUrl, '/v2/enqueue', {
      body: { routing_key: server.routingKey, event_action: 'trigger', dedup_key: 'deep-link', payload: { summary: 's', source: 's', severity: 'info' },
        links: [{ href: 'https://example.com', meta: JSON.parse(deepObjectText(JSON_LIMITS.depth)) }] },
    });
    assert.equal(links.status, 400, links.text);
    assert.match(links.body.errors[0], /^links: nested deeper than 32 levels/);
    const listed = await readsStillWork();
    assert.ok(listed.some((i) => i.dedupKey === 'depth-32'));
  });

  it('too much free-form JSON is kept as a truncation marker: the event is accepted, pages, and its timeline says so', async () => {
    const customDetails = { log: 'line of output\n'.repeat(8000), firing: 'CPU above 90%' };
    const originalBytes = Buffer.byteLength(JSON.stringify(customDetails));
    const body = { routing_key: server.routingKey, event_action: 'trigger', dedup_key: 'huge-details', payload: { summary: 'Huge details', source: 'prometheus', severity: 'critical', custom_details: customDetails } };
    const first = await fetchJson(server.baseUrl, '/api/events', { key: server.adminKey, body });
    assert.equal(first.status, 202, first.text);
    const repeat = await fetchJson(server.baseUrl, '/v2/enqueue', { body });
    assert.equal(repeat.status, 202, repeat.text);

    const incident = await fetchJson(server.baseUrl, `/api/incidents/${first.body.incident_key}`, { key: server.adminKey });
    assert.equal(incident.status, 200);
    assert.equal(incident.body.status, 'triggered', 'it pages like any trigger');
    assert.equal(incident.body.urgency, 'HIGH');
    assert.equal(incident.body.alertCount, 2);
    assert.deepEqual(Object.keys(incident.body.customDetails).sort(), ['_truncated', 'originalBytes', 'preview', 'reason']);
    assert.equal(incident.body.customDetails._truncated, true);
    assert.equal(incident.body.customDetails.originalBytes, originalBytes);
    assert.equal(incident.body.customDetails.preview, JSON.stringify(customDetails).slice(0, JSON_LIMITS.previewChars));
    const [triggered, alert] = incident.body.timeline;
    assert.match(triggered.message, /^Triggered: Huge details — truncated, kept a preview: custom details larger than 64 KiB \(\d+ bytes\)/);
    assert.deepEqual(triggered.data.truncated, ['customDetails']);
    assert.match(alert.message, /^Alert repeated: Huge details — truncated/);
    assert.equal(alert.data.customDetails._truncated, true);
  });
});
