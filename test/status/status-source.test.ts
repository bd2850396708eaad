// The status source: a page's public view read from the real engine. A page shows its components under their public
// names, the incidents posted to it with their status-page updates, a monitor's outage as its component's state
// (without its incident, unless the page publishes the service whole, and then under a neutral title), the checks'
// daily rollups as bars, and its services' maintenance; ids in it are not internal ids, and stay put.
import { degradedNow } from '../../src-main/status/monitor-facts.ts';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createEngine } from '../../src-main/engine/engine.ts';
import { FakeClock } from '../../src-main/clock.ts';
import { silentLogger } from '../../src-main/log.ts';
import { createStatusSource } from '../../src-main/status/status-source.ts';
import { PublicStatusPage } from '../../src-shared/schemas/public-status.ts';
import { tempDir } from '../support/temp-dir.ts';
import { VIEW_STEP_MS, viewInstant } from '../../src-shared/domain/status/public-view.ts';
import { etagOf, viewDigest } from '../../src-main/status/cache.ts';

const T0 = Date.parse('2026-11-30T10:00:00Z');
const DAY = 86_400_000;

async function setUp(t: Parameters<typeof tempDir>[0]) {
  const clock = new FakeClock(T0 - 30 * DAY);
  const engine = createEngine({ dataDir: tempDir(t), clock, log: silentLogger });
  t.after(() => engine.close());
  const shop = await engine.createService({ name: 'shop-k8s-prod' });
  const api = await engine.createService({ name: 'api-internal-7' });
  const probe = await engine.createMonitor({ name: 'api probe 10.0.0.7', type: 'heartbeat', serviceId: api.id, intervalSeconds: 60, graceSeconds: 0, retries: 0, successesBeforeUp: 1, renotifyMinutes: null }, 'user:admin');
  clock.advance(30 * DAY);
  const page = await engine.createStatusPage({
    name: 'Acme status', slug: 'acme', description: 'Is Acme up?',
    groups: [{ name: 'Shop', components: [{ type: 'service', id: shop.id, name: 'Storefront' }] }, { name: 'API', components: [{ type: 'monitor', id: probe.id, name: 'Public API' }] }],
  }, 'user:admin');
  const source = createStatusSource(engine);
  const view = () => PublicStatusPage.parse(source.page('acme', clock.now()));
  return { clock, engine, shop, api, probe, page, source, view };
}

test('a posted incident shows with its updates on its component; the page names components by their public names only', async (t) => {
  const { clock, engine, page, view, source } = await setUp(t);
  const empty = view();
  assert.equal(empty.overall, 'operational');
  assert.deepEqual(empty.groups.map((g) => [g.name, g.components.map((c) => [c.name, c.state])]), [['Shop', [['Storefront', 'operational']]], ['API', [['Public API', 'operational']]]]);
  const incident = await engine.createPageIncident(page.id, { title: 'Checkout is slow', impact: 'minor', message: 'We are looking into it.' }, 'key:k1');
  clock.advance(60_000);
  await engine.postStatusUpdate(incident.id, { status: 'identified', message: 'A slow database query.' }, 'user:ops');
  await engine.addNote(incident.id, { text: 'db-7 is swapping' }, 'user:ops');
  const v = view();
  assert.equal(v.overall, 'degraded');
  assert.equal(v.groups[0]!.components[0]!.state, 'degraded');
  assert.equal(v.groups[1]!.components[0]!.state, 'operational', 'about the shop only');
  const [active] = v.activeIncidents;
  assert.deepEqual([active!.title, active!.impact, active!.progress], ['Checkout is slow', 'minor', 'identified']);
  assert.deepEqual(active!.updates.map((u) => u.message), ['A slow database query.', 'We are looking into it.']);
  assert.deepEqual(active!.componentIds, [v.groups[0]!.components[0]!.id]);
  const text = JSON.stringify(v);
  for (const secret of ['inc_', 'svc_', 'mon_', 'sp_', 'shop-k8s-prod', 'api-internal-7', '10.0.0.7', 'db-7']) assert.ok(!text.includes(secret), `${secret} is not public`);
  assert.equal(active!.id, view().activeIncidents[0]!.id, 'public ids stay put');
  // Resolved, it moves to the past incidents.
  await engine.postStatusUpdate(incident.id, { status: 'resolved', message: 'Fixed.' }, 'user:ops');
  const after = view();
  assert.deepEqual([after.activeIncidents.length, after.pastIncidents[0]?.title, after.overall], [0, 'Checkout is slow', 'operational']);
  assert.equal(source.page('nope', clock.now()), null);
  await engine.deleteStatusPage(page.id, 'user:admin');
  assert.equal(source.page('acme', clock.now()), null, 'a deleted page is not served');
});

test("a monitor's outage shows as its component's state; its incident shows only where the service is published whole, under a neutral title", async (t) => {
  const { engine, probe, api, page, view } = await setUp(t);
  await engine.monitorDown(probe.id, { reason: 'no beat from 10.0.0.7', details: { host: '10.0.0.7' } });
  let v = view();
  assert.equal(v.groups[1]!.components[0]!.state, 'major_outage');
  assert.equal(v.overall, 'major_outage');
  assert.deepEqual(v.activeIncidents, [], 'not posted, its service not published whole');
  await engine.updateStatusPage(page.id, { groups: [{ name: 'API', components: [{ type: 'service', id: api.id, name: 'API', publishIncidents: true }, { type: 'monitor', id: probe.id, name: 'Public API' }] }] }, 'user:admin');
  v = view();
  assert.deepEqual(v.activeIncidents.map((i) => [i.title, i.impact, i.componentIds.length]), [['Service disruption: API, Public API', 'major', 2]]);
  assert.ok(!JSON.stringify(v).includes('10.0.0.7'));
  assert.equal(v.groups[0]!.components[0]!.state, 'major_outage', 'every monitor of the service is down (its incident alone is major: partial)');
  await engine.monitorUp(probe.id, 'beat received from 10.0.0.7');
  v = view();
  assert.equal(v.overall, 'operational');
  assert.deepEqual(v.pastIncidents[0]!.updates.map((u) => u.message), ['This incident has been resolved.']);
});

test("daily rollups are a monitor component's bars; a service's days are told by its incidents; maintenance of its service shows", async (t) => {
  const { clock, engine, shop, probe, view } = await setUp(t);
  const yesterday = Date.UTC(2026, 10, 29);
  engine.store.db.prepare(`INSERT INTO monitor_rollups (monitor_id, period, start_ms, checks, up, degraded, down, no_data_seconds, avg_ms, p95_ms, last_hlc)
    VALUES (?, 'day', ?, 1440, 1420, 10, 10, 0, 30, 80, '0')`).run(probe.id, yesterday);
  await engine.scheduleMaintenance({ title: 'Payment provider upgrade', message: 'Checkout may be slow.', impact: 'minor', scheduledStart: new Date(T0 - 3_600_000).toISOString(), scheduledEnd: new Date(T0 + 3_600_000).toISOString(), serviceIds: [shop.id] }, 'user:ops');
  await engine.scheduleMaintenance({ title: 'Elsewhere', scheduledStart: new Date(T0).toISOString(), scheduledEnd: new Date(T0 + 3_600_000).toISOString(), serviceIds: [] }, 'user:ops');
  const v = view();
  const [storefront, api] = [v.groups[0]!.components[0]!, v.groups[1]!.components[0]!];
  const day = api.days.find((d) => d.date === '2026-11-29')!;
  assert.equal(day.uptime, 1430 / 1440);
  assert.equal(day.state, 'degraded');
  assert.equal(api.days.at(-1)!.uptime, null, 'no checks rolled up today');
  assert.equal(storefront.days.at(-2)!.uptime, 1, 'no incident yesterday');
  assert.equal(storefront.state, 'maintenance');
  assert.equal(v.overall, 'maintenance');
  assert.deepEqual(v.maintenance.map((m) => [m.title, m.inProgress, m.componentIds]), [['Payment provider upgrade', true, [storefront.id]]]);
  clock.advance(2 * 3_600_000);
  assert.equal(view().overall, 'operational', 'the window is over');
});

test('two devices holding the same ops build the same public page, public ids included', async (t) => {
  const { engine: a, page, probe, clock } = await setUp(t);
  await a.createPageIncident(page.id, { title: 'Checkout is slow', impact: 'major', message: 'Looking.' }, 'key:k1');
  await a.monitorDown(probe.id, { reason: 'no beat', details: {} });
  const b = createEngine({ dataDir: tempDir(t), clock, log: silentLogger });
  t.after(() => b.close());
  await b.applyRemoteOps(a.opsSince(a.deviceId, 0, 10_000));
  const here = createStatusSource(a).page('acme', clock.now());
  const there = createStatusSource(b).page('acme', clock.now());
  assert.ok(here && there);
  assert.equal(here.activeIncidents.length, 1, 'the posted one; the monitor\'s is not published here');
  assert.deepEqual(there, here);
});

const insertRollup = (engine: { store: { db: { prepare(sql: string): { run(...a: unknown[]): unknown } } } }, monitorId: string, period: 'hour' | 'day', startMs: number, up: number, degraded: number, down: number) =>
  engine.store.db.prepare(`INSERT INTO monitor_rollups (monitor_id, period, start_ms, checks, up, degraded, down, no_data_seconds, avg_ms, p95_ms, last_hlc)
    VALUES (?, ?, ?, ?, ?, ?, ?, 0, 30, 80, '0')`).run(monitorId, period, startMs, up + degraded + down, up, degraded, down);

test('during an incident the view stays the same for a whole step (so its ETag does), and moves on with the next', async (t) => {
  const { clock, engine, page, source } = await setUp(t);
  await engine.createPageIncident(page.id, { title: 'Checkout is down', impact: 'major', message: 'Looking.' }, 'key:k1');
  clock.advance(VIEW_STEP_MS - (clock.now() % VIEW_STEP_MS)); // the start of a step
  const first = source.page('acme', clock.now())!;
  clock.advance(VIEW_STEP_MS - 1_000); // later within the same step: today's outage has grown, the view has not
  const later = source.page('acme', clock.now())!;
  assert.equal(viewDigest(later), viewDigest(first));
  assert.equal(etagOf(viewDigest(later), 'page'), etagOf(viewDigest(first), 'page'));
  assert.equal(later.generatedAt, new Date(viewInstant(clock.now())).toISOString(), 'built for the step\'s instant');
  // A fresh source (another device, or after a restart) builds the same view within the step.
  assert.equal(viewDigest(createStatusSource(engine).page('acme', clock.now())!), viewDigest(first));
  clock.advance(1_000);
  const next = source.page('acme', clock.now())!;
  assert.notEqual(viewDigest(next), viewDigest(first), 'the next step shows the outage grown');
  assert.ok(next.groups[0]!.components[0]!.days.at(-1)!.uptime! < first.groups[0]!.components[0]!.days.at(-1)!.uptime!);
});

test("today's bar (and any day whose daily rollup has not arrived) sums its hourly rollups; 90-day uptime includes today", async (t) => {
  const { engine, probe, view } = await setUp(t);
  const today = Date.UTC(2026, 10, 30);
  insertRollup(engine, probe.id, 'hour', today, 60, 0, 0);
  insertRollup(engine, probe.id, 'hour', today + 3_600_000, 50, 0, 10);
  // Two days ago: only hours arrived. Yesterday: the daily rollup wins over its hours.
  insertRollup(engine, probe.id, 'hour', today - 2 * DAY + 5 * 3_600_000, 30, 0, 30);
  insertRollup(engine, probe.id, 'day', today - DAY, 1440, 0, 0);
  insertRollup(engine, probe.id, 'hour', today - DAY, 0, 0, 60);
  const api = view().groups[1]!.components[0]!;
  assert.equal(api.days.at(-1)!.uptime, 110 / 120);
  assert.equal(api.days.at(-1)!.state, 'major_outage', 'below 95 %');
  assert.equal(api.days.at(-2)!.uptime, 1);
  assert.equal(api.days.at(-3)!.uptime, 0.5);
  assert.equal(api.uptime90, (110 / 120 + 1 + 0.5) / 3);
});

test('a degraded monitor shows its component as degraded: from its newest check on the runner, from the hourly rollups elsewhere', async (t) => {
  const { clock, engine, probe, view } = await setUp(t);
  const api = () => view().groups[1]!.components[0]!.state;
  assert.equal(api(), 'operational');
  // A teammate's device: the newest hour was mostly slow answers.
  insertRollup(engine, probe.id, 'hour', Math.floor(T0 / 3_600_000) * 3_600_000 - 3_600_000, 10, 50, 0);
  clock.advance(VIEW_STEP_MS);
  assert.equal(api(), 'degraded');
  // The runner's own newest check outranks the hour's summary: it answers normally again.
  const check = engine.store.db.prepare('INSERT INTO monitor_results (monitor_id, at_ms, outcome, response_ms, message) VALUES (?, ?, ?, ?, ?)');
  check.run(probe.id, clock.now() - 1_000, 'up', 20, null);
  clock.advance(VIEW_STEP_MS);
  assert.equal(api(), 'operational');
  check.run(probe.id, clock.now(), 'degraded', 4_000, 'slow: 4000 ms (limit 1000 ms)');
  clock.advance(VIEW_STEP_MS);
  assert.equal(api(), 'degraded');
  assert.equal(view().overall, 'degraded');
  // Its own newest check says it only while it is recent: two intervals on, the team's newest hour speaks again.
  insertRollup(engine, probe.id, 'hour', Math.floor(T0 / 3_600_000) * 3_600_000, 60, 0, 0); // the newest hour: all up
  clock.advance(2 * 60_000 + VIEW_STEP_MS); // two of its 60 s intervals
  assert.equal(api(), 'operational', 'a stale own check does not outvote the team\'s rollups');
  check.run(probe.id, clock.now(), 'degraded', 4_000, 'slow again');
  clock.advance(VIEW_STEP_MS);
  assert.equal(api(), 'degraded');
  // Had the runner moved to a teammate, this device's own last result (kept a day) would no longer count.
  const asRunner = { id: probe.id, runnerDeviceId: engine.deviceId, config: probe.config };
  assert.deepEqual([...degradedNow(engine.store, [asRunner], engine.deviceId, clock.now())], [probe.id]);
  assert.deepEqual([...degradedNow(engine.store, [{ ...asRunner, runnerDeviceId: 'dev_teammate' }], engine.deviceId, clock.now())], [],
    'a former runner\'s last check does not outvote the team\'s rollups');
  await engine.monitorDown(probe.id, { reason: 'timeout', details: {} });
  assert.equal(api(), 'major_outage', 'down outranks degraded');
});
