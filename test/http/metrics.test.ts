// GET /metrics after real requests to a real Klaxon: who may scrape (a metrics:read key, or anyone while the
// metrics.public setting is on), open incidents by status and urgency as the queue shows them, every event answered
// counted by endpoint and outcome (taken, a repeat, refused by status, throttled, the database busy), the latency of
// the 2xx answers, and schedules with who is on call.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import Database from 'better-sqlite3';
import { startServer, fetchJson, type TestServer } from '../support/server.ts';
import { scrape } from '../support/scrape.ts';
import type { FakeClock } from '../../src-main/clock.ts';
import { DB_FILE } from '../../src-main/store/database.ts';

const trigger = (s: TestServer, dedupKey: string, severity = 'critical', routingKey = s.routingKey) => fetchJson(s.baseUrl, '/v2/enqueue', {
  body: { routing_key: routingKey, event_action: 'trigger', dedup_key: dedupKey, payload: { summary: dedupKey, source: 'db-1', severity } },
});

describe('GET /metrics: who may scrape', () => {
  let server: TestServer;
  before(async () => { server = await startServer(); });
  after(async () => { await server?.close(); });

  it('needs a key with metrics:read (or admin), and that key opens nothing else', async () => {
    const none = await fetchJson(server.baseUrl, '/metrics');
    assert.equal(none.status, 401);
    assert.equal(none.body.error.code, 'UNAUTHORIZED');
    assert.match(none.headers.get('www-authenticate') ?? '', /^Bearer/);

    const events = await server.createKey(['events:write']);
    const refused = await fetchJson(server.baseUrl, '/metrics', { key: events.key });
    assert.equal(refused.status, 403);
    assert.match(refused.body.error.message, /metrics:read/);

    const metrics = await server.createKey(['metrics:read']);
    assert.equal((await scrape(server.baseUrl, metrics.key)).value('klaxon_info', {}), 1);
    assert.ok((await scrape(server.baseUrl, server.adminKey)).samples.length > 0, 'admin implies metrics:read');

    assert.equal((await fetchJson(server.baseUrl, '/api/incidents', { key: metrics.key })).status, 403);
    const event = await fetchJson(server.baseUrl, '/api/events', { key: metrics.key, body: { routing_key: server.routingKey, event_action: 'trigger', payload: { summary: 's', source: 's', severity: 'info' } } });
    assert.equal(event.status, 403);
    const signIn = await fetchJson(server.baseUrl, '/bridge/session', { method: 'POST', key: metrics.key });
    assert.equal(signIn.status, 403, 'nor does it sign in to the window');
  });

  it('with metrics.public on, anyone may scrape; turned off, the key is needed again', async () => {
    const { handlers } = server.klaxon;
    assert.equal((await handlers['settings.get'](undefined)).metrics.public, false, 'off by default');
    await handlers['settings.update']({ metrics: { public: true } });
    const scraped = await scrape(server.baseUrl);
    assert.ok(scraped.value('klaxon_open_incidents', { status: 'triggered', urgency: 'HIGH' }) !== undefined);
    assert.ok(scraped.samples.some((s) => s.name === 'process_cpu_user_seconds_total'), 'the process metrics too');
    // Only /metrics opens: the rest of the API still wants its key.
    assert.equal((await fetchJson(server.baseUrl, '/api/incidents')).status, 401);

    const settings = await handlers['settings.update']({ metrics: { public: false } });
    assert.equal(settings.metrics.public, false);
    assert.equal((await fetchJson(server.baseUrl, '/metrics')).status, 401);
  });
});

describe('GET /metrics: open incidents', () => {
  let server: TestServer;
  before(async () => { server = await startServer({ testHooks: true }); });
  after(async () => { await server?.close(); });

  it('counts open incidents by status now and urgency, resolved ones left out; a snooze that ended counts as triggered', async () => {
    const clock = server.klaxon.engine.clock as FakeClock;
    for (const [key, severity] of [['db', 'critical'], ['api', 'critical'], ['cache', 'error'], ['disk', 'warning'], ['cert', 'info'], ['old', 'critical']] as const) {
      assert.equal((await trigger(server, key, severity)).status, 202);
    }
    const id = async (dedupKey: string) => (await fetchJson(server.baseUrl, '/api/incidents?limit=50', { key: server.adminKey })).body.incidents
      .find((i: { dedupKey: string }) => i.dedupKey === dedupKey).id as string;
    const patch = async (dedupKey: string, body: object) =>
      assert.equal((await fetchJson(server.baseUrl, `/api/incidents/${await id(dedupKey)}`, { method: 'PATCH', key: server.adminKey, body })).status, 200);
    await patch('api', { status: 'acknowledged' });
    await patch('cache', { status: 'snoozed', snoozeMinutes: 30 });
    await patch('old', { status: 'resolved' });
    // A service in maintenance: its event opens an incident that stays quiet (suppressed).
    const quiet = await server.klaxon.engine.createService({ name: 'Batch jobs', urgencyRule: 'severity', suppressionRules: [] });
    const now = clock.now();
    const window = await fetchJson(server.baseUrl, '/api/maintenance', { key: server.adminKey, body: {
      title: 'Upgrade', scheduledStart: new Date(now - 60_000).toISOString(), scheduledEnd: new Date(now + 3_600_000).toISOString(), serviceIds: [quiet.id],
    } });
    assert.equal(window.status, 201, window.text);
    assert.equal((await trigger(server, 'nightly', 'critical', quiet.routingKey)).status, 202);

    const open = async () => {
      const m = await scrape(server.baseUrl, server.adminKey);
      return Object.fromEntries(m.samples.filter((s) => s.name === 'klaxon_open_incidents').map((s) => [`${s.labels.status}/${s.labels.urgency}`, s.value]));
    };
    assert.deepEqual(await open(), {
      'triggered/HIGH': 1, 'triggered/LOW': 2, 'acknowledged/HIGH': 1, 'acknowledged/LOW': 0,
      'snoozed/HIGH': 1, 'snoozed/LOW': 0, 'suppressed/HIGH': 1, 'suppressed/LOW': 0,
    });

    // Nothing is written when the snooze ends; the metric reads the status as the clock makes it.
    clock.advance(31 * 60_000);
    const later = await open();
    assert.equal(later['snoozed/HIGH'], 0);
    assert.equal(later['triggered/HIGH'], 2);
  });
});

describe('GET /metrics: events received', () => {
  let server: TestServer;
  let eventsKey: string;
  before(async () => {
    server = await startServer();
    eventsKey = (await server.createKey(['events:write'])).key;
  });
  after(async () => { await server?.close(); });

  const enqueueRaw = (body: string, contentType = 'application/json') =>
    fetchJson(server.baseUrl, '/v2/enqueue', { body, headers: { 'content-type': contentType } });

  it('counts each answer by endpoint, outcome and status, and times only the 2xx ones', async () => {
    const statuses: number[] = [];
    const send = async (p: Promise<{ status: number }>) => statuses.push((await p).status);
    // Taken: a new incident, its repeat, an acknowledge, a resolve that matches nothing (success, no change).
    await send(trigger(server, 'db'));
    await send(trigger(server, 'db'));
    await send(trigger(server, 'db'));
    await send(fetchJson(server.baseUrl, '/v2/enqueue', { body: { routing_key: server.routingKey, event_action: 'acknowledge', dedup_key: 'db' } }));
    await send(fetchJson(server.baseUrl, '/v2/enqueue', { body: { routing_key: server.routingKey, event_action: 'resolve', dedup_key: 'never-opened' } }));
    // Refused: invalid, an unknown routing key, too large, not JSON (read as JSON whatever its Content-Type says, as PagerDuty does).
    await send(fetchJson(server.baseUrl, '/v2/enqueue', { body: { routing_key: server.routingKey, event_action: 'trigger' } }));
    await send(trigger(server, 'x', 'critical', 'R0NOTAROUTINGKEY0000000000000000'));
    await send(enqueueRaw(JSON.stringify({ routing_key: server.routingKey, event_action: 'trigger', payload: { summary: 'x'.repeat(600 * 1024), source: 's', severity: 'info' } })));
    await send(enqueueRaw('event_action=trigger', 'application/x-www-form-urlencoded'));
    // Seed 003's endpoint: one taken, one without a key, one over the key's scope.
    const apiEvent = { routing_key: server.routingKey, event_action: 'trigger', dedup_key: 'api', payload: { summary: 's', source: 's', severity: 'info' } };
    await send(fetchJson(server.baseUrl, '/api/events', { key: eventsKey, body: apiEvent }));
    await send(fetchJson(server.baseUrl, '/api/events', { body: apiEvent }));
    await send(fetchJson(server.baseUrl, '/api/events', { key: (await server.createKey(['incidents:read'])).key, body: apiEvent }));
    assert.deepEqual(statuses, [202, 202, 202, 202, 202, 400, 400, 413, 400, 202, 401, 403]);

    const m = await scrape(server.baseUrl, server.adminKey);
    const received = (endpoint: string) => Object.fromEntries(m.samples
      .filter((s) => s.name === 'klaxon_events_received_total' && s.labels.endpoint === endpoint)
      .map((s) => [`${s.labels.outcome} ${s.labels.status}`, s.value]));
    assert.deepEqual(received('/v2/enqueue'), { 'accepted 202': 3, 'deduplicated 202': 2, 'rejected 400': 3, 'rejected 413': 1 });
    assert.deepEqual(received('/api/events'), { 'accepted 202': 1, 'rejected 401': 1, 'rejected 403': 1 });

    assert.equal(m.value('klaxon_ingest_duration_seconds_count', { endpoint: '/v2/enqueue' }), 5, 'one observation per 2xx');
    assert.equal(m.value('klaxon_ingest_duration_seconds_count', { endpoint: '/api/events' }), 1);
    assert.equal(m.value('klaxon_ingest_duration_seconds_bucket', { endpoint: '/v2/enqueue', le: '+Inf' }), 5);
    assert.ok(m.value('klaxon_ingest_duration_seconds_sum', { endpoint: '/v2/enqueue' })! > 0);
  });

  it('counts 429 as throttled (the service\'s intake limit) and 503 as unavailable (another process holds the database)', async () => {
    const limited = await server.klaxon.engine.createService({ name: 'Chatty', urgencyRule: 'severity', suppressionRules: [] });
    await server.klaxon.engine.updateService(limited.id, { rateLimit: { perSecond: 0.001, burst: 1 } });
    assert.equal((await trigger(server, 'chatty-1', 'info', limited.routingKey)).status, 202);
    const throttled = await trigger(server, 'chatty-2', 'info', limited.routingKey);
    assert.equal(throttled.status, 429, throttled.text);

    // Another writer holds SQLite's write lock past the busy timeout: the event is answered 503 with Retry-After.
    const other = new Database(path.join(server.dataDir, DB_FILE));
    try {
      other.exec('BEGIN IMMEDIATE');
      const busy = await trigger(server, 'while-locked');
      assert.equal(busy.status, 503, busy.text);
      assert.ok(Number(busy.headers.get('retry-after')) > 0);
    } finally {
      other.exec('ROLLBACK');
      other.close();
    }

    const m = await scrape(server.baseUrl, server.adminKey);
    assert.equal(m.value('klaxon_events_received_total', { endpoint: '/v2/enqueue', outcome: 'throttled', status: '429' }), 1);
    assert.equal(m.value('klaxon_events_received_total', { endpoint: '/v2/enqueue', outcome: 'unavailable', status: '503' }), 1);
  });
});

describe('GET /metrics: on-call', () => {
  let server: TestServer;
  before(async () => { server = await startServer(); });
  after(async () => { await server?.close(); });

  it('counts schedules, the people on call now on any of them, and schedules with nobody on call', async () => {
    const person = async (name: string) => (await fetchJson(server.baseUrl, '/api/users', { key: server.adminKey, body: { name } })).body.user.id as string;
    const [ana, ben] = [await person('Ana'), await person('Ben')];
    const schedule = async (name: string, start: string, userIds: string[]) => {
      const res = await fetchJson(server.baseUrl, '/api/schedules', { key: server.adminKey, body: { name, timeZone: 'UTC', layers: [{ start, rotation: 'weekly', userIds }] } });
      assert.equal(res.status, 201, res.text);
    };
    let m = await scrape(server.baseUrl, server.adminKey);
    assert.deepEqual([m.value('klaxon_schedules'), m.value('klaxon_oncall_people'), m.value('klaxon_schedules_without_oncall')], [0, 0, 0]);

    await schedule('Primary', '2020-01-06T00:00', [ana]);
    await schedule('Database', '2020-01-06T00:00', [ana]);
    await schedule('Secondary', '2020-01-06T00:00', [ben]);
    await schedule('Next year', '2099-01-05T00:00', [ben]);
    m = await scrape(server.baseUrl, server.adminKey);
    assert.equal(m.value('klaxon_schedules'), 4);
    assert.equal(m.value('klaxon_oncall_people'), 2, 'Ana counts once for her two schedules');
    assert.equal(m.value('klaxon_schedules_without_oncall'), 1, 'the schedule that starts in 2099 has nobody yet');
  });
});
