// The auth matrix: every key-protected route × {no key, bad key, revoked key, key without the scope} is refused
// with 401/401/401/403 in the error shape; a key with exactly the scope (or admin) gets through. The routes come
// from the served OpenAPI document, checked against the list the seeds and the issue require.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, fetchJson, type TestServer, type JsonResponse } from '../support/server.ts';
import type { Scope } from '../../src-shared/schemas/common.ts';
import { SCOPES } from '../../src-shared/schemas/common.ts';

interface ProtectedRoute { method: string; path: string; scope: Scope }

const EXPECTED: string[] = [
  'POST /api/events events:write',
  'GET /api/incidents incidents:read',
  'GET /api/incidents/{id} incidents:read',
  'POST /api/incidents incidents:write',
  'PATCH /api/incidents/{id} incidents:write',
  'POST /api/incidents/{id}/updates incidents:write',
  'POST /api/incidents/{id}/notes incidents:write',
  'GET /api/services admin',
  'POST /api/services admin',
  'PATCH /api/services/{id} admin',
  'GET /api/keys admin',
  'POST /api/keys admin',
  'DELETE /api/keys/{id} admin',
  'GET /api/webhooks admin',
  'POST /api/webhooks admin',
  'GET /api/webhooks/{id} admin',
  'PATCH /api/webhooks/{id} admin',
  'DELETE /api/webhooks/{id} admin',
  'GET /api/webhooks/{id}/deliveries admin',
  'POST /api/webhooks/{id}/test admin',
  'POST /api/webhooks/deliveries/{id}/retry admin',
  'GET /api/local-actions admin',
  'POST /api/local-actions admin',
  'PATCH /api/local-actions/{id} admin',
  'DELETE /api/local-actions/{id} admin',
  'GET /api/local-actions/{id}/runs admin',
  'POST /api/local-actions/{id}/test admin',
  'POST /api/local-actions/runs/{id}/retry admin',
  'GET /api/sessions admin',
  'DELETE /api/sessions/{id} admin',
  'GET /api/maintenance incidents:read',
  'POST /api/maintenance incidents:write',
  'GET /api/maintenance/{id} incidents:read',
  'DELETE /api/maintenance/{id} incidents:write',
  'GET /api/monitors incidents:read',
  'POST /api/monitors admin',
  'GET /api/monitors/{id} incidents:read',
  'GET /api/monitors/{id}/results incidents:read',
  'PATCH /api/monitors/{id} admin',
  'DELETE /api/monitors/{id} admin',
  'GET /api/status-pages incidents:read',
  'POST /api/status-pages admin',
  'GET /api/status-pages/{id} incidents:read',
  'PATCH /api/status-pages/{id} admin',
  'DELETE /api/status-pages/{id} admin',
  'POST /api/status-pages/{id}/incidents incidents:write',
  'DELETE /api/status-pages/{id}/incidents/{incidentId} admin',
  'GET /api/changes incidents:read',
  'GET /api/team incidents:read',
  'POST /api/team admin',
  'POST /api/team/invites admin',
  'GET /api/team/invites admin',
  'DELETE /api/team/invites/{id} admin',
  'POST /api/team/join admin',
  'POST /api/team/devices/{id}/revoke admin',
  'POST /api/team/peers admin',
  'GET /api/users incidents:read',
  'POST /api/users admin',
  'GET /api/schedules incidents:read',
  'POST /api/schedules admin',
  'GET /api/schedules/{id} incidents:read',
  'PATCH /api/schedules/{id} admin',
  'DELETE /api/schedules/{id} admin',
  'GET /api/schedules/{id}/shifts incidents:read',
  'POST /api/schedules/{id}/overrides admin',
  'DELETE /api/schedules/{id}/overrides/{overrideId} admin',
  'GET /api/oncall incidents:read',
  'GET /api/escalation-policies incidents:read',
  'POST /api/escalation-policies admin',
  'GET /api/escalation-policies/{id} incidents:read',
  'PATCH /api/escalation-policies/{id} admin',
  'DELETE /api/escalation-policies/{id} admin',
  'POST /api/incidents/{id}/escalate incidents:write',
  'GET /api/reports incidents:read',
  'GET /api/reports.csv incidents:read',
  'POST /api/calendar-feeds admin',
  'GET /metrics metrics:read',
  'GET /api/status-pages/{id}/subscribers admin',
  'POST /api/status-pages/{id}/subscribers admin',
  'DELETE /api/status-pages/{id}/subscribers/{subscriberId} admin',
];

/**
 * Team routes that cannot succeed twice on one device: this device is in a team already (founding or joining again
 * is a 409) and is its only admin (revoking it is a 409). Past auth, they get exactly that refusal from the team.
 */
const TEAM_REFUSALS: Record<string, string> = {
  'POST /api/team': 'CONFLICT',
  'POST /api/team/join': 'CONFLICT',
  'POST /api/team/devices/{id}/revoke': 'CONFLICT',
};

const FUTURE_WINDOW = { title: 'Auth probe window', scheduledStart: '2099-01-01T00:00:00Z', scheduledEnd: '2099-01-01T01:00:00Z' };
const PROBE_WEBHOOK = { url: 'http://127.0.0.1:9/auth-probe', events: ['triggered'] };
/** A command that exits at once: the test button runs it. */
const PROBE_ACTION = { name: 'Auth probe', command: [process.execPath, '-e', ''], events: ['triggered'] };

describe('auth matrix', () => {
  let server: TestServer;
  let routes: ProtectedRoute[];
  let incidentId: string;
  let revokedKey: string;
  let userId: string;
  let scheduleId: string;
  let policyId: string;
  const newSchedule = async () => (await fetchJson(server.baseUrl, '/api/schedules', { key: server.adminKey, body: {
    name: 'Auth probe schedule', timeZone: 'UTC', layers: [{ start: '2026-01-01T00:00', rotation: 'daily', userIds: [userId] }],
  } })).body.schedule.id as string;
  const newPolicy = async () => (await fetchJson(server.baseUrl, '/api/escalation-policies', { key: server.adminKey, body: {
    name: 'Auth probe policy', levels: [{ delayMinutes: 5, targets: [{ type: 'user', id: userId }] }],
  } })).body.escalationPolicy.id as string;
  before(async () => {
    server = await startServer();
    const doc = (await fetchJson(server.baseUrl, '/api/openapi.json')).body;
    routes = [];
    for (const [path, ops] of Object.entries(doc.paths as Record<string, Record<string, { 'x-klaxon-access': string }>>)) {
      for (const [method, op] of Object.entries(ops)) {
        const access = op['x-klaxon-access'];
        if ((SCOPES as readonly string[]).includes(access)) routes.push({ method: method.toUpperCase(), path, scope: access as Scope });
      }
    }
    const created = await fetchJson(server.baseUrl, '/api/incidents', { key: server.adminKey, body: { title: 'Auth target', serviceId: server.serviceId } });
    incidentId = created.body.id;
    await server.klaxon.engine.createTeam({ name: 'Auth team', deviceName: 'auth probe', userName: 'me' });
    const revoked = await server.createKey(['admin'], 'to be revoked');
    const del = await fetchJson(server.baseUrl, `/api/keys/${revoked.id}`, { method: 'DELETE', key: server.adminKey });
    assert.equal(del.status, 200, del.text);
    assert.ok(del.body.revokedAt, 'DELETE answers the revoked key');
    revokedKey = revoked.key;
    userId = (await fetchJson(server.baseUrl, '/api/users', { key: server.adminKey, body: { name: 'Auth probe person' } })).body.user.id;
    scheduleId = await newSchedule();
    policyId = await newPolicy();
    // Escalating needs a policy on the incident's service.
    const patched = await fetchJson(server.baseUrl, `/api/services/${server.serviceId}`, { method: 'PATCH', key: server.adminKey, body: { escalationPolicyId: policyId } });
    assert.equal(patched.status, 200, patched.text);
  });
  after(async () => { await server?.close(); });

  let pages = 0;
  /** A request that would succeed with the right key, so any refusal comes from auth. */
  const request = async (route: ProtectedRoute, headers: Record<string, string>) => {
    let path = route.path;
    if (path.startsWith('/api/incidents/{id}')) path = path.replace('{id}', incidentId);
    if (path === '/api/services/{id}') path = path.replace('{id}', server.serviceId);
    if (path === '/api/keys/{id}') path = path.replace('{id}', (await server.createKey(['incidents:read'], 'victim')).id);
    if (path === '/api/sessions/{id}') path = path.replace('{id}', server.klaxon.sessions.open(null).session.id);
    if (path === '/api/maintenance/{id}') {
      const w = await fetchJson(server.baseUrl, '/api/maintenance', { key: server.adminKey, body: FUTURE_WINDOW });
      path = path.replace('{id}', w.body.id);
    }
    if (path.startsWith('/api/monitors/{id}')) {
      const m = await fetchJson(server.baseUrl, '/api/monitors', { key: server.adminKey, body: { name: 'probe', type: 'heartbeat', intervalSeconds: 60, serviceId: server.serviceId } });
      path = path.replace('{id}', m.body.monitor.id);
    }
    if (path === '/api/webhooks/deliveries/{id}/retry') {
      const w = await fetchJson(server.baseUrl, '/api/webhooks', { key: server.adminKey, body: PROBE_WEBHOOK });
      const sent = await fetchJson(server.baseUrl, `/api/webhooks/${w.body.webhook.id}/test`, { key: server.adminKey, body: {} });
      path = path.replace('{id}', String(sent.body.delivery.id));
    }
    if (path.startsWith('/api/status-pages/{id}')) {
      const p = await fetchJson(server.baseUrl, '/api/status-pages', { key: server.adminKey, body: { name: 'Auth probe', slug: `auth-probe-${++pages}` } });
      path = path.replace('{id}', p.body.statusPage.id);
      if (path.includes('{incidentId}')) {
        const i = await fetchJson(server.baseUrl, `/api/status-pages/${p.body.statusPage.id}/incidents`, { key: server.adminKey, body: { title: 'Auth probe', impact: 'minor' } });
        path = path.replace('{incidentId}', i.body.id);
      }
    }
    if (path.startsWith('/api/webhooks/{id}')) {
      const w = await fetchJson(server.baseUrl, '/api/webhooks', { key: server.adminKey, body: PROBE_WEBHOOK });
      path = path.replace('{id}', w.body.webhook.id);
    }
    if (path === '/api/local-actions/runs/{id}/retry') {
      const a = await fetchJson(server.baseUrl, '/api/local-actions', { key: server.adminKey, body: PROBE_ACTION });
      const ran = await fetchJson(server.baseUrl, `/api/local-actions/${a.body.action.id}/test`, { key: server.adminKey, body: {} });
      path = path.replace('{id}', String(ran.body.run.id));
    }
    if (path.startsWith('/api/local-actions/{id}')) {
      const a = await fetchJson(server.baseUrl, '/api/local-actions', { key: server.adminKey, body: PROBE_ACTION });
      path = path.replace('{id}', a.body.action.id);
    }
    if (path.includes('{subscriberId}')) {
      // The path names a real page by now (made above).
      const pageId = path.split('/')[3]!;
      const sub = await fetchJson(server.baseUrl, `/api/status-pages/${pageId}/subscribers`, { key: server.adminKey, body: { url: 'http://127.0.0.1:9/probe' } });
      path = path.replace('{subscriberId}', sub.body.subscriber.id);
    }
    if (path === '/api/team/invites/{id}') {
      const invite = await fetchJson(server.baseUrl, '/api/team/invites', { key: server.adminKey, body: {} });
      path = path.replace('{id}', invite.body.inviteId);
    }
    if (path === '/api/team/devices/{id}/revoke') path = path.replace('{id}', server.klaxon.engine.deviceId);
    // A delete removes a schedule, policy or override of its own; every other request uses the ones made before.
    if (path.startsWith('/api/schedules/{id}')) path = path.replace('{id}', route.method === 'DELETE' && !path.includes('overrides') ? await newSchedule() : scheduleId);
    if (path === '/api/schedules/' + scheduleId + '/shifts') path += '?from=2026-01-01T00:00:00Z&to=2026-01-08T00:00:00Z';
    if (path.includes('{overrideId}')) {
      const o = await fetchJson(server.baseUrl, `/api/schedules/${scheduleId}/overrides`, { key: server.adminKey, body: { userId, start: '2099-01-01T00:00:00Z', end: '2099-01-02T00:00:00Z' } });
      path = path.replace('{overrideId}', o.body.override.id);
    }
    if (path.startsWith('/api/escalation-policies/{id}')) path = path.replace('{id}', route.method === 'DELETE' ? await newPolicy() : policyId);
    if (path.startsWith('/api/reports')) path += '?from=2026-01-01T00:00:00Z&to=2026-02-01T00:00:00Z';
    const bodies: Record<string, unknown> = {
      'POST /api/events': { routing_key: server.routingKey, event_action: 'trigger', dedup_key: 'auth', payload: { summary: 's', source: 's', severity: 'info' } },
      'POST /api/incidents': { title: 'Auth probe', serviceId: server.serviceId },
      'PATCH /api/incidents/{id}': { priority: 'P3' },
      'POST /api/incidents/{id}/updates': { status: 'identified', message: 'Found it' },
      'POST /api/incidents/{id}/notes': { text: 'note' },
      'POST /api/services': { name: 'Auth probe service' },
      'PATCH /api/services/{id}': { name: 'Test service' },
      'POST /api/keys': { name: 'probe', scopes: ['incidents:read'] },
      'POST /api/maintenance': FUTURE_WINDOW,
      'POST /api/monitors': { name: 'Auth probe', type: 'heartbeat', intervalSeconds: 60, serviceId: server.serviceId },
      'PATCH /api/monitors/{id}': { name: 'Auth probe, renamed' },
      'POST /api/status-pages': { name: 'Auth probe', slug: `auth-probe-${++pages}` },
      'PATCH /api/status-pages/{id}': { name: 'Auth probe, renamed' },
      'POST /api/status-pages/{id}/incidents': { title: 'Auth probe', impact: 'minor' },
      'POST /api/webhooks': PROBE_WEBHOOK,
      'POST /api/status-pages/{id}/subscribers': { url: 'http://127.0.0.1:9/probe' },
      'PATCH /api/webhooks/{id}': { format: 'slack' },
      'POST /api/webhooks/{id}/test': {},
      'POST /api/webhooks/deliveries/{id}/retry': {},
      'POST /api/local-actions': PROBE_ACTION,
      'PATCH /api/local-actions/{id}': { enabled: false },
      'POST /api/local-actions/{id}/test': {},
      'POST /api/local-actions/runs/{id}/retry': {},
      'POST /api/team': { name: 'Auth probe team' },
      'POST /api/team/invites': {},
      'POST /api/team/join': { invite: 'klaxon-invite:probe' },
      'POST /api/team/devices/{id}/revoke': {},
      'POST /api/team/peers': { address: '127.0.0.1:9' },
      'POST /api/users': { name: 'Auth probe' },
      'POST /api/schedules': { name: 'Auth probe', timeZone: 'Europe/Berlin', layers: [] },
      'PATCH /api/schedules/{id}': { name: 'Auth probe, renamed' },
      'POST /api/schedules/{id}/overrides': { userId, start: '2099-02-01T00:00:00Z', end: '2099-02-02T00:00:00Z' },
      'POST /api/escalation-policies': { name: 'Auth probe', levels: [{ delayMinutes: 1, targets: [{ type: 'user', id: userId }] }] },
      'PATCH /api/escalation-policies/{id}': { repeat: 1 },
      // Rotating: a feed's URL is shown once, so asking again without it would be a 409.
      'POST /api/calendar-feeds': { kind: 'user', id: userId, rotate: true },
    };
    const body = bodies[`${route.method} ${route.path}`];
    return fetchJson(server.baseUrl, path, { method: route.method, body, headers });
  };

  const assertRefused = (res: JsonResponse, status: number, code: string, what: string) => {
    assert.equal(res.status, status, `${what}: ${res.text}`);
    assert.equal(res.body?.error?.code, code, `${what}: ${res.text}`);
    assert.equal(typeof res.body.error.message, 'string');
    if (status === 401) assert.match(res.headers.get('www-authenticate') ?? '', /^Bearer/);
  };

  it('the protected routes are exactly the ones the seeds and the issue name', () => {
    assert.deepEqual(routes.map((r) => `${r.method} ${r.path} ${r.scope}`).sort(), [...EXPECTED].sort());
  });

  it('no key → 401 UNAUTHORIZED on every route', async () => {
    for (const route of routes) assertRefused(await request(route, {}), 401, 'UNAUTHORIZED', `${route.method} ${route.path} without a key`);
  });

  it('a bad key → 401 UNAUTHORIZED on every route (unknown key, garbage, wrong scheme)', async () => {
    const bad = [
      { authorization: 'Bearer klx_thisisnotakeythatexists0000000000' },
      { authorization: 'Bearer garbage' },
      { authorization: `Basic ${Buffer.from(`user:${server.adminKey}`).toString('base64')}` },
      { authorization: 'Bearer' },
    ];
    for (const route of routes) {
      for (const headers of bad) assertRefused(await request(route, headers), 401, 'UNAUTHORIZED', `${route.method} ${route.path} with ${headers.authorization}`);
    }
  });

  it('a revoked key → 401 UNAUTHORIZED on every route', async () => {
    for (const route of routes) {
      assertRefused(await request(route, { authorization: `Bearer ${revokedKey}` }), 401, 'UNAUTHORIZED', `${route.method} ${route.path} with a revoked key`);
    }
  });

  it('a key without the route\'s scope → 403 FORBIDDEN on every route', async () => {
    for (const route of routes) {
      // Every scope but the one needed (and never admin, which implies all).
      const others = SCOPES.filter((s) => s !== route.scope && s !== 'admin');
      const { key } = await server.createKey(others, `lacks ${route.scope}`);
      const res = await request(route, { authorization: `Bearer ${key}` });
      assertRefused(res, 403, 'FORBIDDEN', `${route.method} ${route.path} without ${route.scope}`);
      assert.match(res.body.error.message, new RegExp(route.scope));
    }
  });

  it('a key with exactly the route\'s scope, or admin, gets through', async () => {
    for (const route of routes) {
      const { key } = await server.createKey([route.scope], `only ${route.scope}`);
      for (const k of [key, server.adminKey]) {
        const res = await request(route, { authorization: `Bearer ${k}` });
        const refusal = TEAM_REFUSALS[`${route.method} ${route.path}`];
        if (refusal) assertRefused(res, 409, refusal, `${route.method} ${route.path}`);
        else assert.ok(res.status >= 200 && res.status < 300, `${route.method} ${route.path}: ${res.status} ${res.text}`);
      }
    }
  });

  it('the Bearer scheme is case-insensitive', async () => {
    const res = await fetchJson(server.baseUrl, '/api/incidents', { headers: { authorization: `bearer ${server.adminKey}` } });
    assert.equal(res.status, 200);
  });

  it('public routes need no key: /healthz, /api/openapi.json, /v2/enqueue (routing key), /status/*', async () => {
    const health = await fetchJson(server.baseUrl, '/healthz');
    assert.equal(health.status, 200);
    assert.equal(health.body.status, 'ok');
    assert.equal((await fetchJson(server.baseUrl, '/api/openapi.json')).status, 200);
    // Public status pages: no key asked for (no pages exist here, so each answers "not found", never 401).
    for (const path of ['/status/probe', '/status/probe/feed.rss', '/status/probe/summary.json', '/status/probe/badge.svg', '/status/probe/components/c/uptime.svg']) {
      assert.equal((await fetchJson(server.baseUrl, path)).status, 404, path);
    }
  });
});
