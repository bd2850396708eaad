// Every example of seeds 000, 001 and 003, run as written against a real server on 127.0.0.1: the same methods,
// paths, query strings, headers and JSON bodies. Only the host, the API key, the routing key and the placeholder
// ids (inc_abc123, svc_xyz) are replaced by real ones.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { startServer, fetchJson, type TestServer } from '../support/server.ts';
import { curlExamples, jsonExamples, readSeed, FIXTURES, type CurlExample } from './seed-examples.ts';

const SEED_000 = 'seed-000-incidents.md';
const SEED_001 = 'seed-001-incidents-api.md';
const SEED_003 = 'seed-003-events-api.md';

interface Substitutions { apiKey: string; routingKey?: string; incidentId?: string }

/** Sends a seed's curl example to the test server, replacing only host, credentials and placeholder ids. */
async function runCurl(server: TestServer, ex: CurlExample, subs: Substitutions) {
  const url = new URL(ex.url.pathname.replace('inc_abc123', subs.incidentId ?? 'inc_abc123') + ex.url.search, server.baseUrl);
  const headers = { ...ex.headers };
  assert.equal(headers.authorization, 'Bearer YOUR_API_KEY', 'seed examples authenticate with a Bearer key');
  headers.authorization = `Bearer ${subs.apiKey}`;
  let body = ex.data;
  if (body !== undefined && subs.routingKey) {
    const placeholder = (JSON.parse(body) as { routing_key: string }).routing_key;
    body = body.replace(`"${placeholder}"`, JSON.stringify(subs.routingKey));
  }
  return fetchJson(server.baseUrl, url.pathname + url.search, { method: ex.method, headers, body });
}

const byHeading = (examples: CurlExample[], heading: string): CurlExample => {
  const ex = examples.find((e) => e.heading === heading);
  assert.ok(ex, `seed has a curl example under "${heading}"`);
  return ex;
};

const jsonBlock = (seed: string, heading: string): unknown => {
  const block = jsonExamples(seed).find((b) => b.heading === heading);
  assert.ok(block, `seed ${seed} has a JSON block under "${heading}"`);
  return block.value;
};

describe('seed examples, as written', () => {
  let server: TestServer;
  before(async () => { server = await startServer(); });
  after(async () => { await server?.close(); });

  it('the fixtures are the seeds verbatim', (t) => {
    const shared = path.resolve(FIXTURES, '../../../../shared/seeds');
    if (!existsSync(shared)) {
      // Without the shared folder beside the repo, the fixtures are the only copy; still make sure they hold examples.
      assert.ok(curlExamples(SEED_003).length >= 3);
      return;
    }
    const files = readdirSync(shared);
    for (const [fixture, prefix] of [[SEED_000, '000_'], [SEED_001, '001_'], [SEED_003, '003_']] as const) {
      const original = files.find((f) => f.startsWith(prefix));
      assert.ok(original, `shared/seeds has ${prefix}*`);
      assert.equal(readSeed(fixture), readFileSync(path.join(shared, original), 'utf8'), `${fixture} matches shared/seeds/${original}`);
    }
    t.diagnostic(`compared with ${shared}`);
  });

  it('seed 000: trigger, acknowledge and resolve by dedup_key', async () => {
    const examples = curlExamples(SEED_000);
    assert.deepEqual(examples.map((e) => e.heading), ['Via API', 'Acknowledge', 'Resolve']);
    const subs = { apiKey: server.adminKey, routingKey: server.routingKey };

    const trigger = await runCurl(server, byHeading(examples, 'Via API'), subs);
    assert.equal(trigger.status, 202, trigger.text);
    assert.equal(trigger.body.status, 'success');
    assert.equal(trigger.body.message, 'Event processed');
    assert.equal(trigger.body.dedup_key, 'cpu-high');
    assert.match(trigger.body.incident_key, /^inc_/);
    const id = trigger.body.incident_key as string;

    const opened = await fetchJson(server.baseUrl, `/api/incidents/${id}`, { key: server.adminKey });
    assert.equal(opened.status, 200);
    assert.equal(opened.body.title, 'CPU usage above 90%');
    assert.equal(opened.body.source, 'prometheus');
    assert.equal(opened.body.severity, 'warning');
    assert.equal(opened.body.urgency, 'LOW', 'warning severity → LOW urgency');
    assert.equal(opened.body.status, 'triggered');
    assert.equal(opened.body.dedupKey, 'cpu-high');

    const ack = await runCurl(server, byHeading(examples, 'Acknowledge'), subs);
    assert.equal(ack.status, 202, ack.text);
    assert.deepEqual(ack.body, { status: 'success', message: 'Event processed', dedup_key: 'cpu-high', incident_key: id });
    assert.equal((await fetchJson(server.baseUrl, `/api/incidents/${id}`, { key: server.adminKey })).body.status, 'acknowledged');

    const resolve = await runCurl(server, byHeading(examples, 'Resolve'), subs);
    assert.equal(resolve.status, 202, resolve.text);
    assert.deepEqual(resolve.body, { status: 'success', message: 'Event processed', dedup_key: 'cpu-high', incident_key: id });
    const resolved = await fetchJson(server.baseUrl, `/api/incidents/${id}`, { key: server.adminKey });
    assert.equal(resolved.body.status, 'resolved');
    assert.deepEqual(resolved.body.timeline.map((e: { kind: string }) => e.kind).filter((k: string) => ['triggered', 'acknowledged', 'resolved'].includes(k)),
      ['triggered', 'acknowledged', 'resolved']);
  });

  it('seed 003: the trigger/acknowledge/resolve examples answer with the success body as written', async () => {
    const examples = curlExamples(SEED_003);
    assert.deepEqual(examples.map((e) => e.heading), ['Trigger', 'Acknowledge', 'Resolve']);
    const success = jsonBlock(SEED_003, 'Success') as Record<string, unknown>;
    const subs = { apiKey: server.adminKey, routingKey: server.routingKey };

    let id: string | undefined;
    for (const [heading, status] of [['Trigger', 'triggered'], ['Acknowledge', 'acknowledged'], ['Resolve', 'resolved']] as const) {
      const res = await runCurl(server, byHeading(examples, heading), subs);
      assert.equal(res.status, 202, `${heading}: ${res.text}`);
      assert.deepEqual(Object.keys(res.body).sort(), Object.keys(success).sort(), 'same fields as the seed\'s success body');
      assert.equal(res.body.status, success.status);
      assert.equal(res.body.message, success.message);
      assert.equal(res.body.dedup_key, 'server-cpu-high');
      id ??= res.body.incident_key;
      assert.equal(res.body.incident_key, id, 'acknowledge and resolve name the incident the trigger opened');
      const incident = await fetchJson(server.baseUrl, `/api/incidents/${id}`, { key: server.adminKey });
      assert.equal(incident.body.status, status);
      if (heading === 'Trigger') {
        assert.equal(incident.body.urgency, 'HIGH', 'critical severity → HIGH urgency');
        assert.equal(incident.body.title, 'CPU usage above 90%');
      }
    }
  });

  it('seed 003: the request-body example (with custom_details) is accepted and kept', async () => {
    const example = jsonBlock(SEED_003, 'Request Body') as { routing_key: string; dedup_key: string };
    const res = await fetchJson(server.baseUrl, '/api/events', {
      key: server.adminKey, body: { ...example, routing_key: server.routingKey },
    });
    assert.equal(res.status, 202, res.text);
    assert.equal(res.body.dedup_key, 'unique-alert-id');
    const incident = await fetchJson(server.baseUrl, `/api/incidents/${res.body.incident_key}`, { key: server.adminKey });
    assert.equal(incident.body.title, 'Brief description of the issue');
    assert.equal(incident.body.source, 'monitoring-system');
    assert.deepEqual(incident.body.customDetails, { key: 'value' });
  });

  it('seed 003: an unknown routing key answers the error example as written', async () => {
    const expected = jsonBlock(SEED_003, 'Error') as { error: { code: string; message: string } };
    const trigger = byHeading(curlExamples(SEED_003), 'Trigger');
    // The seed's own routing key ("abc123") names no service here: exactly the seed's error case.
    const res = await runCurl(server, trigger, { apiKey: server.adminKey });
    assert.equal(res.status, 400, res.text);
    assert.equal(res.body.error.code, expected.error.code);
    assert.equal(res.body.error.message, expected.error.message);
  });

  it('seed 003: service_id works as the alternative to routing_key', async () => {
    const res = await fetchJson(server.baseUrl, '/api/events', {
      key: server.adminKey,
      body: { service_id: server.serviceId, event_action: 'trigger', dedup_key: 'by-service-id', payload: { summary: 'Disk full', source: 'node', severity: 'error' } },
    });
    assert.equal(res.status, 202, res.text);
    const incident = await fetchJson(server.baseUrl, `/api/incidents/${res.body.incident_key}`, { key: server.adminKey });
    assert.equal(incident.body.serviceId, server.serviceId);
  });

  it('seed 001: create, list (limit=25&status=triggered), get and patch as written', async () => {
    const examples = curlExamples(SEED_001);
    assert.deepEqual(examples.map((e) => `${e.method} ${e.url.pathname}${e.url.search}`), [
      'GET /api/incidents?limit=25&status=triggered',
      'GET /api/incidents/inc_abc123',
      'PATCH /api/incidents/inc_abc123',
    ]);

    // Create Incident's request body, as written (only svc_xyz replaced).
    const createBody = jsonBlock(SEED_001, 'Request Body') as Record<string, unknown>;
    assert.equal(createBody.serviceId, 'svc_xyz');
    const created = await fetchJson(server.baseUrl, '/api/incidents', { key: server.adminKey, body: { ...createBody, serviceId: server.serviceId } });
    assert.equal(created.status, 201, created.text);
    assert.match(created.body.id, /^inc_/);
    assert.equal(created.body.title, 'Manual incident');
    assert.equal(created.body.description, 'Details about the incident');
    assert.equal(created.body.urgency, 'HIGH');
    assert.equal(created.body.priority, 'P1');
    assert.equal(created.body.status, 'triggered');
    const id = created.body.id as string;

    const list = await runCurl(server, examples[0]!, { apiKey: server.adminKey });
    assert.equal(list.status, 200, list.text);
    const sample = (jsonBlock(SEED_001, 'Response') as { incidents: Record<string, unknown>[]; total: number });
    assert.equal(typeof list.body.total, 'number');
    assert.ok(list.body.incidents.length <= 25);
    assert.ok(list.body.incidents.some((i: { id: string }) => i.id === id), 'the new incident is listed');
    for (const incident of list.body.incidents) {
      assert.equal(incident.status, 'triggered', 'status=triggered filters');
      for (const [field, value] of Object.entries(sample.incidents[0]!)) {
        assert.ok(field in incident, `listed incidents have the seed's field ${field}`);
        if (value !== null) assert.equal(typeof incident[field], typeof value, `${field} has the seed's type`);
      }
      assert.deepEqual(Object.keys(incident.service).sort(), ['id', 'name']);
      assert.match(incident.createdAt, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);
      assert.match(incident.urgency, /^(HIGH|LOW)$/);
    }
    const mine = list.body.incidents.find((i: { id: string }) => i.id === id);
    assert.equal(mine.assignee, null);
    assert.deepEqual(mine.service, { id: server.serviceId, name: 'Test service' });

    const get = await runCurl(server, examples[1]!, { apiKey: server.adminKey, incidentId: id });
    assert.equal(get.status, 200, get.text);
    assert.equal(get.body.id, id);
    assert.ok(Array.isArray(get.body.timeline) && get.body.timeline.length >= 1, 'the incident comes with its timeline');

    const patch = await runCurl(server, examples[2]!, { apiKey: server.adminKey, incidentId: id });
    assert.equal(patch.status, 200, patch.text);
    assert.equal(patch.body.status, 'acknowledged');

    // Update Incident's request body, as written: lower-case status and an assignee.
    // (Seed 001 has two "Request Body" blocks: Create Incident's, then Update Incident's.)
    const updateBody = jsonExamples(SEED_001).filter((b) => b.heading === 'Request Body')[1]?.value;
    assert.deepEqual(updateBody, { status: 'acknowledged', assigneeId: 'user_123' });
    const assigned = await fetchJson(server.baseUrl, `/api/incidents/${id}`, { method: 'PATCH', key: server.adminKey, body: updateBody });
    assert.equal(assigned.status, 200, assigned.text);
    assert.deepEqual(assigned.body.assignee, { id: 'user_123' });
    assert.equal(assigned.body.status, 'acknowledged');

    // The list no longer shows it under status=triggered.
    const after = await runCurl(server, examples[0]!, { apiKey: server.adminKey });
    assert.ok(!after.body.incidents.some((i: { id: string }) => i.id === id));
  });

  it('seed 001: serviceId filters the list', async () => {
    const other = await fetchJson(server.baseUrl, '/api/services', { key: server.adminKey, body: { name: 'API Gateway' } });
    assert.equal(other.status, 201, other.text);
    const created = await fetchJson(server.baseUrl, '/api/incidents', { key: server.adminKey, body: { title: 'Database timeout', serviceId: other.body.id } });
    assert.equal(created.status, 201, created.text);
    const list = await fetchJson(server.baseUrl, `/api/incidents?serviceId=${other.body.id}`, { key: server.adminKey });
    assert.equal(list.status, 200);
    assert.deepEqual(list.body.incidents.map((i: { id: string }) => i.id), [created.body.id]);
    assert.equal(list.body.total, 1);
    assert.deepEqual(list.body.incidents[0].service, { id: other.body.id, name: 'API Gateway' });
  });
});
