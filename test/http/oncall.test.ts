// On-call over HTTP on a real host (127.0.0.1): the issue's bodies exactly, the answers' shapes, scopes (reading with
// incidents:read, changing with admin, escalating with incidents:write), and 400s that say what to fix: a zone that
// does not exist, a wall time not on the calendar, a person nobody created. The bridge answers the same methods.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, fetchJson, type TestServer } from '../support/server.ts';
import { rawRequest, cookiePair } from '../renderer/support/http.ts';

describe('on-call routes', () => {
  let server: TestServer;
  let readKey: string;
  let writeKey: string;
  let alice: string;
  let bob: string;
  let scheduleId: string;
  before(async () => {
    server = await startServer();
    readKey = (await server.createKey(['incidents:read'])).key;
    writeKey = (await server.createKey(['incidents:read', 'incidents:write'])).key;
  });
  after(async () => { await server?.close(); });

  const api = (path: string, opts: { method?: string; body?: unknown; key?: string } = {}) => fetchJson(server.baseUrl, path, { key: server.adminKey, ...opts });
  const assertError = (res: { status: number; body: { error?: { code: string; message: string; field?: string } }; text: string }, status: number, code: string, field?: string, message?: RegExp) => {
    assert.equal(res.status, status, res.text);
    assert.equal(res.body.error?.code, code, res.text);
    if (field !== undefined) assert.equal(res.body.error?.field, field, res.text);
    if (message) assert.match(res.body.error!.message, message);
  };

  it('creates a schedule from the issue\'s body, exactly as written, answering {"schedule":{"id",…}}', async () => {
    alice = (await api('/api/users', { body: { name: 'Alice' } })).body.user.id;
    bob = (await api('/api/users', { body: { name: 'Bob' } })).body.user.id;
    const res = await fetchJson(server.baseUrl, '/api/schedules', {
      key: server.adminKey,
      body: `{"name":"Primary","timeZone":"America/Chicago","layers":[{"start":"2026-03-06T09:00:00","rotation":"daily","turns":1,"userIds":["${alice}","${bob}"]}]}`,
    });
    assert.equal(res.status, 201, res.text);
    scheduleId = res.body.schedule.id;
    assert.match(scheduleId, /^sch_/);
    assert.deepEqual(res.body.schedule.layers, [{ start: '2026-03-06T09:00:00', rotation: 'daily', turns: 1, userIds: [alice, bob], restrictions: [] }]);
    assert.deepEqual((await api('/api/schedules', { key: readKey })).body.schedules.map((s: { id: string }) => s.id), [scheduleId]);
    assert.equal((await api(`/api/schedules/${scheduleId}`, { key: readKey })).body.schedule.timeZone, 'America/Chicago');
  });

  it('answers shifts as one entry per contiguous shift of one person, in UTC, across the change to daylight saving', async () => {
    const res = await api(`/api/schedules/${scheduleId}/shifts?from=2026-03-07T00:00:00Z&to=2026-03-09T00:00:00Z`, { key: readKey });
    assert.equal(res.status, 200, res.text);
    assert.deepEqual(res.body, { shifts: [
      { userId: alice, start: '2026-03-07T00:00:00.000Z', end: '2026-03-07T15:00:00.000Z', override: false },
      { userId: bob, start: '2026-03-07T15:00:00.000Z', end: '2026-03-08T14:00:00.000Z', override: false },
      { userId: alice, start: '2026-03-08T14:00:00.000Z', end: '2026-03-09T00:00:00.000Z', override: false },
    ] });
    assertError(await api(`/api/schedules/${scheduleId}/shifts?from=2026-03-09T00:00:00Z&to=2026-03-07T00:00:00Z`), 400, 'VALIDATION_FAILED', 'to');
    assertError(await api(`/api/schedules/${scheduleId}/shifts?from=yesterday&to=2026-03-07T00:00:00Z`), 400, 'VALIDATION_FAILED', 'from');
    assertError(await api('/api/schedules/sch_nope/shifts?from=2026-03-07T00:00:00Z&to=2026-03-08T00:00:00Z'), 404, 'NOT_FOUND');
  });

  it('an override wins over the rotation; who is on call at an instant says so, with until when and who is next', async () => {
    // Well inside one daily shift (they hand off at 09:00 Chicago, 15:00 UTC in winter), so the override stands alone.
    const start = '2027-01-05T19:00:00.000Z';
    const end = '2027-01-05T21:00:00.000Z';
    const at = '2027-01-05T20:00:00.000Z';
    const before = await api(`/api/oncall?at=${encodeURIComponent(at)}`, { key: readKey });
    assert.equal(before.status, 200, before.text);
    const rotating = before.body.schedules[0].userId;
    const cover = rotating === alice ? bob : alice;
    const created = await api(`/api/schedules/${scheduleId}/overrides`, { body: { userId: cover, start, end } });
    assert.equal(created.status, 201, created.text);
    assert.deepEqual(created.body.override, { id: created.body.override.id, userId: cover, start, end, createdAt: created.body.override.createdAt, createdBy: created.body.override.createdBy });
    const oncall = await api(`/api/oncall?at=${encodeURIComponent(at)}`, { key: readKey });
    assert.equal(oncall.body.at, at);
    assert.deepEqual(oncall.body.schedules, [{ scheduleId, name: 'Primary', userId: cover, until: end, next: oncall.body.schedules[0].next }]);
    assert.deepEqual(oncall.body.schedules[0].next, { userId: rotating, start: end, end: '2027-01-06T15:00:00.000Z' }, 'then back to the rotation');
    const shifts = await api(`/api/schedules/${scheduleId}/shifts?from=${encodeURIComponent(start)}&to=${encodeURIComponent(end)}`, { key: readKey });
    assert.deepEqual(shifts.body.shifts, [{ userId: cover, start, end, override: true }]);
    assert.equal((await api('/api/oncall', { key: readKey })).body.schedules.length, 1, 'now by default');
    assertError(await api('/api/oncall?at=soon', { key: readKey }), 400, 'VALIDATION_FAILED', 'at');

    const removed = await api(`/api/schedules/${scheduleId}/overrides/${created.body.override.id}`, { method: 'DELETE' });
    assert.equal(removed.status, 200, removed.text);
    assert.deepEqual(removed.body.schedule.overrides, []);
    assert.equal((await api(`/api/oncall?at=${encodeURIComponent(at)}`, { key: readKey })).body.schedules[0].userId, rotating);
    assertError(await api(`/api/schedules/${scheduleId}/overrides/${created.body.override.id}`, { method: 'DELETE' }), 404, 'NOT_FOUND');
  });

  it('an override next to the same person\'s own turn is one shift with it, marked as partly an override', async () => {
    const now = (await api('/api/oncall?at=2027-01-06T12:00:00Z', { key: readKey })).body.schedules[0];
    assert.equal(now.until, '2027-01-06T15:00:00.000Z', 'their turn ends at 09:00 Chicago');
    const other = now.userId === alice ? bob : alice;
    const created = await api(`/api/schedules/${scheduleId}/overrides`, { body: { userId: now.userId, start: '2027-01-06T14:00:00Z', end: '2027-01-06T16:00:00Z' } });
    assert.equal(created.status, 201, created.text);
    const shifts = await api(`/api/schedules/${scheduleId}/shifts?from=2027-01-06T12:00:00Z&to=2027-01-06T17:00:00Z`, { key: readKey });
    assert.deepEqual(shifts.body.shifts, [
      { userId: now.userId, start: '2027-01-06T12:00:00.000Z', end: '2027-01-06T16:00:00.000Z', override: true },
      { userId: other, start: '2027-01-06T16:00:00.000Z', end: '2027-01-06T17:00:00.000Z', override: false },
    ]);
    assert.equal((await api(`/api/schedules/${scheduleId}/overrides/${created.body.override.id}`, { method: 'DELETE' })).status, 200);
  });

  it('refuses a zone that does not exist, a wall time not on the calendar and an unknown person, naming the field', async () => {
    const body = (over: Record<string, unknown>, layer: Record<string, unknown> = {}) => ({
      name: 'Bad', timeZone: 'America/Chicago', layers: [{ start: '2026-03-06T09:00:00', rotation: 'daily', turns: 1, userIds: [alice], ...layer }], ...over,
    });
    assertError(await api('/api/schedules', { body: body({ timeZone: 'Mars/Olympus_Mons' }) }), 400, 'VALIDATION_FAILED', 'timeZone', /IANA time zone/);
    assertError(await api('/api/schedules', { body: body({}, { start: '2026-02-30T09:00:00' }) }), 400, 'VALIDATION_FAILED', 'layers.0.start', /calendar/);
    assertError(await api('/api/schedules', { body: body({}, { start: '2026-03-06 09:00' }) }), 400, 'VALIDATION_FAILED', 'layers.0.start', /wall time like/);
    assertError(await api('/api/schedules', { body: body({}, { userIds: [alice, 'usr_nobody'] }) }), 400, 'VALIDATION_FAILED', 'layers.0.userIds.1', /usr_nobody/);
    assertError(await api('/api/schedules', { body: body({}, { rotation: 'monthly' }) }), 400, 'VALIDATION_FAILED', 'layers.0.rotation');
    assertError(await api(`/api/schedules/${scheduleId}/overrides`, { body: { userId: 'usr_ghost', start: '2030-01-01T00:00:00Z', end: '2030-01-01T01:00:00Z' } }), 400, 'VALIDATION_FAILED', 'userId');
    assertError(await api(`/api/schedules/${scheduleId}/overrides`, { body: { userId: alice, start: '2030-01-01T01:00:00Z', end: '2030-01-01T00:00:00Z' } }), 400, 'VALIDATION_FAILED', 'end');
    assert.equal((await api('/api/schedules')).body.schedules.length, 1, 'none of them was created');
  });

  it('a read key reads everything on-call and changes nothing; a responder key escalates but edits no schedule', async () => {
    for (const path of ['/api/schedules', `/api/schedules/${scheduleId}`, '/api/escalation-policies', '/api/oncall']) {
      assert.equal((await api(path, { key: readKey })).status, 200, path);
    }
    const changes: [string, string, unknown][] = [
      ['POST', '/api/schedules', { name: 'x', timeZone: 'UTC' }], ['PATCH', `/api/schedules/${scheduleId}`, { name: 'y' }],
      ['DELETE', `/api/schedules/${scheduleId}`, undefined], ['POST', `/api/schedules/${scheduleId}/overrides`, { userId: alice, start: '2030-01-01T00:00:00Z', end: '2030-01-01T01:00:00Z' }],
      ['DELETE', `/api/schedules/${scheduleId}/overrides/ovr_x`, undefined], ['POST', '/api/escalation-policies', { name: 'p', levels: [] }],
      ['PATCH', '/api/escalation-policies/pol_x', { name: 'q' }], ['DELETE', '/api/escalation-policies/pol_x', undefined],
    ];
    for (const key of [readKey, writeKey]) {
      for (const [method, path, body] of changes) assertError(await api(path, { method, body, key }), 403, 'FORBIDDEN', undefined, /admin scope/);
    }
    assertError(await api('/api/incidents/inc_x/escalate', { method: 'POST', key: readKey }), 403, 'FORBIDDEN', undefined, /incidents:write/);
    assert.equal((await fetchJson(server.baseUrl, '/api/schedules')).status, 401);
  });

  it('a policy on a service pages its levels; escalate moves to the next level; nothing in use can be deleted', async () => {
    const created = await api('/api/escalation-policies', { body: {
      name: 'Web', repeat: 1, levels: [{ delayMinutes: 5, targets: [{ type: 'user', id: alice }] }, { delayMinutes: 10, targets: [{ type: 'schedule', id: scheduleId }] }],
    } });
    assert.equal(created.status, 201, created.text);
    const policy = created.body.escalationPolicy;
    assert.match(policy.id, /^pol_/);
    assertError(await api('/api/escalation-policies', { body: { name: 'Bad', levels: [{ delayMinutes: 5, targets: [{ type: 'schedule', id: 'sch_gone' }] }] } }),
      400, 'VALIDATION_FAILED', 'levels.0.targets.0.id');
    assertError(await api(`/api/services/${server.serviceId}`, { method: 'PATCH', body: { escalationPolicyId: 'pol_gone' } }), 400, 'VALIDATION_FAILED', 'escalationPolicyId');

    const paging = { escalationPolicyId: policy.id, ackTimeoutMinutes: 30, autoResolveMinutes: 240, supportHours: { timeZone: 'Europe/Berlin', days: [1, 2, 3, 4, 5], start: '09:00', end: '17:00' } };
    const svc = await api(`/api/services/${server.serviceId}`, { method: 'PATCH', body: paging });
    assert.equal(svc.status, 200, svc.text);
    assert.deepEqual({ escalationPolicyId: svc.body.escalationPolicyId, ackTimeoutMinutes: svc.body.ackTimeoutMinutes, autoResolveMinutes: svc.body.autoResolveMinutes, supportHours: svc.body.supportHours }, paging);
    const off = await api(`/api/services/${server.serviceId}`, { method: 'PATCH', body: { supportHours: null } });
    assert.deepEqual([off.body.supportHours, off.body.escalationPolicyId], [null, policy.id], 'null turns one setting off, leaving the others');

    const inc = await api('/api/incidents', { key: writeKey, body: { title: 'Checkout down', serviceId: server.serviceId } });
    assert.equal(inc.status, 201, inc.text);
    const detail = await api(`/api/incidents/${inc.body.id}`, { key: readKey });
    assert.equal(detail.body.escalation.level, 1);
    assert.deepEqual(detail.body.escalation.paging, [{ userId: alice, via: { type: 'user', id: alice } }]);
    const escalated = await api(`/api/incidents/${inc.body.id}/escalate`, { method: 'POST', key: writeKey });
    assert.equal(escalated.status, 200, escalated.text);
    assert.equal(escalated.body.escalation.level, 2);
    assert.equal(escalated.body.escalation.paging[0].via.id, scheduleId);

    assertError(await api(`/api/schedules/${scheduleId}`, { method: 'DELETE' }), 409, 'CONFLICT', undefined, new RegExp(policy.id));
    assertError(await api(`/api/escalation-policies/${policy.id}`, { method: 'DELETE' }), 409, 'CONFLICT', undefined, new RegExp(server.serviceId));
    const renamed = await api(`/api/escalation-policies/${policy.id}`, { method: 'PATCH', body: { name: 'Web (EU)' } });
    assert.equal(renamed.body.escalationPolicy.name, 'Web (EU)');
    assert.equal((await api(`/api/escalation-policies/${policy.id}`, { key: readKey })).body.escalationPolicy.levels.length, 2);
  });

  it('the window\'s bridge answers the same methods, with the same scopes', async () => {
    const session = await fetchJson(server.baseUrl, '/bridge/session', { method: 'POST', key: writeKey });
    assert.equal(session.status, 200, session.text);
    const cookie = cookiePair(session.headers.get('set-cookie') ?? undefined);
    const { tab } = session.body as { tab: string };
    const invoke = (method: string, input?: unknown) => rawRequest(server.baseUrl, '/bridge/invoke', {
      method: 'POST', headers: { 'content-type': 'application/json', origin: server.baseUrl, cookie, 'x-klaxon-tab': tab }, body: JSON.stringify({ method, input }),
    });
    const list = await invoke('schedules.list');
    assert.equal(list.status, 200, list.body);
    assert.deepEqual(JSON.parse(list.body).map((s: { id: string }) => s.id), [scheduleId]);
    const shifts = await invoke('schedules.shifts', { id: scheduleId, from: '2026-03-07T00:00:00Z', to: '2026-03-07T12:00:00Z' });
    assert.deepEqual(JSON.parse(shifts.body).map((s: { userId: string }) => s.userId), [alice]);
    const bad = await invoke('schedules.shifts', { id: scheduleId, from: '2026-03-07T12:00:00Z', to: '2026-03-07T00:00:00Z' });
    assert.equal(bad.status, 400, bad.body);
    assert.equal((await invoke('oncall.now', {})).status, 200);
    assert.equal((await invoke('schedules.create', { name: 'x', timeZone: 'UTC' })).status, 403);
  });
});
