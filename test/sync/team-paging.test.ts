// Paging across devices: every device of a team pages its own person for HIGH incidents of any device, and an
// acknowledgement on any device withdraws the page everywhere as soon as the op arrives. Real hosts, a real session
// D-Bus with a notification server watching Notify and CloseNotification.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { newMember, team, serve, api, trigger, incidents, inviteAndJoin, eventually } from './support/team-processes.ts';
import { startSessionBus } from '../support/session-bus.ts';
import { startFakeNotificationServer } from '../support/fake-notification-server.ts';

test('an incident opened on one laptop pages the other, and an acknowledgement on the first withdraws that page', async (t) => {
  const bus = await startSessionBus();
  t.after(() => bus.stop());
  const notifications = await startFakeNotificationServer(bus.address);
  t.after(() => notifications.stop());

  const [a, b] = await Promise.all([newMember(t, 'a'), newMember(t, 'b')]);
  await team(a, 'create', '--name', 'Ops');
  await serve(a);
  await inviteAndJoin(a, b);
  await serve(b, true, bus.address);

  await trigger(a, a.init.routingKey, 'db-down', 'Primary database down');
  const page = await notifications.waitForNotify((c) => c.summary === 'Primary database down', 20_000);
  assert.equal(page.hints.urgency, 2, 'a HIGH incident pages loudly');

  const id = (await incidents(a)).find((i) => i.dedupKey === 'db-down')!.id;
  const acked = await api(a, 'PATCH', `/api/incidents/${id}`, { status: 'acknowledged' });
  assert.equal(acked.status, 200);
  const started = Date.now();
  await notifications.waitForClose(page.id, 10_000);
  const withdrawnInMs = Date.now() - started;
  // B shows who acknowledged, and stops repeating the page.
  await eventually(async () => ((await incidents(b)).find((i) => i.id === id)?.status === 'acknowledged' ? true : undefined), { what: 'b to show the acknowledgement' });
  const pagesBefore = notifications.calls.filter((c) => c.summary === 'Primary database down').length;
  await new Promise((r) => setTimeout(r, 1500));
  assert.equal(notifications.calls.filter((c) => c.summary === 'Primary database down').length, pagesBefore, 'b paged again after the acknowledgement');
  t.diagnostic(`acknowledged on a → b withdrew its page in ${withdrawnInMs} ms`);
});
