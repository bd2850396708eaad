// Admin routes: services (a new service's routing key works at once; its urgency rule applies) and API keys
// (created with scopes, the secret shown once, never listed; revoking stops it at once).
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, fetchJson, type TestServer } from '../support/server.ts';

describe('admin routes', () => {
  let server: TestServer;
  before(async () => { server = await startServer(); });
  after(async () => { await server?.close(); });

  const admin = (path: string, method = 'GET', body?: unknown) => fetchJson(server.baseUrl, path, { method, body, key: server.adminKey });
  const infoEvent = (routingKey: string, dedupKey: string) => ({
    routing_key: routingKey, event_action: 'trigger', dedup_key: dedupKey, payload: { summary: dedupKey, source: 'admin-test', severity: 'info' },
  });

  it('a new service gets a routing key that works at once, and its urgency rule applies', async () => {
    const created = await admin('/api/services', 'POST', { name: 'Payments' });
    assert.equal(created.status, 201, created.text);
    assert.match(created.body.id, /^svc_/);
    assert.equal(created.body.name, 'Payments');
    assert.equal(created.body.urgencyRule, 'severity');
    const routingKey = created.body.routingKey as string;
    assert.ok(routingKey.length >= 16);
    assert.notEqual(routingKey, server.routingKey);

    const listed = await admin('/api/services');
    assert.ok(listed.body.services.some((s: { id: string }) => s.id === created.body.id));

    const low = await fetchJson(server.baseUrl, '/v2/enqueue', { body: infoEvent(routingKey, 'payments-info-1') });
    assert.equal(low.status, 202);
    const patched = await admin(`/api/services/${created.body.id}`, 'PATCH', { urgencyRule: 'high', name: 'Payments (prod)' });
    assert.equal(patched.status, 200, patched.text);
    assert.equal(patched.body.urgencyRule, 'high');
    assert.equal(patched.body.name, 'Payments (prod)');
    assert.equal((await fetchJson(server.baseUrl, '/v2/enqueue', { body: infoEvent(routingKey, 'payments-info-2') })).status, 202);

    const incidents = (await admin(`/api/incidents?serviceId=${created.body.id}`)).body.incidents as { dedupKey: string; urgency: string; service: { name: string } }[];
    const byKey = Object.fromEntries(incidents.map((i) => [i.dedupKey, i]));
    assert.equal(byKey['payments-info-1']!.urgency, 'LOW', 'info → LOW under the severity rule');
    assert.equal(byKey['payments-info-2']!.urgency, 'HIGH', 'always HIGH once the rule says so');
    assert.equal(byKey['payments-info-2']!.service.name, 'Payments (prod)');

    const missing = await admin('/api/services/svc_nope', 'PATCH', { name: 'x' });
    assert.equal(missing.status, 404);
    assert.equal(missing.body.error.code, 'NOT_FOUND');
    const badRule = await admin(`/api/services/${created.body.id}`, 'PATCH', { urgencyRule: 'sometimes' });
    assert.equal(badRule.status, 400);
    assert.equal(badRule.body.error.field, 'urgencyRule');
  });

  it('a key is shown once with its scopes, listed without its secret, and refused once revoked', async () => {
    const created = await admin('/api/keys', 'POST', { name: 'grafana', scopes: ['events:write'] });
    assert.equal(created.status, 201, created.text);
    assert.deepEqual(created.body.scopes, ['events:write']);
    const secret = created.body.key as string;
    assert.ok(secret.startsWith(created.body.prefix), 'the prefix tells keys apart');

    const listed = await admin('/api/keys');
    assert.equal(listed.status, 200);
    const entry = listed.body.keys.find((k: { id: string }) => k.id === created.body.id);
    assert.equal(entry.name, 'grafana');
    assert.ok(!('key' in entry), 'the secret is never listed');
    assert.ok(!listed.text.includes(secret), 'the secret appears nowhere in the listing');

    const event = { ...infoEvent(server.routingKey, 'with-new-key') };
    assert.equal((await fetchJson(server.baseUrl, '/api/events', { key: secret, body: event })).status, 202);
    assert.equal((await fetchJson(server.baseUrl, '/api/incidents', { key: secret })).status, 403, 'only the scopes it was given');

    const revoked = await admin(`/api/keys/${created.body.id}`, 'DELETE');
    assert.equal(revoked.status, 200);
    assert.ok(revoked.body.revokedAt);
    const after = await fetchJson(server.baseUrl, '/api/events', { key: secret, body: event });
    assert.equal(after.status, 401, 'a revoked key stops working at once');

    assert.equal((await admin('/api/keys/key_nope', 'DELETE')).status, 404);
    const badScope = await admin('/api/keys', 'POST', { name: 'x', scopes: ['root'] });
    assert.equal(badScope.status, 400);
    assert.match(badScope.body.error.field, /^scopes/);
  });
});
