// What GET /metrics says of paging, against a real session D-Bus with a notification server on it: a page the
// desktop showed is a page sent, the bubble withdrawn after an acknowledgement is a page withdrawn, and once the
// notification server is gone the next page is a notifier error, not a page sent.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startSessionBus } from '../support/session-bus.ts';
import { startFakeNotificationServer } from '../support/fake-notification-server.ts';
import { startServer, fetchJson, pollUntil, type TestServer } from '../support/server.ts';
import { scrape } from '../support/scrape.ts';
import { teardownStack } from './teardown.ts';

const trigger = async (s: TestServer, dedupKey: string) => {
  const res = await fetchJson(s.baseUrl, '/v2/enqueue', {
    body: { routing_key: s.routingKey, event_action: 'trigger', dedup_key: dedupKey, payload: { summary: dedupKey, source: 'db-1', severity: 'critical' } },
  });
  assert.equal(res.status, 202, res.text);
  return res.body.dedup_key as string;
};

test('pages sent and withdrawn are counted as the desktop took them; a page nobody can show is a notifier error', async (t) => {
  const cleanup = teardownStack(t);
  const bus = await startSessionBus();
  cleanup(() => bus.stop());
  const notifications = await startFakeNotificationServer(bus.address);
  let serverStopped = false;
  cleanup(() => (serverStopped ? undefined : notifications.stop()));
  const saved = process.env.DBUS_SESSION_BUS_ADDRESS;
  process.env.DBUS_SESSION_BUS_ADDRESS = bus.address;
  cleanup(() => { if (saved === undefined) delete process.env.DBUS_SESSION_BUS_ADDRESS; else process.env.DBUS_SESSION_BUS_ADDRESS = saved; });
  const klaxon = await startServer({ notifier: 'auto' });
  cleanup(() => klaxon.close());
  const metric = async (name: string, labels: Record<string, string>) => (await scrape(klaxon.baseUrl, klaxon.adminKey)).value(name, labels);

  assert.equal(await metric('klaxon_pages_sent_total', { kind: 'incident' }), 0);
  await trigger(klaxon, 'db-down');
  const page = await notifications.waitForNotify((c) => c.summary === 'db-down');
  await pollUntil(async () => (await metric('klaxon_pages_sent_total', { kind: 'incident' })) === 1, { message: 'the page was not counted as sent' });

  const list = await fetchJson(klaxon.baseUrl, '/api/incidents', { key: klaxon.adminKey });
  const id = list.body.incidents.find((i: { dedupKey: string }) => i.dedupKey === 'db-down').id as string;
  const acked = await fetchJson(klaxon.baseUrl, `/api/incidents/${id}`, { method: 'PATCH', key: klaxon.adminKey, body: { status: 'acknowledged' } });
  assert.equal(acked.status, 200, acked.text);
  await notifications.waitForClose(page.id);
  await pollUntil(async () => (await metric('klaxon_pages_withdrawn_total', { kind: 'incident' })) === 1, { message: 'the withdrawn page was not counted' });
  assert.equal(await metric('klaxon_notifier_errors_total', { operation: 'notify' }), 0);

  // The notification server leaves the bus: the next page fails at the OS.
  await notifications.stop();
  serverStopped = true;
  await trigger(klaxon, 'api-down');
  await pollUntil(async () => (await metric('klaxon_notifier_errors_total', { operation: 'notify' }))! >= 1, { message: 'the failed page was not counted as a notifier error' });
  assert.equal(await metric('klaxon_pages_sent_total', { kind: 'incident' }), 1, 'a refused page is not a page sent');
});
