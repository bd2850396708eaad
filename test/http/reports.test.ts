// GET /api/reports and /api/reports.csv on a real host with a fake clock: two services (one with a two-level policy,
// one without), incidents over two weeks acknowledged and resolved by people and by an API key, and the figures
// computed by hand, per service and per person; the CSV's header, quoting and formula guard; who may read it; the
// range cap; the bridge's reports.get answering the same.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, fetchJson, type TestServer } from '../support/server.ts';
import { FakeClock } from '../../src-main/clock.ts';
import { CreateEscalationPolicy } from '../../src-shared/schemas/oncall.ts';

const MIN = 60_000;
const T0 = Date.parse('2026-03-02T10:00:00Z'); // a Monday
const WEEK = 7 * 24 * 60 * MIN;
const RANGE = 'from=2026-03-02T00:00:00Z&to=2026-03-16T00:00:00Z';

let server: TestServer;
let clock: FakeClock;
let ids: { alice: string; bob: string; web: string; billing: string; readKey: string; eventsKey: string };

const trigger = async (routingKey: string, dedupKey: string) => {
  const res = await fetchJson(server.baseUrl, '/v2/enqueue', { body: { routing_key: routingKey, event_action: 'trigger', dedup_key: dedupKey, payload: { summary: dedupKey, source: 'test', severity: 'critical' } } });
  assert.equal(res.status, 202, res.text);
  const list = await fetchJson(server.baseUrl, '/api/incidents?limit=1', { key: server.adminKey });
  return list.body.incidents[0].id as string;
};

before(async () => {
  clock = new FakeClock(T0);
  server = await startServer({ clock, serviceName: 'Web' });
  const { engine } = server.klaxon;
  const alice = await engine.createUser('Alice');
  const bob = await engine.createUser('Bob');
  const policy = await engine.createPolicy(CreateEscalationPolicy.parse({
    name: 'Web', levels: [{ delayMinutes: 5, targets: [{ type: 'user', id: alice }] }, { delayMinutes: 10, targets: [{ type: 'user', id: bob }] }],
  }), 'user:admin');
  await engine.updateService(server.serviceId, { escalationPolicyId: policy.id });
  // A name a spreadsheet would run as a formula, with a comma and quotes to quote.
  const billing = await engine.createService({ name: '=Billing, "EU"' });
  ids = {
    alice, bob, web: server.serviceId, billing: billing.id,
    readKey: (await server.createKey(['incidents:read'])).key, eventsKey: (await server.createKey(['events:write'])).key,
  };

  // Week of 2 March. Web: nobody answers Alice for 5 minutes, Bob is paged and acknowledges at +7, resolves at +30.
  const one = await trigger(server.routingKey, 'web-1');
  clock.advance(7 * MIN);
  await engine.acknowledge([one], `user:${bob}`);
  clock.advance(23 * MIN);
  await engine.resolve([one], `user:${bob}`);
  // Billing (no policy: every device pages): acknowledged with an API key after 2 minutes, then again by Alice.
  clock.advance(30 * MIN);
  const two = await trigger(billing.routingKey, 'billing-1');
  clock.advance(2 * MIN);
  const acked = await fetchJson(server.baseUrl, `/api/incidents/${two}`, { method: 'PATCH', key: server.adminKey, body: { status: 'acknowledged' } });
  assert.equal(acked.status, 200, acked.text);
  clock.advance(MIN);
  await engine.acknowledge([two], `user:${alice}`);
  // Week of 9 March. Web: Alice acknowledges after 1 minute and resolves after 10.
  clock.advance(T0 + WEEK - clock.now());
  const three = await trigger(server.routingKey, 'web-2');
  clock.advance(MIN);
  await engine.acknowledge([three], `user:${alice}`);
  clock.advance(9 * MIN);
  await engine.resolve([three], `user:${alice}`);
  clock.advance(60 * MIN);
});
after(async () => { await server?.close(); });

const row = (week: string, key: string, name: string, r: Partial<Record<string, number | null>>) => ({
  week, key, name, incidents: 1, acknowledged: 0, resolved: 0, mttaSeconds: null, mttrSeconds: null, escalatedShare: 0, pagesSent: 0,
  pagesOutsideSupportHours: 0, ...r,
});
const W1 = '2026-03-02T00:00:00.000Z';
const W2 = '2026-03-09T00:00:00.000Z';

test('by service: counts, MTTA and MTTR to the first acknowledgement and resolve, escalated share, pages per week', async () => {
  const res = await fetchJson(server.baseUrl, `/api/reports?${RANGE}&groupBy=service`, { key: ids.readKey });
  assert.equal(res.status, 200, res.text);
  assert.equal(res.body.groupBy, 'service');
  assert.deepEqual(res.body.rows, [
    row(W1, ids.billing, '=Billing, "EU"', { acknowledged: 1, mttaSeconds: 120, pagesSent: 1 }),
    row(W1, ids.web, 'Web', { acknowledged: 1, resolved: 1, mttaSeconds: 420, mttrSeconds: 1800, escalatedShare: 1, pagesSent: 2 }),
    row(W2, ids.web, 'Web', { acknowledged: 1, resolved: 1, mttaSeconds: 60, mttrSeconds: 600, pagesSent: 1 }),
  ]);
  const byDefault = await fetchJson(server.baseUrl, `/api/reports?${RANGE}`, { key: ids.readKey });
  assert.deepEqual(byDefault.body, res.body, 'groupBy defaults to service');
});

test('by person: the pages to each, and the incidents each acknowledged or resolved first (an API key is nobody)', async () => {
  const res = await fetchJson(server.baseUrl, `/api/reports?${RANGE}&groupBy=user`, { key: ids.readKey });
  assert.equal(res.status, 200, res.text);
  assert.deepEqual(res.body.rows, [
    row(W1, ids.alice, 'Alice', { escalatedShare: 1, pagesSent: 1 }),
    row(W1, ids.bob, 'Bob', { acknowledged: 1, resolved: 1, mttaSeconds: 420, mttrSeconds: 1800, escalatedShare: 1, pagesSent: 1 }),
    row(W2, ids.alice, 'Alice', { acknowledged: 1, resolved: 1, mttaSeconds: 60, mttrSeconds: 600, pagesSent: 1 }),
  ]);
});

test('CSV: the same rows, a header, RFC 4180 quoting and the formula guard, as an attachment', async () => {
  const res = await fetchJson(server.baseUrl, `/api/reports.csv?${RANGE}`, { key: ids.readKey });
  assert.equal(res.status, 200, res.text);
  assert.match(res.headers.get('content-type') ?? '', /^text\/csv; charset=utf-8/);
  assert.equal(res.headers.get('content-disposition'), 'attachment; filename="klaxon-report-service-2026-03-02.csv"');
  assert.equal(res.headers.get('cache-control'), 'no-store');
  assert.deepEqual(res.text.split('\r\n'), [
    'week,key,name,incidents,acknowledged,resolved,mtta_seconds,mttr_seconds,escalated_share,pages_sent,pages_outside_support_hours',
    `${W1},${ids.billing},"'=Billing, ""EU""",1,1,0,120,,0,1,0`,
    `${W1},${ids.web},Web,1,1,1,420,1800,1,2,0`,
    `${W2},${ids.web},Web,1,1,1,60,600,0,1,0`,
    '',
  ]);
});

test('reading a report needs incidents:read; a range over 366 days or backwards is a 400 naming the field', async () => {
  for (const path of [`/api/reports?${RANGE}`, `/api/reports.csv?${RANGE}`]) {
    assert.equal((await fetchJson(server.baseUrl, path)).status, 401, path);
    assert.equal((await fetchJson(server.baseUrl, path, { key: ids.eventsKey })).status, 403, path);
  }
  const long = await fetchJson(server.baseUrl, '/api/reports?from=2025-01-01T00:00:00Z&to=2026-01-03T00:00:00Z', { key: ids.readKey });
  assert.equal(long.status, 400);
  assert.equal(long.body.error.field, 'to');
  assert.match(long.body.error.message, /366 days/);
  const backwards = await fetchJson(server.baseUrl, '/api/reports.csv?from=2026-03-02T00:00:00Z&to=2026-03-01T00:00:00Z', { key: ids.readKey });
  assert.equal(backwards.status, 400);
  const exactlyAYear = await fetchJson(server.baseUrl, '/api/reports?from=2025-03-02T00:00:00Z&to=2026-03-03T00:00:00Z', { key: ids.readKey });
  assert.equal(exactlyAYear.status, 200, '366 days is allowed');
});

test('the bridge\'s reports.get answers the same report', async () => {
  const viaBridge = await server.klaxon.handlers['reports.get']({ from: '2026-03-02T00:00:00.000Z', to: '2026-03-16T00:00:00.000Z', groupBy: 'user' });
  const viaHttp = await fetchJson(server.baseUrl, `/api/reports?${RANGE}&groupBy=user`, { key: ids.readKey });
  assert.deepEqual(viaBridge, viaHttp.body);
});
