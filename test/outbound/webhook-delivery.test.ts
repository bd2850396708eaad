// Outbound webhook delivery against a local receiver that fails, hangs and recovers, on a fake clock: every try is
// signed per the Standard Webhooks spec (checked by the package's own Webhook.verify) with the same webhook-id; it
// is retried with backoff until a 2xx, across a restart, and given up after a day. In a team of two, only the device
// that wrote an event delivers it.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { Webhook } from 'standardwebhooks';
import { createEngine } from '../../src-main/engine/engine.ts';
import { FakeClock } from '../../src-main/clock.ts';
import { silentLogger } from '../../src-main/log.ts';
import type { Engine } from '../../src-main/engine/types.ts';
import { createWebhookRunner, type WebhookRunner } from '../../src-main/outbound/webhook-runner.ts';
import { deliveriesOf } from '../../src-main/store/webhook-deliveries.ts';
import { tempDir } from '../support/temp-dir.ts';
import { startWebhookReceiver, type TestReceiver } from '../support/webhook-receiver.ts';

// Real time, so the package's verifier (which refuses timestamps five minutes off its own clock) accepts them.
const open = (dir: string, clock: FakeClock) => createEngine({ dataDir: dir, clock, log: silentLogger });
const runnerFor = (engine: Engine, clock: FakeClock) => {
  // random 0: the shortest wait of each backoff step, so the test knows when a retry falls due. A timeout of 2 s
  // (real time): long enough that a loaded machine still sees the failing receiver's 500 in the first try.
  const r = createWebhookRunner({ engine, clock, log: silentLogger, timeoutMs: 2_000, random: () => 0 });
  r.start();
  return r;
};
const verified = (secret: string, hook: { headers: Record<string, string>; body: string }) =>
  new Webhook(secret).verify(hook.body, hook.headers) as { type: string; data: { incident: { title: string; service: { name: string } } } };

async function setup(t: TestContext): Promise<{ clock: FakeClock; engine: Engine; receiver: TestReceiver }> {
  const clock = new FakeClock(Date.now());
  const engine = open(tempDir(t), clock);
  const receiver = await startWebhookReceiver();
  t.after(async () => { await receiver.close(); await engine.close(); });
  return { clock, engine, receiver };
}

test('a failing, then hanging receiver gets the event again, signed, with one webhook-id, until it answers 2xx — across a restart', async (t) => {
  const { clock, engine, receiver } = await setup(t);
  const svc = await engine.createService({ name: 'Checkout' });
  const hook = await engine.createWebhook({ url: receiver.url, events: ['triggered'] }, 'user:ana');
  let runner: WebhookRunner = runnerFor(engine, clock);
  t.after(() => runner.close());

  receiver.mode = 'fail';
  const incident = await engine.createIncident({ title: 'Cart is empty for everyone', serviceId: svc.id }, 'user:ana');
  await runner.settled();
  let [d] = deliveriesOf(engine.store, hook.id, 10);
  assert.deepEqual([d!.state, d!.attempts, d!.last_status, d!.event, d!.incident_id], ['pending', 1, 500, 'triggered', incident.id]);
  assert.equal(Buffer.byteLength(d!.last_response!), 2048, 'the response is kept to 2 KB');
  assert.match(d!.last_response!, /^database down/);
  assert.equal(d!.next_at, clock.now() + 2_500, 'first retry after 5 s, jittered down to half');

  receiver.mode = 'hang';
  clock.advance(2_500);
  await runner.settled();
  [d] = deliveriesOf(engine.store, hook.id, 10);
  assert.deepEqual([d!.state, d!.attempts, d!.last_status, d!.last_error], ['pending', 2, null, 'no answer within 2000 ms']);

  // Klaxon restarts: the schedule is in the table, and the new runner keeps it.
  await runner.close();
  runner = runnerFor(engine, clock);
  receiver.mode = 'ok';
  clock.advance(4_999);
  await runner.settled();
  assert.equal(receiver.received.length, 2, 'not before its time');
  clock.advance(1);
  await runner.settled();
  [d] = deliveriesOf(engine.store, hook.id, 10);
  assert.deepEqual([d!.state, d!.attempts, d!.last_status], ['delivered', 3, 204]);
  assert.equal(receiver.received.length, 3);

  const ids = new Set(receiver.received.map((r) => r.headers['webhook-id']));
  assert.equal(ids.size, 1, 'every try carries the same idempotency id');
  assert.match([...ids][0]!, new RegExp(`^${engine.deviceId}:\\d+$`), 'the op id');
  for (const r of receiver.received) {
    const body = verified(hook.secret, r);
    assert.equal(body.type, 'incident.triggered');
    assert.equal(body.data.incident.title, 'Cart is empty for everyone');
    assert.equal(body.data.incident.service.name, 'Checkout');
  }
  assert.throws(() => new Webhook(`whsec_${Buffer.alloc(24, 7).toString('base64')}`).verify(receiver.received[2]!.body, receiver.received[2]!.headers), /signature/i,
    'another secret does not verify');
});

test('a receiver down for good is given up after a day; "send again" tries it at once', async (t) => {
  const { clock, engine, receiver } = await setup(t);
  const svc = await engine.createService({ name: 'Search' });
  const hook = await engine.createWebhook({ url: receiver.url, events: ['triggered'] }, 'user:ana');
  const runner = runnerFor(engine, clock);
  t.after(() => runner.close());
  receiver.mode = 'fail';
  await engine.createIncident({ title: 'Search returns nothing', serviceId: svc.id }, 'user:ana');
  await runner.settled();
  for (let h = 0; h < 26; h++) { clock.advance(60 * 60_000); await runner.settled(); }
  const [d] = deliveriesOf(engine.store, hook.id, 10);
  assert.equal(d!.state, 'failed');
  assert.equal(d!.next_at, null);
  const tries = d!.attempts;
  assert.ok(tries > 10 && tries < 60, `backoff: ${tries} tries in a day`);
  clock.advance(24 * 60 * 60_000);
  await runner.settled();
  assert.equal(deliveriesOf(engine.store, hook.id, 10)[0]!.attempts, tries, 'nothing more once given up');

  receiver.mode = 'ok';
  const again = await runner.resend(d!.id);
  assert.deepEqual([again.state, again.attempts, again.last_status], ['delivered', tries + 1, 204]);
});

test('only the events and services subscribed are delivered; the Slack format is one line of text', async (t) => {
  const { clock, engine, receiver } = await setup(t);
  const web = await engine.createService({ name: 'Web' });
  const batch = await engine.createService({ name: 'Batch' });
  await engine.createWebhook({ url: receiver.url, events: ['acknowledged'], serviceIds: [web.id], format: 'slack' }, 'user:ana');
  const runner = runnerFor(engine, clock);
  t.after(() => runner.close());
  const onWeb = await engine.createIncident({ title: 'Login page 502', serviceId: web.id }, 'user:ana');
  const onBatch = await engine.createIncident({ title: 'Nightly job late', serviceId: batch.id }, 'user:ana');
  await engine.acknowledge([onWeb.id, onBatch.id], 'user:ana');
  await runner.settled();
  assert.deepEqual(receiver.received.map((r) => JSON.parse(r.body)), [{ text: 'Acknowledged: Login page 502 (Web) by user:ana' }]);
  assert.ok(receiver.received[0]!.headers['webhook-signature']!.startsWith('v1,'));
});

test('in a team of two, the device that wrote an event delivers it, and only that one', async (t) => {
  const { clock, engine: a, receiver } = await setup(t);
  const b = open(tempDir(t), clock);
  t.after(() => b.close());
  const sync = async (from: Engine, to: Engine) => { await to.applyRemoteOps(from.opsSince(from.deviceId, 0, 10_000)); };
  const svc = await a.createService({ name: 'Payments' });
  const hook = await a.createWebhook({ url: receiver.url, events: ['triggered', 'acknowledged'] }, 'user:ana');
  await sync(a, b);
  const ra = runnerFor(a, clock);
  const rb = runnerFor(b, clock);
  t.after(async () => { await ra.close(); await rb.close(); });

  const incident = await a.createIncident({ title: 'Card payments declined', serviceId: svc.id }, 'user:ana');
  await sync(a, b);
  await b.acknowledge([incident.id], 'user:ben');
  await sync(b, a);
  await ra.settled();
  await rb.settled();
  // The subscription's URL was set on A, and it is a private address (127.0.0.1): B does not post there for a teammate
  // until B allows private targets.
  const [refused] = deliveriesOf(b.store, hook.id, 10);
  assert.equal(refused!.state, 'pending');
  assert.match(refused!.last_error!, /^not sent: 127\.0\.0\.1 is a private address and this URL was set on another device/);
  assert.equal(receiver.received.length, 1, 'only A\'s delivery arrived');
  await b.updateSettings({ monitors: { allowPrivateTargets: true } });
  clock.advance(2_500);
  await rb.settled();

  const got = receiver.received.map((r) => [verified(hook.secret, r).type, r.headers['webhook-id']!.split(':')[0]]);
  assert.deepEqual(got, [['incident.triggered', a.deviceId], ['incident.acknowledged', b.deviceId]]);
  assert.deepEqual(deliveriesOf(a.store, hook.id, 10).map((d) => d.event), ['triggered'], 'A owes only what A wrote');
  assert.deepEqual(deliveriesOf(b.store, hook.id, 10).map((d) => d.event), ['acknowledged'], 'B only what B wrote');
});
