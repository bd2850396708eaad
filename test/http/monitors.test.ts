// /api/monitors (issue 10 §1): the heartbeat and http bodies create monitors (a heartbeat with an
// unguessable push URL on this device), run by the creating device; settings change per field and stay valid;
// pause, resume and delete; admin to change, incidents:read to read; bad bodies are 400 in Klaxon's error shape.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, fetchJson, type TestServer } from '../support/server.ts';

describe('monitors API', () => {
  let server: TestServer;
  before(async () => { server = await startServer(); });
  after(async () => { await server?.close(); });

  const api = (urlPath: string, method: string, body?: unknown, key = server.adminKey) =>
    fetchJson(server.baseUrl, urlPath, { method, key, ...(body !== undefined ? { body } : {}) });
  const heartbeatBody = () => ({ name: 'nightly backup', type: 'heartbeat', intervalSeconds: 10, graceSeconds: 5, serviceId: server.serviceId });

  it('the issue\'s heartbeat body creates a monitor run by this device, with a push URL holding a long random token', async () => {
    const res = await api('/api/monitors', 'POST', heartbeatBody());
    assert.equal(res.status, 201, res.text);
    const m = res.body.monitor;
    assert.match(m.id, /^mon_/);
    assert.equal(m.name, 'nightly backup');
    assert.equal(m.type, 'heartbeat');
    assert.equal(m.intervalSeconds, 10);
    assert.equal(m.config.graceSeconds, 5);
    assert.equal(m.serviceId, server.serviceId);
    assert.equal(m.runnerDeviceId, server.klaxon.engine.deviceId);
    assert.equal(m.paused, false);
    const url = new URL(m.heartbeatUrl);
    assert.equal(url.origin, server.baseUrl);
    const token = url.pathname.replace('/api/heartbeats/', '');
    assert.match(token, /^[A-Za-z0-9_-]{43}$/, '256 random bits');
    const second = (await api('/api/monitors', 'POST', heartbeatBody())).body.monitor;
    assert.notEqual(second.heartbeatUrl, m.heartbeatUrl);
    const got = await api(`/api/monitors/${m.id}`, 'GET');
    assert.equal(got.status, 200, got.text);
    assert.deepEqual(got.body.monitor, m);
  });

  it('the issue\'s http body creates an http monitor with the defaults filled in and no push URL', async () => {
    const res = await api('/api/monitors', 'POST', { name: 'shop', type: 'http', url: 'http://127.0.0.1:8080/health', intervalSeconds: 10, timeoutSeconds: 5, serviceId: server.serviceId });
    assert.equal(res.status, 201, res.text);
    const m = res.body.monitor;
    assert.equal(m.heartbeatUrl, undefined);
    assert.equal(m.config.method, 'GET');
    assert.deepEqual(m.config.expectedStatus, ['200-299']);
    assert.equal(m.config.timeoutSeconds, 5);
    const tcp = await api('/api/monitors', 'POST', { name: 'db', type: 'tcp', host: '127.0.0.1', port: 5432, intervalSeconds: 30, serviceId: server.serviceId });
    assert.equal(tcp.status, 201, tcp.text);
    const names = (await api('/api/monitors', 'GET')).body.monitors.map((x: { name: string }) => x.name);
    assert.ok(names.includes('shop') && names.includes('db'));
  });

  it('refuses an interval under 10 s, an unknown kind, an unknown service and a missing url with 400 naming the field', async () => {
    const short = await api('/api/monitors', 'POST', { ...heartbeatBody(), intervalSeconds: 5 });
    assert.equal(short.status, 400, short.text);
    assert.equal(short.body.error.code, 'VALIDATION_FAILED');
    assert.match(JSON.stringify(short.body.error), /intervalSeconds/);
    assert.equal((await api('/api/monitors', 'POST', { ...heartbeatBody(), type: 'ping' })).status, 400);
    const svc = await api('/api/monitors', 'POST', { ...heartbeatBody(), serviceId: 'svc_nope' });
    assert.equal(svc.status, 400, svc.text);
    assert.equal(svc.body.error.code, 'INVALID_SERVICE');
    const noUrl = await api('/api/monitors', 'POST', { name: 'x', type: 'http', intervalSeconds: 10, serviceId: server.serviceId });
    assert.equal(noUrl.status, 400, noUrl.text);
    assert.match(JSON.stringify(noUrl.body.error), /url/);
    const nowhere = await api('/api/monitors', 'POST', { ...heartbeatBody(), runnerDeviceId: 'dev-that-is-not-in-the-team' });
    assert.equal(nowhere.status, 400, nowhere.text);
    assert.equal(nowhere.body.error.field, 'runnerDeviceId');
  });

  it('PATCH changes settings per field, keeps the kind and refuses a change that would make it invalid', async () => {
    const m = (await api('/api/monitors', 'POST', heartbeatBody())).body.monitor;
    const changed = await api(`/api/monitors/${m.id}`, 'PATCH', { graceSeconds: 60, name: 'backup' });
    assert.equal(changed.status, 200, changed.text);
    assert.equal(changed.body.monitor.config.graceSeconds, 60);
    assert.equal(changed.body.monitor.name, 'backup');
    assert.equal(changed.body.monitor.intervalSeconds, 10);
    assert.equal(changed.body.monitor.heartbeatUrl, m.heartbeatUrl, 'the push URL stays');
    const bad = await api(`/api/monitors/${m.id}`, 'PATCH', { intervalSeconds: 3 });
    assert.equal(bad.status, 400, bad.text);
    assert.equal(bad.body.error.field, 'intervalSeconds');
    assert.equal((await api(`/api/monitors/${m.id}`, 'PATCH', { type: 'http' })).status, 400);
    assert.equal((await api(`/api/monitors/${m.id}`, 'GET')).body.monitor.intervalSeconds, 10);
  });

  it('pause, resume and delete; a deleted monitor is gone from the list and its id answers 404', async () => {
    const m = (await api('/api/monitors', 'POST', heartbeatBody())).body.monitor;
    assert.equal((await api(`/api/monitors/${m.id}`, 'PATCH', { paused: true })).body.monitor.paused, true);
    assert.equal((await api(`/api/monitors/${m.id}`, 'GET')).body.monitor.paused, true);
    assert.equal((await api(`/api/monitors/${m.id}`, 'PATCH', { paused: 'yes' })).status, 400);
    assert.equal((await api(`/api/monitors/${m.id}`, 'PATCH', { paused: false })).body.monitor.paused, false);
    const del = await api(`/api/monitors/${m.id}`, 'DELETE');
    assert.equal(del.status, 200, del.text);
    assert.equal((await api(`/api/monitors/${m.id}`, 'GET')).status, 404);
    assert.ok(!(await api('/api/monitors', 'GET')).body.monitors.some((x: { id: string }) => x.id === m.id));
    assert.equal((await api(`/api/monitors/${m.id}`, 'PATCH', { paused: true })).status, 404);
  });

  it('reading needs incidents:read, changing needs admin', async () => {
    const reader = await server.createKey(['incidents:read']);
    assert.equal((await api('/api/monitors', 'GET', undefined, reader.key)).status, 200);
    assert.equal((await api('/api/monitors', 'POST', heartbeatBody(), reader.key)).status, 403);
    const writer = await server.createKey(['incidents:write', 'events:write']);
    assert.equal((await api('/api/monitors', 'POST', heartbeatBody(), writer.key)).status, 403);
    assert.equal((await fetchJson(server.baseUrl, '/api/monitors')).status, 401);
  });
});
