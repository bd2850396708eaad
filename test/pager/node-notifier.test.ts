// The node-notifier adapter (the headless host's choice on macOS and Windows). On Linux node-notifier drives
// notify-send, which talks to the session bus: so the same private bus and notification server show that a page
// sent through the adapter reaches a notification server with its text.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startSessionBus } from '../support/session-bus.ts';
import { startFakeNotificationServer } from '../support/fake-notification-server.ts';
import { selectNotifier } from '../../src-main/pager/select-notifier.ts';
import { silentLogger } from '../../src-main/log.ts';
import { teardownStack } from './teardown.ts';

test('a page through node-notifier reaches the notification server with its title and body', async (t) => {
  const cleanup = teardownStack(t);
  const bus = await startSessionBus();
  cleanup(() => bus.stop());
  const server = await startFakeNotificationServer(bus.address);
  cleanup(() => server.stop());
  const saved = process.env.DBUS_SESSION_BUS_ADDRESS;
  process.env.DBUS_SESSION_BUS_ADDRESS = bus.address; // notify-send, node-notifier's child, inherits it
  cleanup(() => { if (saved === undefined) delete process.env.DBUS_SESSION_BUS_ADDRESS; else process.env.DBUS_SESSION_BUS_ADDRESS = saved; });

  const notifier = await selectNotifier({ log: silentLogger, prefer: 'node-notifier' });
  cleanup(() => notifier.close());
  assert.equal(notifier.name, 'node-notifier');
  await notifier.notify({ incidentId: 'inc_1', title: 'Backups failing', body: 'Storage · HIGH', urgency: 'critical', sound: false, actions: ['acknowledge'] });
  const call = await server.waitForNotify((c) => c.summary.includes('Backups failing'), 20_000);
  assert.equal(call.summary, 'Klaxon: Backups failing');
  assert.equal(call.body, 'Storage · HIGH');
  await notifier.withdraw('inc_1'); // cannot take it back, and must not fail trying
});
