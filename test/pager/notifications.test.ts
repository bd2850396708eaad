// Notifications for real: a private session bus (a real dbus-daemon) with a notification server on it, and the real
// Klaxon (createKlaxon with notifier 'auto', which finds the server through DBUS_SESSION_BUS_ADDRESS) taking events
// over HTTP. The fake clock (test hooks) stands in for waiting out repeat intervals and snoozes.
//
// Negative checks ("no second page") use a sentinel: another HIGH incident paged at the same instants. The pager
// plans all due pages in one pass, so once the sentinel's page has arrived, a wrong page would have arrived too.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { startSessionBus } from '../support/session-bus.ts';
import { teardownStack } from './teardown.ts';
import { startFakeNotificationServer, type FakeNotificationServer } from '../support/fake-notification-server.ts';
import { startServer, fetchJson, pollUntil, makeTempDir, removeDir, type TestServer } from '../support/server.ts';
import { silentLogger } from '../../src-main/log.ts';
import type { FakeClock } from '../../src-main/clock.ts';
import type { Logger } from '../../src-main/log.ts';
import { STORM_THRESHOLD, STORM_WINDOW_MS } from '../../src-shared/domain/storm.ts';

interface Setup { klaxon: TestServer; notifications: FakeNotificationServer; clock: FakeClock; logLines: string[] }

async function setup(t: TestContext, opts: { server?: boolean } = {}): Promise<Setup & { notifications: FakeNotificationServer | null }> {
  const cleanup = teardownStack(t);
  const bus = await startSessionBus();
  cleanup(() => bus.stop());
  const notifications = opts.server === false ? null : await startFakeNotificationServer(bus.address);
  if (notifications) cleanup(() => notifications.stop());
  const saved = process.env.DBUS_SESSION_BUS_ADDRESS;
  process.env.DBUS_SESSION_BUS_ADDRESS = bus.address;
  cleanup(() => { if (saved === undefined) delete process.env.DBUS_SESSION_BUS_ADDRESS; else process.env.DBUS_SESSION_BUS_ADDRESS = saved; });
  const logLines: string[] = [];
  const log: Logger = { info: (m) => logLines.push(`info: ${m}`), warn: (m) => logLines.push(`warn: ${m}`), error: (m) => logLines.push(`error: ${m}`) };
  const klaxon = await startServer({ notifier: 'auto', testHooks: true, log, serviceName: 'API Gateway' });
  cleanup(() => klaxon.close());
  return { klaxon, notifications: notifications as FakeNotificationServer, clock: klaxon.klaxon.engine.clock as FakeClock, logLines };
}

async function trigger(s: TestServer, dedupKey: string, summary: string, severity: 'critical' | 'warning' = 'critical') {
  const res = await fetchJson(s.baseUrl, '/v2/enqueue', {
    body: { routing_key: s.routingKey, event_action: 'trigger', dedup_key: dedupKey, payload: { summary, source: 'test-host', severity } },
  });
  assert.equal(res.status, 202, res.text);
}

async function incidentByKey(s: TestServer, dedupKey: string) {
  const res = await fetchJson(s.baseUrl, '/api/incidents?limit=200', { key: s.adminKey });
  assert.equal(res.status, 200, res.text);
  const found = res.body.incidents.find((i: { dedupKey: string }) => i.dedupKey === dedupKey);
  assert.ok(found, `no incident with dedup key ${dedupKey}`);
  return found as { id: string; status: string; alertCount: number; acknowledgedBy: string | null; urgency: string };
}

const callsFor = (n: FakeNotificationServer, summary: string) => n.calls.filter((c) => c.summary === summary);

test('a HIGH trigger pages with the summary; the Acknowledge button acknowledges the incident', async (t) => {
  const { klaxon, notifications } = await setup(t);
  await trigger(klaxon, 'db-timeout', 'Database timeout on primary');
  const call = await notifications.waitForNotify((c) => c.summary === 'Database timeout on primary');
  assert.match(call.body, /API Gateway/, 'the body names the service');
  assert.equal(call.hints.urgency, 2, 'HIGH urgency is a critical notification');
  assert.equal(call.expireTimeout, 0);
  assert.ok(call.actions.includes('acknowledge') && call.actions.includes('snooze'));

  notifications.invokeAction(call.id, 'acknowledge');
  const acked = await pollUntil(async () => {
    const inc = await incidentByKey(klaxon, 'db-timeout');
    return inc.status === 'acknowledged' && inc;
  }, { message: 'the API never reported the incident acknowledged' });
  assert.equal(acked.acknowledgedBy, 'user:me');
});

test('HIGH repeats every repeatSeconds until acknowledged; acknowledging withdraws the bubble and stops the repeats', async (t) => {
  const { klaxon, notifications, clock } = await setup(t);
  await klaxon.klaxon.engine.updateSettings({ notifications: { repeatSeconds: 30 } });
  await trigger(klaxon, 'disk', 'Disk full on db-1');
  await trigger(klaxon, 'sentinel', 'Sentinel incident');
  const first = await notifications.waitForNotify((c) => c.summary === 'Disk full on db-1');
  await notifications.waitForNotify((c) => c.summary === 'Sentinel incident');

  clock.advance(30_000);
  await pollUntil(() => callsFor(notifications, 'Disk full on db-1').length === 2, { message: 'no repeat after 30 s' });
  const repeat = callsFor(notifications, 'Disk full on db-1')[1]!;
  assert.equal(repeat.replacesId, first.id, 'the repeat replaces the first bubble');
  assert.match(repeat.body, /Not acknowledged yet/);
  assert.equal(notifications.showing.size, 2, 'one bubble per incident');

  const disk = await incidentByKey(klaxon, 'disk');
  const res = await fetchJson(klaxon.baseUrl, `/api/incidents/${disk.id}`, { method: 'PATCH', key: klaxon.adminKey, body: { status: 'ACKNOWLEDGED' } });
  assert.equal(res.status, 200, res.text);
  await notifications.waitForClose(first.id);

  clock.advance(30_000);
  await pollUntil(() => callsFor(notifications, 'Sentinel incident').length === 3, { message: 'the sentinel stopped repeating' });
  // The fake clock fires every repeat instant on the way (20 of them in 10 minutes).
  clock.advance(10 * 60_000);
  await pollUntil(() => callsFor(notifications, 'Sentinel incident').length === 23, { message: 'the sentinel stopped repeating' });
  assert.equal(callsFor(notifications, 'Disk full on db-1').length, 2, 'no page after the acknowledge');
});

test('a bidi override or a line break in a title or service name shows as a visible escape in the bubble', async (t) => {
  const { klaxon, notifications } = await setup(t);
  const renamed = await fetchJson(klaxon.baseUrl, `/api/services/${klaxon.serviceId}`, {
    method: 'PATCH', key: klaxon.adminKey, body: { name: 'Payments\u202E' },
  });
  assert.equal(renamed.status, 200, renamed.text);
  // Raw, this title would read "Disk fine on db1" with a forged second line: it must not.
  await trigger(klaxon, 'spoof', 'Disk \u202Eenif\u202C on db1\nAcknowledged by alice');
  const call = await notifications.waitForNotify((c) => c.summary.startsWith('Disk '));
  assert.equal(call.summary, 'Disk <U+202E>enif<U+202C> on db1<U+000A>Acknowledged by alice');
  assert.match(call.body, /^Payments<U\+202E> · HIGH/);
  // What was sent is kept as it was: the escape is for showing only.
  const stored = await incidentByKey(klaxon, 'spoof');
  assert.equal((stored as unknown as { title: string }).title, 'Disk \u202Eenif\u202C on db1\nAcknowledged by alice');
});

test('in an alert storm new incidents page in one summary bubble, not each their own; after it they page again', async (t) => {
  const { klaxon, notifications, clock } = await setup(t);
  // LOW urgency: each pages once, so every call below is a first page.
  for (let i = 1; i <= STORM_THRESHOLD; i++) await trigger(klaxon, `calm-${i}`, `Replica ${i} lagging`, 'warning');
  await pollUntil(() => notifications.calls.length === STORM_THRESHOLD, { message: 'each incident before the storm paged on its own' });
  assert.ok(notifications.calls.every((c) => /^Replica \d+ lagging$/.test(c.summary)));

  await trigger(klaxon, 'storm-1', 'Replica 21 lagging', 'warning');
  const summary = await notifications.waitForNotify((c) => c.summary.startsWith('Alert storm'));
  assert.equal(summary.summary, 'Alert storm: 1 new incident');
  assert.match(summary.body, /• Replica 21 lagging/);
  // The pager plans every due page in one pass: had the 21st its own bubble, it would have come with the summary.
  assert.equal(callsFor(notifications, 'Replica 21 lagging').length, 0);

  clock.advance(STORM_WINDOW_MS + 1000);
  await trigger(klaxon, 'after', 'Replica 22 lagging', 'warning');
  await notifications.waitForNotify((c) => c.summary === 'Replica 22 lagging');
});

test('LOW urgency notifies once, as a normal notification', async (t) => {
  const { klaxon, notifications, clock } = await setup(t);
  await trigger(klaxon, 'slow', 'Slow responses on /search', 'warning');
  await trigger(klaxon, 'sentinel', 'Sentinel incident');
  const low = await notifications.waitForNotify((c) => c.summary === 'Slow responses on /search');
  assert.equal(low.hints.urgency, 1);
  assert.equal((await incidentByKey(klaxon, 'slow')).urgency, 'LOW');

  for (let i = 2; i <= 4; i++) {
    clock.advance(60_000);
    await pollUntil(() => callsFor(notifications, 'Sentinel incident').length === i, { message: `sentinel page ${i}` });
  }
  assert.equal(callsFor(notifications, 'Slow responses on /search').length, 1);
});

test('a deduplicated repeat trigger does not page again', async (t) => {
  const { klaxon, notifications } = await setup(t);
  await trigger(klaxon, 'cpu-high', 'CPU usage above 90%');
  await notifications.waitForNotify((c) => c.summary === 'CPU usage above 90%');
  await trigger(klaxon, 'cpu-high', 'CPU usage above 90%');
  await trigger(klaxon, 'cpu-high', 'CPU usage above 90%');
  await trigger(klaxon, 'sentinel', 'Sentinel incident');
  await notifications.waitForNotify((c) => c.summary === 'Sentinel incident');
  assert.equal((await incidentByKey(klaxon, 'cpu-high')).alertCount, 3, 'the repeats were deduplicated into one incident');
  assert.equal(callsFor(notifications, 'CPU usage above 90%').length, 1);
});

test('Snooze from the bubble silences the incident for 15 minutes, then it pages again', async (t) => {
  const { klaxon, notifications, clock } = await setup(t);
  await klaxon.klaxon.engine.updateSettings({ notifications: { repeatSeconds: 3600 } });
  await trigger(klaxon, 'queue', 'Queue backlog growing');
  const call = await notifications.waitForNotify((c) => c.summary === 'Queue backlog growing');
  notifications.invokeAction(call.id, 'snooze');
  await pollUntil(async () => (await incidentByKey(klaxon, 'queue')).status === 'snoozed', { message: 'never snoozed' });

  clock.advance(15 * 60_000 - 1000);
  await trigger(klaxon, 'sentinel', 'Sentinel incident');
  await notifications.waitForNotify((c) => c.summary === 'Sentinel incident');
  assert.equal(callsFor(notifications, 'Queue backlog growing').length, 1, 'silent while snoozed');

  clock.advance(1000);
  await pollUntil(() => callsFor(notifications, 'Queue backlog growing').length === 2, { message: 'no page when the snooze ended' });
  assert.equal((await incidentByKey(klaxon, 'queue')).status, 'triggered');
});

test('resolving through the Events API withdraws the bubble', async (t) => {
  const { klaxon, notifications } = await setup(t);
  await trigger(klaxon, 'api-5xx', 'API 5xx rate high');
  const call = await notifications.waitForNotify((c) => c.summary === 'API 5xx rate high');
  const res = await fetchJson(klaxon.baseUrl, '/v2/enqueue', { body: { routing_key: klaxon.routingKey, event_action: 'resolve', dedup_key: 'api-5xx' } });
  assert.equal(res.status, 202, res.text);
  await notifications.waitForClose(call.id);
  assert.equal(notifications.showing.size, 0);
});

test('paused notifications page nothing until the pause ends', async (t) => {
  const { klaxon, notifications, clock } = await setup(t);
  await klaxon.klaxon.engine.updateSettings({ notifications: { pausedUntil: new Date(clock.now() + 3600_000).toISOString() } });
  await trigger(klaxon, 'paused', 'Happened during the pause');
  clock.advance(61_000); // past a repeat interval: a page during the pause would be followed by a repeat
  clock.advance(3600_000 - 61_000);
  const call = await notifications.waitForNotify((c) => c.summary === 'Happened during the pause');
  assert.doesNotMatch(call.body, /Not acknowledged yet/, 'the first page for it comes when the pause ends');
  await trigger(klaxon, 'sentinel', 'Sentinel incident');
  await notifications.waitForNotify((c) => c.summary === 'Sentinel incident');
  assert.equal(callsFor(notifications, 'Happened during the pause').length, 1);
});

test('with no notification server the host says so once and keeps serving', async (t) => {
  const { klaxon, logLines } = await setup(t, { server: false });
  const notificationLines = logLines.filter((l) => l.includes('notification'));
  assert.equal(notificationLines.length, 1, logLines.join('\n'));
  assert.match(notificationLines[0]!, /^warn: notifications: off — no notification server answers on the session bus/);
  assert.equal(klaxon.klaxon.pager.notifierName, 'none');

  await trigger(klaxon, 'still-works', 'Still accepted');
  assert.equal((await incidentByKey(klaxon, 'still-works')).status, 'triggered');
  assert.equal(logLines.filter((l) => l.includes('notification')).length, 1, 'no further complaints');
});

test('after a restart a still-triggered HIGH incident pages again; a LOW one is not notified twice', async (t) => {
  const cleanup = teardownStack(t);
  const bus = await startSessionBus();
  cleanup(() => bus.stop());
  const notifications = await startFakeNotificationServer(bus.address);
  cleanup(() => notifications.stop());
  const saved = process.env.DBUS_SESSION_BUS_ADDRESS;
  process.env.DBUS_SESSION_BUS_ADDRESS = bus.address;
  cleanup(() => { if (saved === undefined) delete process.env.DBUS_SESSION_BUS_ADDRESS; else process.env.DBUS_SESSION_BUS_ADDRESS = saved; });
  const dataDir = makeTempDir();
  cleanup(() => removeDir(dataDir));

  const first = await startServer({ notifier: 'auto', dataDir, log: silentLogger });
  await trigger(first, 'high', 'Still burning');
  await trigger(first, 'low', 'Minor thing', 'warning');
  const high = await notifications.waitForNotify((c) => c.summary === 'Still burning');
  await notifications.waitForNotify((c) => c.summary === 'Minor thing');
  await first.close();
  assert.ok(notifications.closed.includes(high.id), 'stopping withdraws the bubbles whose buttons would no longer work');

  const second = await startServer({ notifier: 'auto', dataDir, log: silentLogger });
  cleanup(() => second.close());
  await pollUntil(() => callsFor(notifications, 'Still burning').length === 2, { message: 'the HIGH incident did not page after the restart' });
  await trigger(second, 'sentinel', 'Sentinel incident');
  await notifications.waitForNotify((c) => c.summary === 'Sentinel incident');
  assert.equal(callsFor(notifications, 'Minor thing').length, 1);
});
