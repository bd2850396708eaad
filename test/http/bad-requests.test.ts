// What the receiver does with requests that are wrong: malformed JSON (400 INVALID_JSON), a non-JSON body (415),
// unknown fields (refused on the Incidents API, kept on events), every issue listed, unknown routes (404), a foreign
// Host header (refused: DNS rebinding), no CORS — and never a 500, whatever the body.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import { startServer, fetchJson, type TestServer } from '../support/server.ts';

/** node:http, because fetch will not let a test choose the Host header. */
function rawRequest(baseUrl: string, path: string, headers: Record<string, string>, method = 'GET', body?: Buffer | string) {
  const url = new URL(path, baseUrl);
  return new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; text: string }>((resolve, reject) => {
    const req = httpRequest({ host: url.hostname, port: url.port, path: url.pathname + url.search, method, headers, timeout: 30_000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('bad requests', () => {
  let server: TestServer;
  let incidentId: string;
  before(async () => {
    server = await startServer();
    incidentId = (await fetchJson(server.baseUrl, '/api/incidents', { key: server.adminKey, body: { title: 'Target', serviceId: server.serviceId } })).body.id;
  });
  after(async () => { await server?.close(); });

  const bodyRoutes = (): { method: string; path: string; enqueue?: boolean }[] => [
    { method: 'POST', path: '/api/events' },
    { method: 'POST', path: '/v2/enqueue', enqueue: true },
    { method: 'POST', path: '/api/incidents' },
    { method: 'PATCH', path: `/api/incidents/${incidentId}` },
    { method: 'POST', path: `/api/incidents/${incidentId}/updates` },
    { method: 'POST', path: `/api/incidents/${incidentId}/notes` },
    { method: 'POST', path: '/api/services' },
    { method: 'PATCH', path: `/api/services/${server.serviceId}` },
    { method: 'POST', path: '/api/keys' },
  ];

  it('malformed JSON → 400 INVALID_JSON on every body route (PagerDuty\'s shape on /v2/enqueue)', async () => {
    for (const route of bodyRoutes()) {
      for (const text of ['{', '{"title": "x",}', "{'single': 'quotes'}", 'undefined', '{"a":1}{"b":2}']) {
        const res = await fetchJson(server.baseUrl, route.path, { method: route.method, key: server.adminKey, body: text });
        assert.equal(res.status, 400, `${route.method} ${route.path} ${text}: ${res.text}`);
        if (route.enqueue) assert.equal(res.body.status, 'invalid event');
        else assert.equal(res.body.error.code, 'INVALID_JSON', res.text);
      }
    }
  });

  it('a non-JSON body → 415 UNSUPPORTED_MEDIA_TYPE on every body route but PagerDuty\'s (they read JSON whatever the type)', async () => {
    const kinds: Record<string, string>[] = [
      { 'content-type': 'text/plain' },
      { 'content-type': 'application/x-www-form-urlencoded' },
      { 'content-type': 'application/xml' },
      { 'content-type': 'multipart/form-data; boundary=x' },
    ];
    for (const route of bodyRoutes().filter((r) => !r.enqueue)) {
      for (const headers of kinds) {
        const res = await fetchJson(server.baseUrl, route.path, { method: route.method, key: server.adminKey, body: '{"title":"x"}', headers });
        assert.equal(res.status, 415, `${route.method} ${route.path} as ${headers['content-type']}: ${res.text}`);
        if (!route.enqueue) assert.equal(res.body.error.code, 'UNSUPPORTED_MEDIA_TYPE');
      }
    }
    // `charset` on a JSON content type is fine.
    const ok = await fetchJson(server.baseUrl, '/api/incidents', {
      key: server.adminKey, body: { title: 'charset', serviceId: server.serviceId }, headers: { 'content-type': 'application/json; charset=utf-8' },
    });
    assert.equal(ok.status, 201, ok.text);
  });

  it('Incidents API: unknown fields are refused naming the field; every issue is listed', async () => {
    const res = await fetchJson(server.baseUrl, '/api/incidents', { key: server.adminKey, body: { titel: 'typo', serviceId: server.serviceId } });
    assert.equal(res.status, 400, res.text);
    assert.equal(res.body.error.code, 'VALIDATION_FAILED');
    const fields = res.body.error.details.map((d: { field: string }) => d.field).sort();
    assert.deepEqual(fields, ['title', 'titel'].sort(), 'the missing title and the unknown titel are both named');
    assert.ok(['title', 'titel'].includes(res.body.error.field));

    const patch = await fetchJson(server.baseUrl, `/api/incidents/${incidentId}`, { method: 'PATCH', key: server.adminKey, body: { state: 'resolved' } });
    assert.equal(patch.status, 400);
    assert.equal(patch.body.error.field, 'state');

    const many = await fetchJson(server.baseUrl, '/api/incidents', { key: server.adminKey, body: { title: '', serviceId: 7, urgency: 'MAX', priority: 'P9' } });
    assert.equal(many.status, 400);
    assert.deepEqual(many.body.error.details.map((d: { field: string }) => d.field).sort(), ['priority', 'serviceId', 'title', 'urgency']);
    for (const d of many.body.error.details) assert.equal(typeof d.message, 'string');

    const empty = await fetchJson(server.baseUrl, `/api/incidents/${incidentId}`, { method: 'PATCH', key: server.adminKey, body: {} });
    assert.equal(empty.status, 400, 'an empty PATCH is refused');
  });

  it('events: unknown fields are accepted (monitors send more than we know)', async () => {
    const body = {
      routing_key: server.routingKey, event_action: 'trigger', dedup_key: 'extra-fields', some_future_field: { x: 1 },
      payload: { summary: 'extra', source: 's', severity: 'info', another_one: true },
    };
    assert.equal((await fetchJson(server.baseUrl, '/api/events', { key: server.adminKey, body })).status, 202);
    assert.equal((await fetchJson(server.baseUrl, '/v2/enqueue', { body })).status, 202);
  });

  it('no body, or a JSON body that is not an object → 400 naming the body, never a 500', async () => {
    for (const route of bodyRoutes()) {
      const none = await fetchJson(server.baseUrl, route.path, { method: route.method, key: server.adminKey });
      assert.equal(none.status, 400, `${route.method} ${route.path} without body: ${none.text}`);
      if (!route.enqueue) assert.equal(none.body.error.field, 'body');
      for (const text of ['null', '[]', '"text"', '42', 'true']) {
        const res = await fetchJson(server.baseUrl, route.path, { method: route.method, key: server.adminKey, body: text });
        assert.equal(res.status, 400, `${route.method} ${route.path} ${text}: ${res.text}`);
      }
    }
  });

  it('a zoo of hostile bodies never yields a 5xx', async () => {
    const deep = (n: number): unknown => (n === 0 ? 'bottom' : { d: deep(n - 1) });
    const bodies: unknown[] = [
      {},
      { routing_key: 123, event_action: ['trigger'], dedup_key: { a: 1 }, payload: 'string' },
      { routing_key: server.routingKey, event_action: 'trigger', dedup_key: 'zoo', payload: { summary: 1, source: null, severity: {} } },
      { routing_key: server.routingKey, event_action: 'trigger', dedup_key: 'zoo', payload: { summary: 'x', source: 'y', severity: 'info', custom_details: deep(200) } },
      { routing_key: server.routingKey, event_action: 'trigger', dedup_key: 'zoo', payload: { summary: 'x', source: 'y', severity: 'info' }, links: 'nope', images: [1, 2] },
      { routing_key: server.routingKey, event_action: 'trigger', dedup_key: '\u0000\uffff😀', payload: { summary: '\ud800', source: 'y', severity: 'INFO' } },
      { title: 1e308, serviceId: -0, description: ['x'], status: 'OPEN' },
      { status: 'SNOOZED', snoozeMinutes: 1e12, snoozedUntil: 'tomorrow' },
      { status: 'SNOOZED', snoozeMinutes: -5 },
      { status: null, urgency: null, priority: 42, assigneeId: 12 },
      { text: { nested: true } },
      { name: 'x'.repeat(10_000), urgencyRule: 'sometimes', suppressionRules: [{ field: 'title', contains: '' }] },
      { name: 'k', scopes: ['root', 'admin'] },
      { name: 'k', scopes: [] },
    ];
    const raw = ['{"__proto__":{"admin":true}}', '{"constructor":{"prototype":{"polluted":1}}}', '\ufeff{"a":1}', '{"a":"\\ud800"}', '{"a":1e99999}',
      // Nesting deep enough to overflow a recursive walker.
      `{"routing_key":"x","payload":${'{"d":'.repeat(50_000)}1${'}'.repeat(50_000)}}`, '['.repeat(100_000) + ']'.repeat(100_000)];
    for (const route of bodyRoutes()) {
      for (const body of [...bodies, ...raw]) {
        const res = await fetchJson(server.baseUrl, route.path, { method: route.method, key: server.adminKey, body });
        assert.ok(res.status < 500, `${route.method} ${route.path} ${JSON.stringify(body).slice(0, 80)} → ${res.status} ${res.text.slice(0, 200)}`);
        if (res.status >= 400 && !route.enqueue) assert.equal(typeof res.body.error.code, 'string', res.text);
      }
    }
    assert.equal(({} as Record<string, unknown>).admin, undefined, 'no prototype pollution');
    // Malformed URLs and hostile query strings too.
    for (const path of ['/api/incidents/%E0%A4%A', '/api/incidents/%', '/api/%00', `/api/incidents/${'x'.repeat(5000)}`]) {
      const res = await rawRequest(server.baseUrl, path, { authorization: `Bearer ${server.adminKey}` });
      assert.ok(res.status >= 400 && res.status < 500, `${path.slice(0, 40)} → ${res.status} ${res.text.slice(0, 200)}`);
      // In the seeds' error shape too, not Fastify's own `{"error":"Bad Request","code":"FST_…"}`.
      assert.equal(typeof (JSON.parse(res.text) as { error: { code: unknown } }).error.code, 'string', `${path.slice(0, 40)} → ${res.text.slice(0, 200)}`);
    }
    for (const q of ['limit=1e3', 'limit=', 'status=', 'cursor=%00', 'urgency[]=x', 'q=%25%5F%5C', 'serviceId=%27%3B--', 'limit=50&limit=60']) {
      const res = await fetchJson(server.baseUrl, `/api/incidents?${q}`, { key: server.adminKey });
      assert.ok(res.status < 500, `?${q} → ${res.status} ${res.text}`);
    }
  });

  it('unknown routes and methods → 404 NOT_FOUND in the error shape; test hooks are absent without test mode', async () => {
    for (const [method, path] of [
      ['GET', '/api/nothing-here'], ['POST', '/api/incident'], ['GET', '/v2/enqueue'], ['PUT', '/api/incidents'],
      ['DELETE', `/api/incidents/${incidentId}`], ['POST', '/__test/clock/advance'], ['GET', '/v1/enqueue'],
    ] as const) {
      const res = await fetchJson(server.baseUrl, path, { method, key: server.adminKey, body: method === 'GET' ? undefined : { ms: 1000 } });
      assert.equal(res.status, 404, `${method} ${path}: ${res.text}`);
      assert.equal(res.body.error.code, 'NOT_FOUND');
    }
  });

  it('Host header: loopback names and IP literals pass; a foreign name (DNS rebinding) is refused', async () => {
    const port = new URL(server.baseUrl).port;
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, 'localhost', `[::1]:${port}`, `LOCALHOST:${port}`]) {
      const res = await rawRequest(server.baseUrl, '/healthz', { host });
      assert.equal(res.status, 200, `Host: ${host}`);
    }
    for (const host of [`evil.example:${port}`, 'attacker.com', `localhost.evil.example:${port}`]) {
      const res = await rawRequest(server.baseUrl, '/api/incidents', { host, authorization: `Bearer ${server.adminKey}` });
      assert.equal(res.status, 403, `Host: ${host}: ${res.text}`);
      assert.equal(JSON.parse(res.text).error.code, 'FORBIDDEN');
      const enqueue = await rawRequest(server.baseUrl, '/v2/enqueue', { host, 'content-type': 'application/json' }, 'POST',
        JSON.stringify({ routing_key: server.routingKey, event_action: 'trigger', dedup_key: 'rebind', payload: { summary: 's', source: 's', severity: 'info' } }));
      assert.equal(enqueue.status, 403, `enqueue with Host: ${host}`);
    }
    const list = await fetchJson(server.baseUrl, '/api/incidents?q=rebind', { key: server.adminKey });
    assert.equal(list.body.total, 0, 'a refused request changed nothing');
  });

  it('no CORS headers, not even for a preflight', async () => {
    const origin = 'http://evil.example';
    const get = await fetchJson(server.baseUrl, '/api/incidents', { key: server.adminKey, headers: { origin } });
    assert.equal(get.status, 200);
    assert.equal(get.headers.get('access-control-allow-origin'), null);
    const preflight = await fetch(new URL('/api/incidents', server.baseUrl), {
      method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization' },
    });
    await preflight.text();
    assert.equal(preflight.headers.get('access-control-allow-origin'), null);
    assert.ok(preflight.status >= 400, `preflight is not approved (got ${preflight.status})`);
  });
});
