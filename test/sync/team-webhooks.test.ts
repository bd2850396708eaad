// Outbound webhooks across a team of two real `klaxon serve` hosts (on fake clocks) and one local receiver: an event
// written on A is delivered by A, one written on B by B, each once; B stopped (asleep) drops none of A's events and,
// woken, does not deliver them again; a receiver that fails and then recovers gets the event once it answers 2xx,
// retried by the clock. A local action on B runs for A's event on B, once.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { newMember, team, serve, api, incidents, inviteAndJoin, trigger, eventually, type Member } from './support/team-processes.ts';
import { startWebhookReceiver } from '../support/webhook-receiver.ts';
import { tempDir } from '../support/temp-dir.ts';
import { runKlaxon } from '../integration/support/klaxon-process.ts';

interface Delivery { messageId: string; event: string; state: string; attempts: number; incidentId: string }
const FAKE = { args: ['--fake-clock'], env: { KLAXON_TEST_HOOKS: '1' } };
const deliveries = async (m: Member, hookId: string) => (await api<{ deliveries: Delivery[] }>(m, 'GET', `/api/webhooks/${hookId}/deliveries`)).body.deliveries;
const device = (messageId: string) => messageId.slice(0, messageId.lastIndexOf(':'));

test('each event is delivered once, by the device that wrote it; a sleeping teammate drops nothing; a failing receiver gets it once it recovers', async (t) => {
  const [a, b] = await Promise.all([newMember(t, 'a'), newMember(t, 'b')]);
  const receiver = await startWebhookReceiver();
  t.after(() => receiver.close());
  await team(a, 'create', '--name', 'Ops');
  await serve(a, true, undefined, FAKE);
  await inviteAndJoin(a, b);
  // The receiver is on 127.0.0.1, a private address: B posts there for a subscription A set up only when it allows
  // private targets (outbound-guard.ts).
  await runKlaxon(['monitors', 'private-targets', 'on', '--data-dir', b.dir]);
  await serve(b, true, undefined, FAKE);

  const created = await api<{ webhook: { id: string } }>(a, 'POST', '/api/webhooks', { url: receiver.url, events: ['triggered', 'acknowledged'] });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  const hookId = created.body.webhook.id;
  await eventually(async () => ((await api(b, 'GET', `/api/webhooks/${hookId}`)).status === 200 ? true : undefined), { what: 'b to hold the subscription' });
  // B flashes its light for every trigger, A's too (a local action is B's own: set on B, never replicated).
  const flashes = path.join(tempDir(t), 'flashes');
  const action = await api<{ action: { id: string } }>(b, 'POST', '/api/local-actions', {
    name: 'Flash', events: ['triggered'], command: [process.execPath, '-e', `require('node:fs').appendFileSync(${JSON.stringify(flashes)}, 'flash\\n')`],
  });
  assert.equal(action.status, 201, JSON.stringify(action.body));
  assert.deepEqual((await api<{ actions: unknown[] }>(a, 'GET', '/api/local-actions')).body.actions, [], 'not on A');

  // Written on A, acknowledged on B.
  await trigger(a, a.init.routingKey, 'disk', 'Disk full on db-1');
  const x = await eventually(async () => (await incidents(b)).find((i) => i.dedupKey === 'disk'), { what: 'b to see the incident' });
  assert.equal((await api(b, 'PATCH', `/api/incidents/${x.id}`, { status: 'ACKNOWLEDGED' })).status, 200);
  await eventually(() => (receiver.received.length >= 2 ? true : undefined), { what: 'both events delivered' });
  const [onA] = await deliveries(a, hookId);
  const [onB] = await deliveries(b, hookId);
  assert.deepEqual([onA!.event, onA!.state, (await deliveries(a, hookId)).length], ['triggered', 'delivered', 1], 'A owes only what A wrote');
  assert.deepEqual([onB!.event, onB!.state, (await deliveries(b, hookId)).length], ['acknowledged', 'delivered', 1], 'B only what B wrote');
  assert.notEqual(device(onA!.messageId), device(onB!.messageId));
  assert.deepEqual(receiver.received.map((r) => r.headers['webhook-id']).sort(), [onA!.messageId, onB!.messageId].sort());
  await eventually(() => (fs.existsSync(flashes) ? true : undefined), { what: "b's light to flash for a's trigger" });

  // B asleep: A's events go out all the same; B, woken, catches up and owes none of them.
  await b.proc!.stop();
  await trigger(a, a.init.routingKey, 'cpu', 'CPU pegged on web-3');
  const y = await eventually(async () => (await incidents(a)).find((i) => i.dedupKey === 'cpu'), { what: 'a to open it' });
  assert.equal((await api(a, 'PATCH', `/api/incidents/${y.id}`, { status: 'ACKNOWLEDGED' })).status, 200);
  await eventually(async () => ((await deliveries(a, hookId)).filter((d) => d.incidentId === y.id && d.state === 'delivered').length === 2 ? true : undefined), { what: "a to deliver both of y's events" });
  await serve(b, true, undefined, FAKE);
  await eventually(async () => ((await incidents(b)).find((i) => i.id === y.id)?.status === 'acknowledged' ? true : undefined), { what: 'b to catch up' });

  // The receiver fails, then recovers: A retries by its clock, and the event is accepted once.
  receiver.mode = 'fail';
  await trigger(a, a.init.routingKey, 'mem', 'Out of memory on worker-2');
  const z = await eventually(async () => (await deliveries(a, hookId)).find((d) => d.event === 'triggered' && d.attempts >= 1 && d.incidentId !== x.id && d.incidentId !== y.id), { what: 'a first, failed try' });
  assert.equal(z.state, 'pending');
  receiver.mode = 'ok';
  const okFrom = receiver.received.length;
  assert.equal((await api(a, 'POST', '/__test/clock/advance', { ms: 10 * 60_000 })).status, 200);
  await eventually(async () => ((await deliveries(a, hookId)).find((d) => d.messageId === z.messageId)?.state === 'delivered' ? true : undefined), { what: 'the retry to get through' });
  assert.deepEqual(receiver.received.slice(okFrom).map((r) => r.headers['webhook-id']), [z.messageId], 'accepted once');
  assert.ok(receiver.received.slice(0, okFrom).some((r) => r.headers['webhook-id'] === z.messageId), 'it had been tried while failing');

  // Nothing was delivered twice, by either device, and B never delivered A's events (its log still holds one).
  // (The tries the failing receiver answered 500 aside.)
  const accepted = receiver.received.filter((r, i) => i >= okFrom || r.headers['webhook-id'] !== z.messageId).map((r) => r.headers['webhook-id']);
  assert.equal(new Set(accepted).size, accepted.length, `no doubles: ${accepted.join(', ')}`);
  assert.equal(accepted.length, 5, 'x triggered and acknowledged, y triggered and acknowledged, z triggered');
  assert.deepEqual((await deliveries(b, hookId)).map((d) => d.event), ['acknowledged']);
  // B's light: once per trigger it saw (x; y, synced after it woke; z).
  await eventually(() => (fs.readFileSync(flashes, 'utf8') === 'flash\n'.repeat(3) ? true : undefined), { what: "b's light to flash for z" });
  const runs = await api<{ runs: { state: string }[] }>(b, 'GET', `/api/local-actions/${action.body.action.id}/runs`);
  assert.deepEqual(runs.body.runs.map((r) => r.state), ['succeeded', 'succeeded', 'succeeded']);
});
