// Seed 002 (status-page incidents): its create, update and scheduled-maintenance examples, as written, against a real
// server. Seed 002 creates without a serviceId (seed 001 requires one): Klaxon files such an incident under the
// default service.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, fetchJson, type TestServer } from '../support/server.ts';
import { curlExamples, jsonExamples } from './seed-examples.ts';

const SEED_002 = 'seed-002-status-updates.md';

describe('seed 002 examples, as written', () => {
  let server: TestServer;
  before(async () => { server = await startServer(); });
  after(async () => { await server?.close(); });

  const send = (method: string, path: string, data: string | undefined) => fetchJson(server.baseUrl, path, {
    method, body: data, headers: { authorization: `Bearer ${server.adminKey}`, 'content-type': 'application/json' },
  });

  it('creates an incident with a status, impact and first message, then posts an update to it', async () => {
    const [create, update] = curlExamples(SEED_002);
    assert.ok(create && update, 'seed 002 has two curl examples');
    assert.equal(create.url.pathname, '/api/incidents');
    const created = await send(create.method, create.url.pathname, create.data);
    assert.equal(created.status, 201, JSON.stringify(created.body));
    assert.equal(created.body.title, 'API Latency Issues');
    assert.equal(created.body.progress, 'investigating');
    assert.equal(created.body.impact, 'minor');
    assert.equal(created.body.serviceId, server.serviceId);

    const path = update.url.pathname.replace('/123/', `/${created.body.id as string}/`);
    const updated = await send(update.method, path, update.data);
    assert.ok(updated.status === 200 || updated.status === 201, JSON.stringify(updated.body));
    const detail = await fetchJson(server.baseUrl, `/api/incidents/${created.body.id as string}`, { headers: { authorization: `Bearer ${server.adminKey}` } });
    assert.equal(detail.body.progress, 'identified');
    const messages = (detail.body.timeline as { kind: string; message: string }[]).filter((e) => e.kind === 'status_update').map((e) => e.message);
    assert.deepEqual(messages, ['We are investigating increased API response times.', 'Root cause identified. Working on a fix.']);
  });

  it('its scheduled-maintenance body, as written, schedules a maintenance window', async () => {
    const maintenance = jsonExamples(SEED_002).find((b) => (b.value as { scheduledStart?: string }).scheduledStart);
    assert.ok(maintenance);
    const created = await send('POST', '/api/maintenance', JSON.stringify(maintenance.value));
    assert.equal(created.status, 201, JSON.stringify(created.body));
    assert.match(created.body.id as string, /^mnt_/);
    assert.equal(created.body.title, 'Database Maintenance');
    assert.equal(created.body.scheduledStart, '2024-01-15T02:00:00.000Z');
    assert.equal(created.body.scheduledEnd, '2024-01-15T04:00:00.000Z');
    assert.equal(created.body.impact, 'minor');
    assert.equal(created.body.message, 'Scheduled database maintenance. Expect brief interruptions.');
    // Its dates are in the past: the window is over, and listed with the completed ones, not the coming ones.
    assert.equal(created.body.status, 'completed');
    const auth = { headers: { authorization: `Bearer ${server.adminKey}` } };
    const coming = await fetchJson(server.baseUrl, '/api/maintenance', auth);
    assert.deepEqual((coming.body.maintenance as unknown[]).length, 0);
    const done = await fetchJson(server.baseUrl, '/api/maintenance?status=completed', auth);
    assert.deepEqual((done.body.maintenance as { id: string }[]).map((m) => m.id), [created.body.id]);
  });

  it('a maintenance window must end after it starts, and is not an incident', async () => {
    const bad = await send('POST', '/api/maintenance', JSON.stringify({ title: 'Backwards', scheduledStart: '2030-01-15T04:00:00Z', scheduledEnd: '2030-01-15T02:00:00Z' }));
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error.code, 'VALIDATION_FAILED');
    assert.equal(bad.body.error.field, 'scheduledEnd');
    const maintenance = jsonExamples(SEED_002).find((b) => (b.value as { scheduledStart?: string }).scheduledStart);
    const asIncident = await send('POST', '/api/incidents', JSON.stringify(maintenance!.value));
    assert.equal(asIncident.status, 400);
    assert.match(JSON.stringify(asIncident.body.error), /scheduledStart/);
  });
});
