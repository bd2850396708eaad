// The D-Bus adapter against a real dbus-daemon: a private session bus per test, with the test's notification server
// on it (or none). What a user would see: the bubble's text, its buttons, its urgency, one bubble per incident, the
// bubble going away, and a click on a button reaching Klaxon.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { sessionBus, Message } from 'dbus-next';
import { startSessionBus } from '../support/session-bus.ts';
import { startFakeNotificationServer } from '../support/fake-notification-server.ts';
import { createDbusNotifier } from '../../src-main/pager/dbus-notifier.ts';
import { selectNotifier } from '../../src-main/pager/select-notifier.ts';
import type { NotificationAction, PageNotification } from '../../src-main/pager/notifier.ts';
import type { Logger } from '../../src-main/log.ts';

const page = (over: Partial<PageNotification> = {}): PageNotification => ({
  incidentId: 'inc_1', title: 'Database timeout', body: 'API Gateway · HIGH', urgency: 'critical', sound: true,
  actions: ['acknowledge', 'snooze'], ...over,
});

function recordingLog() {
  const lines: string[] = [];
  const log: Logger = { info: (m) => lines.push(`info: ${m}`), warn: (m) => lines.push(`warn: ${m}`), error: (m) => lines.push(`error: ${m}`) };
  return { log, lines };
}

async function setup(t: TestContext, withServer = true) {
  const bus = await startSessionBus();
  t.after(() => bus.stop());
  const server = withServer ? await startFakeNotificationServer(bus.address) : null;
  if (server) t.after(() => server.stop());
  return { bus, server };
}

/** Polls until `check` holds or the deadline passes. */
async function eventually(check: () => boolean, what: string, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

test('a critical page is a Notify call with the summary, the action buttons, urgency critical and no expiry', async (t) => {
  const { bus, server } = await setup(t);
  const { log } = recordingLog();
  const notifier = await createDbusNotifier({ log, busAddress: bus.address });
  t.after(() => notifier.close());
  assert.equal(notifier.name, 'dbus');
  assert.match(notifier.server, /klaxon-test-notifyd/);

  await notifier.notify(page());
  const call = await server!.waitForNotify((c) => c.summary === 'Database timeout');
  assert.equal(call.appName, 'Klaxon');
  assert.equal(call.body, 'API Gateway · HIGH');
  assert.deepEqual(call.actions, ['acknowledge', 'Acknowledge', 'snooze', 'Snooze 15 min', 'default', 'Open']);
  assert.equal(call.hints.urgency, 2);
  assert.equal(call.expireTimeout, 0);
  assert.equal(call.replacesId, 0);
});

test('a normal page has urgency low-normal (1) and the server default expiry', async (t) => {
  const { bus, server } = await setup(t);
  const notifier = await createDbusNotifier({ log: recordingLog().log, busAddress: bus.address });
  t.after(() => notifier.close());
  await notifier.notify(page({ urgency: 'normal', sound: false }));
  const call = await server!.waitForNotify(() => true);
  assert.equal(call.hints.urgency, 1);
  assert.equal(call.hints['suppress-sound'], true);
  assert.equal(call.expireTimeout, -1);
});

test('a repeat replaces the bubble; withdraw closes it; the next page is a new bubble', async (t) => {
  const { bus, server } = await setup(t);
  const notifier = await createDbusNotifier({ log: recordingLog().log, busAddress: bus.address });
  t.after(() => notifier.close());
  await notifier.notify(page());
  await notifier.notify(page({ body: 'second time' }));
  assert.equal(server!.calls.length, 2);
  const [first, second] = server!.calls;
  assert.equal(second!.replacesId, first!.id, 'the repeat names the bubble it replaces');
  assert.equal(server!.showing.size, 1, 'one bubble on screen');

  await notifier.withdraw('inc_1');
  await server!.waitForClose(first!.id);
  assert.equal(server!.showing.size, 0);
  await notifier.withdraw('inc_1');
  assert.equal(server!.closed.length, 1, 'withdrawing twice closes once');

  await notifier.notify(page());
  assert.equal(server!.calls[2]!.replacesId, 0);
});

test('clicking Acknowledge, Snooze or the body reaches the listeners with the incident id', async (t) => {
  const { bus, server } = await setup(t);
  const notifier = await createDbusNotifier({ log: recordingLog().log, busAddress: bus.address });
  t.after(() => notifier.close());
  const seen: [string, NotificationAction | 'open'][] = [];
  notifier.onAction((id, action) => seen.push([id, action]));
  await notifier.notify(page({ incidentId: 'inc_a' }));
  await notifier.notify(page({ incidentId: 'inc_b' }));
  await notifier.notify(page({ incidentId: 'inc_c' }));
  const [a, b, c] = server!.calls;
  server!.invokeAction(a!.id, 'acknowledge');
  server!.invokeAction(b!.id, 'snooze');
  server!.invokeAction(c!.id, 'default');
  await eventually(() => seen.length === 3, 'three actions');
  assert.deepEqual(seen, [['inc_a', 'acknowledge'], ['inc_b', 'snooze'], ['inc_c', 'open']]);
});

test('an ActionInvoked signal from another program on the bus is ignored', async (t) => {
  const { bus, server } = await setup(t);
  const notifier = await createDbusNotifier({ log: recordingLog().log, busAddress: bus.address });
  t.after(() => notifier.close());
  const seen: string[] = [];
  notifier.onAction((id, action) => seen.push(`${id} ${action}`));
  await notifier.notify(page());
  const id = server!.calls[0]!.id;

  const intruder = sessionBus({ busAddress: bus.address });
  intruder.on('error', () => {});
  t.after(() => intruder.disconnect());
  await new Promise<void>((resolve) => intruder.once('connect', () => resolve()));
  intruder.send(Message.newSignal('/org/freedesktop/Notifications', 'org.freedesktop.Notifications', 'ActionInvoked', 'us', [id, 'acknowledge']));
  // Then a genuine click, which must arrive after the forged one (the bus keeps order per sender, and this one is later).
  await new Promise((r) => setTimeout(r, 200));
  server!.invokeAction(id, 'snooze');
  await eventually(() => seen.length > 0, 'the genuine click');
  assert.deepEqual(seen, ['inc_1 snooze'], 'only the notification server\'s own click counts');
});

test('with no notification server, or one that never answers, the adapter refuses within about a second', async (t) => {
  const { bus } = await setup(t, false);
  let started = Date.now();
  await assert.rejects(createDbusNotifier({ log: recordingLog().log, busAddress: bus.address }), /no notification server answers/);
  assert.ok(Date.now() - started < 5000, `took ${Date.now() - started} ms`);

  // A hung server: owns the name, swallows every call.
  const hung = sessionBus({ busAddress: bus.address });
  hung.on('error', () => {});
  t.after(() => hung.disconnect());
  hung.addMethodHandler(() => true);
  await new Promise<void>((resolve) => hung.once('connect', () => resolve()));
  await hung.requestName('org.freedesktop.Notifications', 0);
  started = Date.now();
  await assert.rejects(createDbusNotifier({ log: recordingLog().log, busAddress: bus.address, probeTimeoutMs: 1000 }), /GetServerInformation got no answer within 1000 ms/);
  assert.ok(Date.now() - started < 5000, `took ${Date.now() - started} ms`);
});

test('selectNotifier: with a server it picks D-Bus; without one it says so in one line and returns "none"', async (t) => {
  const { bus } = await setup(t, false);
  const without = recordingLog();
  const none = await selectNotifier({ log: without.log, prefer: 'dbus', busAddress: bus.address });
  assert.equal(none.name, 'none');
  assert.equal(without.lines.length, 1, without.lines.join('\n'));
  assert.match(without.lines[0]!, /^warn: notifications: off — no notification server answers on the session bus/);

  const noBus = recordingLog();
  const saved = process.env.DBUS_SESSION_BUS_ADDRESS;
  delete process.env.DBUS_SESSION_BUS_ADDRESS;
  try {
    assert.equal((await selectNotifier({ log: noBus.log, prefer: 'dbus' })).name, 'none');
  } finally {
    if (saved !== undefined) process.env.DBUS_SESSION_BUS_ADDRESS = saved;
  }
  assert.equal(noBus.lines.length, 1);
  assert.match(noBus.lines[0]!, /DBUS_SESSION_BUS_ADDRESS is not set/);

  const deadBus = recordingLog();
  assert.equal((await selectNotifier({ log: deadBus.log, prefer: 'dbus', busAddress: 'unix:path=/nonexistent/klaxon-test-bus' })).name, 'none');
  assert.equal(deadBus.lines.length, 1);
  assert.match(deadBus.lines[0]!, /notifications: off — cannot reach the session bus at unix:path=\/nonexistent/);

  const server = await startFakeNotificationServer(bus.address);
  t.after(() => server.stop());
  const withServer = recordingLog();
  const dbus = await selectNotifier({ log: withServer.log, prefer: 'dbus', busAddress: bus.address });
  t.after(() => dbus.close());
  assert.equal(dbus.name, 'dbus');
  assert.deepEqual(withServer.lines, ['info: notifications: D-Bus, shown by klaxon-test-notifyd 1.0 (klaxon)']);
});

test('when the bus goes away, notify rejects instead of hanging', async (t) => {
  const { bus } = await setup(t);
  const { log, lines } = recordingLog();
  const notifier = await createDbusNotifier({ log, busAddress: bus.address, callTimeoutMs: 2000 });
  t.after(() => notifier.close());
  await bus.stop();
  await assert.rejects(notifier.notify(page()));
  await eventually(() => lines.some((l) => l.includes('lost the D-Bus session bus')), 'the lost-bus warning');
});
