// GET /api/openapi.json: lists every API route, each with the schemas that really validate it (generated from the
// shared zod schemas), and lists nothing the server does not serve.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, fetchJson, type TestServer } from '../support/server.ts';

/** A JSON document read by the assertions below (OpenAPI objects are deeply dynamic). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

const ROUTES = [
  'POST /api/events', 'POST /v2/enqueue', 'POST /generic/2010-04-15/create_event.json', 'POST /v2/change/enqueue',
  'POST /nagios/2010-04-15/create_event', 'GET /api/changes',
  'GET /api/incidents', 'POST /api/incidents', 'GET /api/incidents/{id}', 'PATCH /api/incidents/{id}',
  'POST /api/incidents/{id}/updates', 'POST /api/incidents/{id}/notes',
  'GET /api/services', 'POST /api/services', 'PATCH /api/services/{id}',
  'GET /api/keys', 'POST /api/keys', 'DELETE /api/keys/{id}',
  'GET /api/webhooks', 'POST /api/webhooks', 'GET /api/webhooks/{id}', 'PATCH /api/webhooks/{id}', 'DELETE /api/webhooks/{id}',
  'GET /api/webhooks/{id}/deliveries', 'POST /api/webhooks/{id}/test', 'POST /api/webhooks/deliveries/{id}/retry',
  'GET /api/local-actions', 'POST /api/local-actions', 'PATCH /api/local-actions/{id}', 'DELETE /api/local-actions/{id}',
  'GET /api/local-actions/{id}/runs', 'POST /api/local-actions/{id}/test', 'POST /api/local-actions/runs/{id}/retry',
  'GET /api/status-pages/{id}/subscribers', 'POST /api/status-pages/{id}/subscribers', 'DELETE /api/status-pages/{id}/subscribers/{subscriberId}',
  'GET /api/sessions', 'DELETE /api/sessions/{id}',
  'GET /api/maintenance', 'POST /api/maintenance', 'GET /api/maintenance/{id}', 'DELETE /api/maintenance/{id}',
  'GET /api/monitors', 'POST /api/monitors', 'GET /api/monitors/{id}', 'PATCH /api/monitors/{id}', 'DELETE /api/monitors/{id}', 'GET /api/monitors/{id}/results',
  'GET /api/status-pages', 'POST /api/status-pages', 'GET /api/status-pages/{id}', 'PATCH /api/status-pages/{id}', 'DELETE /api/status-pages/{id}',
  'POST /api/status-pages/{id}/incidents', 'DELETE /api/status-pages/{id}/incidents/{incidentId}',
  'GET /api/heartbeats/{token}', 'POST /api/heartbeats/{token}',
  'GET /api/team', 'POST /api/team', 'GET /api/team/invites', 'POST /api/team/invites', 'DELETE /api/team/invites/{id}',
  'POST /api/team/join', 'POST /api/team/devices/{id}/revoke', 'POST /api/team/peers', 'GET /api/users', 'POST /api/users',
  'GET /api/schedules', 'POST /api/schedules', 'GET /api/schedules/{id}', 'PATCH /api/schedules/{id}', 'DELETE /api/schedules/{id}',
  'GET /api/schedules/{id}/shifts', 'POST /api/schedules/{id}/overrides', 'DELETE /api/schedules/{id}/overrides/{overrideId}', 'GET /api/oncall',
  'GET /api/escalation-policies', 'POST /api/escalation-policies', 'GET /api/escalation-policies/{id}', 'PATCH /api/escalation-policies/{id}',
  'DELETE /api/escalation-policies/{id}', 'POST /api/incidents/{id}/escalate',
  'GET /api/reports', 'GET /api/reports.csv', 'POST /api/calendar-feeds', 'GET /api/schedules/{id}/calendar.ics', 'GET /api/users/{id}/calendar.ics',
  'GET /api/openapi.json', 'GET /healthz', 'GET /metrics',
];

describe('OpenAPI document', () => {
  let server: TestServer;
  let doc: Json;
  before(async () => {
    server = await startServer();
    const res = await fetchJson(server.baseUrl, '/api/openapi.json');
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /application\/json/);
    doc = res.body;
  });
  after(async () => { await server?.close(); });

  const operations = () => Object.entries(doc.paths as Record<string, Record<string, Json>>)
    .flatMap(([path, ops]) => Object.entries(ops).map(([method, op]) => ({ key: `${method.toUpperCase()} ${path}`, path, method, op })));

  it('is OpenAPI 3.1 and lists every route, and only those', () => {
    assert.equal(doc.openapi, '3.1.0');
    assert.equal(typeof doc.info.version, 'string');
    assert.deepEqual(operations().map((o) => o.key).sort(), [...ROUTES].sort());
  });

  it('every listed route is served by the server', () => {
    for (const { path, method } of operations()) {
      const url = path.replace(/\{(\w+)\}/g, ':$1');
      assert.ok(server.klaxon.receiver.app.hasRoute({ method: method.toUpperCase() as 'GET', url }), `${method} ${url} is a route`);
    }
  });

  it('each operation names its access, its answers, and (for writes) a JSON request body', () => {
    for (const { key, op } of operations()) {
      assert.ok(op.summary, `${key} has a summary`);
      assert.ok(Object.keys(op.responses).length > 0, `${key} documents its answers`);
      assert.ok(['public', 'routing-key', 'feed-token', 'events:write', 'incidents:read', 'incidents:write', 'metrics:read', 'admin'].includes(op['x-klaxon-access']), key);
      if (['events:write', 'incidents:read', 'incidents:write', 'admin'].includes(op['x-klaxon-access'])) {
        assert.deepEqual(op.security, [{ bearerKey: [op['x-klaxon-access']] }], `${key} needs a Bearer key`);
      }
      // The metrics.public setting may open it: the key, or nothing.
      if (op['x-klaxon-access'] === 'metrics:read') assert.deepEqual(op.security, [{ bearerKey: ['metrics:read'] }, {}], key);
      // Calendar apps cannot send headers: a feed's token is in its URL.
      if (op['x-klaxon-access'] === 'feed-token') assert.deepEqual(op.security, [{ feedToken: [] }], key);
      const hasBody = key.startsWith('POST') || key.startsWith('PATCH');
      assert.equal(Boolean(op.requestBody), hasBody, `${key} request body`);
      // A body of several kinds (a monitor: http, tcp or heartbeat) is one of some objects.
      const schema = op.requestBody?.content['application/json'].schema;
      if (hasBody) assert.deepEqual([...new Set((schema.oneOf ?? schema.anyOf ?? [schema]).map((s: Json) => s.type))], ['object'], key);
    }
    assert.equal(doc.components.securitySchemes.bearerKey.scheme, 'bearer');
    assert.deepEqual([doc.components.securitySchemes.feedToken.in, doc.components.securitySchemes.feedToken.name], ['query', 'token']);
  });

  it('the schemas are the ones that validate: fields, required fields, enums and limits', () => {
    const body = (key: string) => operations().find((o) => o.key === key)!.op.requestBody.content['application/json'].schema;
    const create = body('POST /api/incidents');
    // serviceId is optional: seed 002 creates without one (the default service takes it); seed 001's bodies send it.
    assert.deepEqual([...create.required].sort(), ['title']);
    for (const f of ['title', 'serviceId', 'description', 'urgency', 'priority']) assert.ok(f in create.properties, `CreateIncident.${f}`);
    assert.deepEqual(create.properties.urgency.enum, ['HIGH', 'LOW']);

    const event = body('POST /api/events');
    assert.equal(event.properties.dedup_key.maxLength, 255);
    assert.equal(event.properties.payload.properties.summary.maxLength, 1024);
    assert.deepEqual(event.properties.payload.properties.severity.enum, ['critical', 'error', 'warning', 'info']);
    assert.deepEqual(event.properties.event_action.enum, ['trigger', 'acknowledge', 'resolve']);
    assert.ok('routing_key' in body('POST /v2/enqueue').properties);

    const list = operations().find((o) => o.key === 'GET /api/incidents')!.op;
    const params = Object.fromEntries(list.parameters.map((p: { name: string; in: string; schema: Json }) => [p.name, p]));
    assert.deepEqual(Object.keys(params).sort(), ['counts', 'cursor', 'limit', 'offset', 'order', 'q', 'serviceId', 'status', 'urgency']);
    assert.deepEqual(params.order.schema.enum, ['newest', 'queue']);
    assert.equal(params.q.schema.maxLength, 1024);
    assert.equal(params.limit.in, 'query');
    assert.equal(params.limit.schema.maximum, 200);
    assert.equal(params.limit.schema.default, 50);
    const listAnswer = list.responses['200'].content['application/json'].schema;
    for (const f of ['incidents', 'total', 'nextCursor', 'counts', 'nextStatusChangeAt']) assert.ok(f in listAnswer.properties, f);

    const get = operations().find((o) => o.key === 'GET /api/incidents/{id}')!.op;
    assert.deepEqual(get.parameters.map((p: { name: string; in: string; required: boolean }) => [p.name, p.in, p.required]), [['id', 'path', true]]);
    assert.ok('timeline' in get.responses['200'].content['application/json'].schema.properties);
  });
});
