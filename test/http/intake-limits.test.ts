// Intake limits over real HTTP on 127.0.0.1: a flood on one routing key meets 429s with Retry-After in each
// endpoint's own shape (PagerDuty's on /v2/enqueue, the seeds' on /api/events), while every event that got a 2xx is
// kept and other services are untouched; a service's limit is set through PATCH /api/services/:id and replicates as
// an op; each API key has its own bucket; unknown routing keys and idle senders leave no buckets behind.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, fetchJson, type TestServer, type JsonResponse } from '../support/server.ts';
import { createEngine } from '../../src-main/engine/engine.ts';
import { createIntakeLimiter } from '../../src-main/http/intake-limiter.ts';
import { systemClock } from '../../src-main/clock.ts';
import { silentLogger } from '../../src-main/log.ts';
import { DEFAULT_RATE_LIMIT } from '../../src-shared/domain/token-bucket.ts';
import type { Service } from '../../src-shared/schemas/admin.ts';
import { tempDir } from '../support/temp-dir.ts';
import { DEFAULT_SERVICE_PAGING } from '../../src-shared/schemas/oncall.ts';

let server: TestServer;
before(async () => { server = await startServer({ keyRateLimit: { perSecond: 1, burst: 3 } }); });
after(() => server?.close());

/** Every key on this host may make 3 requests at once: a fresh admin key per call keeps the key limit out of the way. */
const admin = async (path: string, method = 'GET', body?: unknown) =>
  fetchJson(server.baseUrl, path, { method, body, key: (await server.createKey(['admin'])).key });
const event = (routingKey: string, summary: string) => ({
  routing_key: routingKey, event_action: 'trigger', dedup_key: summary, payload: { summary, source: 'flood', severity: 'warning' },
});

async function newService(name: string, rateLimit?: { perSecond: number; burst: number }): Promise<Service> {
  const created = await admin('/api/services', 'POST', { name });
  assert.equal(created.status, 201, created.text);
  if (!rateLimit) return created.body as Service;
  const patched = await admin(`/api/services/${created.body.id}`, 'PATCH', { rateLimit });
  assert.equal(patched.status, 200, patched.text);
  return patched.body as Service;
}

const retryAfter = (res: JsonResponse) => {
  const header = res.headers.get('retry-after');
  assert.ok(header !== null && /^[1-9][0-9]*$/.test(header), `Retry-After is a whole number of seconds ≥ 1, got ${header}`);
  return Number(header);
};

test('a flood on /v2/enqueue meets 429s in PagerDuty\'s shape with Retry-After; every accepted event is kept', async () => {
  const service = await newService('Flooded', { perSecond: 2, burst: 5 });
  assert.deepEqual(service.rateLimit, { perSecond: 2, burst: 5 });
  const quiet = await newService('Quiet');
  assert.deepEqual(quiet.rateLimit, DEFAULT_RATE_LIMIT, 'a service without a limit of its own shows the default');

  const answers = await Promise.all(Array.from({ length: 40 }, (_, i) =>
    fetchJson(server.baseUrl, '/v2/enqueue', { body: event(service.routingKey, `flood-${i}`) })));
  const accepted = answers.filter((r) => r.status === 202);
  const throttled = answers.filter((r) => r.status === 429);
  assert.equal(accepted.length + throttled.length, 40, `only 202 and 429: ${answers.map((r) => r.status).join(',')}`);
  assert.ok(accepted.length >= 5 && accepted.length <= 8, `the burst of 5 (and what refilled meanwhile) passed: ${accepted.length}`);
  for (const res of throttled) {
    assert.equal(res.body.status, 'throttle event');
    assert.match(res.body.message, /Too many events for service svc_\w+ \(limit 2\/s, burst 5\)/);
    assert.deepEqual(res.body.errors, [res.body.message]);
    assert.equal(retryAfter(res), 1);
  }

  // Nothing accepted is lost: each 2xx is an incident.
  const listed = await admin(`/api/incidents?serviceId=${service.id}&limit=200`);
  assert.deepEqual(new Set(listed.body.incidents.map((i: { dedupKey: string }) => i.dedupKey)),
    new Set(accepted.map((r) => r.body.dedup_key as string)));

  // Another service's senders are not held back by this one's flood.
  assert.equal((await fetchJson(server.baseUrl, '/v2/enqueue', { body: event(quiet.routingKey, 'quiet-1') })).status, 202);
  // Once Retry-After has passed, the sender gets through again.
  await new Promise((r) => setTimeout(r, retryAfter(throttled[0]!) * 1000));
  assert.equal((await fetchJson(server.baseUrl, '/v2/enqueue', { body: event(service.routingKey, 'after-the-wait') })).status, 202);
});

test('the same service\'s bucket limits /api/events, answered in the seeds\' shape; null restores the default', async () => {
  const service = await newService('Via events API', { perSecond: 0.5, burst: 2 });
  const answers: JsonResponse[] = [];
  for (let i = 0; i < 4; i++) {
    // Each event by routing key or by service id: both name the same bucket. (A key each: the service's limit is tested.)
    const body = i % 2 === 0 ? event(service.routingKey, `api-${i}`) : { ...event('', `api-${i}`), routing_key: undefined, service_id: service.id };
    answers.push(await fetchJson(server.baseUrl, '/api/events', { key: (await server.createKey(['events:write'])).key, body }));
  }
  assert.deepEqual(answers.map((r) => r.status), [202, 202, 429, 429]);
  const refused = answers[2]!;
  assert.equal(refused.body.error.code, 'RATE_LIMITED');
  assert.match(refused.body.error.message, /limit 0\.5\/s, burst 2/);
  assert.equal(retryAfter(refused), 2, 'at 0.5/s a token is back within 2 s');

  const reset = await admin(`/api/services/${service.id}`, 'PATCH', { rateLimit: null });
  assert.equal(reset.status, 200, reset.text);
  assert.deepEqual(reset.body.rateLimit, DEFAULT_RATE_LIMIT);
  const key = (await server.createKey(['events:write'])).key;
  assert.equal((await fetchJson(server.baseUrl, '/api/events', { key, body: event(service.routingKey, 'api-after-reset') })).status, 202);
});

test('a limit that makes no sense is refused with the field named', async () => {
  for (const rateLimit of [{ perSecond: 0, burst: 5 }, { perSecond: 10, burst: 0.5 }, { perSecond: 10 }, { perSecond: 1e9, burst: 1 }]) {
    const res = await admin(`/api/services/${server.serviceId}`, 'PATCH', { rateLimit });
    assert.equal(res.status, 400, JSON.stringify(rateLimit));
    assert.match(res.body.error.field, /^rateLimit\./);
  }
});

test('each API key has its own bucket, on every authenticated route; a request without a valid key is a 401, not a 429', async () => {
  const a = await server.createKey(['incidents:read']);
  const b = await server.createKey(['incidents:read']);
  const statuses: number[] = [];
  let refused: JsonResponse | undefined;
  for (let i = 0; i < 5; i++) {
    const res = await fetchJson(server.baseUrl, '/api/incidents?limit=1', { key: a.key });
    statuses.push(res.status);
    if (res.status === 429) refused = res;
  }
  assert.deepEqual(statuses.slice(0, 3), [200, 200, 200]);
  assert.ok(refused, `the key's burst of 3 ran out: ${statuses.join(',')}`);
  assert.equal(refused.body.error.code, 'RATE_LIMITED');
  assert.match(refused.body.error.message, new RegExp(`API key ${a.id}`));
  retryAfter(refused);
  assert.equal((await fetchJson(server.baseUrl, '/api/incidents?limit=1', { key: b.key })).status, 200, 'another key is not affected');
  for (let i = 0; i < 5; i++) assert.equal((await fetchJson(server.baseUrl, '/api/incidents', { key: 'klx_not-a-key' })).status, 401);
});

test('unknown routing keys are refused as such, however many, and make no bucket; idle buckets are dropped', () => {
  let now = 0;
  const limiter = createIntakeLimiter({ now: () => now });
  for (let i = 0; i < 1000; i++) limiter.admitEvent(null);
  assert.equal(limiter.size, 0);

  const service = (i: number): Service => ({
    id: `svc_${i}`, name: `s${i}`, routingKey: `rk${i}`, urgencyRule: 'severity', suppressionRules: [], rateLimit: DEFAULT_RATE_LIMIT, ...DEFAULT_SERVICE_PAGING, createdAt: '',
  });
  for (let i = 0; i < 100; i++) for (let j = 0; j < 50; j++) limiter.admitEvent(service(i));
  limiter.admitKey('key_1');
  assert.equal(limiter.size, 101);
  // A minute later every bucket has long refilled: the next admission sweeps them away.
  now += 61_000;
  limiter.admitKey('key_2');
  assert.equal(limiter.size, 1);
});

test('over HTTP, a flood of unknown routing keys is answered 400, never 429', async () => {
  const answers = await Promise.all(Array.from({ length: 30 }, (_, i) =>
    fetchJson(server.baseUrl, '/v2/enqueue', { body: event(`unknown-${i}`.padEnd(32, '0'), `u-${i}`) })));
  for (const res of answers) {
    assert.equal(res.status, 400, res.text);
    assert.equal(res.body.message, 'Invalid routing key');
  }
});

test('a service\'s limit is an op: a peer that receives the ops holds the same limit', async (t) => {
  const a = createEngine({ dataDir: tempDir(t), clock: systemClock, log: silentLogger });
  const b = createEngine({ dataDir: tempDir(t), clock: systemClock, log: silentLogger });
  t.after(async () => { await a.close(); await b.close(); });
  const svc = await a.createService({ name: 'Replicated' });
  await a.updateService(svc.id, { rateLimit: { perSecond: 50, burst: 500 } });
  await a.updateService(svc.id, { name: 'Replicated (renamed)' });
  await b.applyRemoteOps([...a.opsSince(a.deviceId, 0, 100)].reverse());
  assert.deepEqual(b.getService(svc.id)?.rateLimit, { perSecond: 50, burst: 500 });
  assert.deepEqual(b.getService(svc.id), a.getService(svc.id));
});
