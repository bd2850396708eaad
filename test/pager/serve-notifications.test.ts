// The headless host pages too: the real `klaxon serve` process, with DBUS_SESSION_BUS_ADDRESS pointing at a private
// session bus. With a notification server there, a HIGH trigger becomes a Notify call and its Acknowledge button
// acknowledges; with none, the host says so in one line and keeps serving.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startSessionBus, type SessionBus } from '../support/session-bus.ts';
import { teardownStack } from './teardown.ts';
import { startFakeNotificationServer } from '../support/fake-notification-server.ts';
import { klaxon, serve, type Served } from '../support/cli.ts';
import { fetchJson, pollUntil, makeTempDir, removeDir } from '../support/server.ts';

async function startHost(cleanup: (fn: () => unknown) => void, bus: SessionBus, extraArgs: string[] = []): Promise<Served & { routingKey: string; apiKey: string }> {
  const dir = makeTempDir();
  cleanup(() => removeDir(dir));
  const init = await klaxon(['init', '--data-dir', dir, '--json']);
  assert.equal(init.code, 0, init.stderr);
  const { routingKey, apiKey } = JSON.parse(init.stdout) as { routingKey: string; apiKey: string };
  const host = await serve(['--data-dir', dir, '--port', '0', ...extraArgs], { DBUS_SESSION_BUS_ADDRESS: bus.address, KLAXON_NOTIFIER: '' });
  cleanup(async () => {
    if (host.child.exitCode === null) {
      host.child.kill('SIGTERM');
      const timer = setTimeout(() => host.child.kill('SIGKILL'), 10_000);
      await host.exited;
      clearTimeout(timer);
    }
  });
  return { ...host, routingKey, apiKey };
}

const trigger = (baseUrl: string, routingKey: string, dedupKey: string, summary: string) =>
  fetchJson(baseUrl, '/v2/enqueue', { body: { routing_key: routingKey, event_action: 'trigger', dedup_key: dedupKey, payload: { summary, source: 'db-1', severity: 'critical' } } });

test('klaxon serve pages through D-Bus, and the Acknowledge button acknowledges', async (t) => {
  const cleanup = teardownStack(t);
  const bus = await startSessionBus();
  cleanup(() => bus.stop());
  const notifications = await startFakeNotificationServer(bus.address);
  cleanup(() => notifications.stop());
  const host = await startHost(cleanup, bus);
  assert.match(host.stderr(), /notifications: D-Bus, shown by klaxon-test-notifyd/);
  assert.match(host.stderr(), /notifier: dbus/);

  const res = await trigger(host.baseUrl, host.routingKey, 'replication-lag', 'Replication lag above 30 s');
  assert.equal(res.status, 202, res.text);
  const call = await notifications.waitForNotify((c) => c.summary === 'Replication lag above 30 s', 20_000);
  assert.equal(call.hints.urgency, 2);

  notifications.invokeAction(call.id, 'acknowledge');
  const acked = await pollUntil(async () => {
    const list = await fetchJson(host.baseUrl, '/api/incidents?status=acknowledged', { key: host.apiKey });
    return list.body.incidents.find((i: { dedupKey: string }) => i.dedupKey === 'replication-lag');
  }, { message: 'the API never reported the incident acknowledged' });
  assert.match(acked.acknowledgedBy, /^user:/);
});

test('klaxon serve with no notification server says so once and keeps serving', async (t) => {
  const cleanup = teardownStack(t);
  const bus = await startSessionBus();
  cleanup(() => bus.stop());
  const host = await startHost(cleanup, bus);
  const lines = host.stderr().split('\n').filter((l) => /notification/i.test(l));
  assert.equal(lines.length, 1, host.stderr());
  assert.match(lines[0]!, /notifications: off — no notification server answers on the session bus/);
  assert.match(host.stderr(), /notifier: none/);

  const res = await trigger(host.baseUrl, host.routingKey, 'still-serving', 'Still serving');
  assert.equal(res.status, 202, res.text);
  const list = await fetchJson(host.baseUrl, '/api/incidents?status=triggered', { key: host.apiKey });
  assert.ok(list.body.incidents.some((i: { dedupKey: string }) => i.dedupKey === 'still-serving'));
  assert.equal(host.child.exitCode, null, 'still running');
  assert.equal(host.stderr().split('\n').filter((l) => /notification/i.test(l)).length, 1, 'no further complaints');
});
