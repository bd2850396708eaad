// What the webhook runner owes beyond the events it hears as they commit: the events written while it was not
// listening (a crash between an op's commit and its delivery being recorded, a stop) are delivered at its next start,
// once; and escalations the clock makes (no op records them) are delivered as `incident.escalated`, by the device that
// triggered the incident only, once per level even across restarts.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { createEngine } from '../../src-main/engine/engine.ts';
import { FakeClock } from '../../src-main/clock.ts';
import { silentLogger } from '../../src-main/log.ts';
import type { Engine } from '../../src-main/engine/types.ts';
import { createWebhookRunner, type WebhookRunner } from '../../src-main/outbound/webhook-runner.ts';
import { CreateSchedule, CreateEscalationPolicy } from '../../src-shared/schemas/oncall.ts';
import { tempDir } from '../support/temp-dir.ts';
import { startWebhookReceiver, type TestReceiver } from '../support/webhook-receiver.ts';

const T0 = Date.parse('2026-03-06T16:00:00Z');
const MIN = 60_000;
const open = (dir: string, clock: FakeClock) => createEngine({ dataDir: dir, clock, log: silentLogger });

async function setup(t: TestContext): Promise<{ clock: FakeClock; engine: Engine; receiver: TestReceiver; dir: string; run: () => WebhookRunner }> {
  const clock = new FakeClock(T0);
  const dir = tempDir(t);
  const engine = open(dir, clock);
  const receiver = await startWebhookReceiver();
  const runners: WebhookRunner[] = [];
  t.after(async () => { for (const r of runners) await r.close(); await receiver.close(); await engine.close(); });
  const run = () => {
    const r = createWebhookRunner({ engine, clock, log: silentLogger, timeoutMs: 2_000, random: () => 0 });
    r.start();
    runners.push(r);
    return r;
  };
  return { clock, engine, receiver, dir, run };
}

const types = (r: TestReceiver) => r.received.map((h) => [h.headers['webhook-id'], (JSON.parse(h.body) as { type: string }).type]);

test('events written while the runner was not listening are delivered at its next start, once each', async (t) => {
  const { engine, receiver, run } = await setup(t);
  const svc = await engine.createService({ name: 'Checkout' });
  await engine.createWebhook({ url: receiver.url, events: ['triggered', 'acknowledged', 'resolved'] }, 'user:ana');
  const first = run();
  const before = await engine.createIncident({ title: 'Heard live', serviceId: svc.id }, 'user:ana');
  await first.settled();
  await first.close();

  // Committed, never heard: what a crash between the commit and the delivery's record leaves.
  const missed = await engine.createIncident({ title: 'Written during the gap', serviceId: svc.id }, 'user:ana');
  await engine.acknowledge([missed.id, before.id], 'user:ana');
  assert.equal(receiver.received.length, 1);

  const second = run();
  await second.settled();
  const ids = engine.opsSince(engine.deviceId, 0, 1000).filter((o) => o.entity === missed.id || o.type === 'incident.acknowledged').map((o) => o.id);
  assert.deepEqual(types(receiver).slice(1).sort(), [
    [ids[0], 'incident.triggered'], [ids[1], 'incident.acknowledged'], [ids[2], 'incident.acknowledged'],
  ].sort(), 'the missed trigger and both acknowledgements');
  await second.close();

  // Started again with nothing new: nothing is owed twice.
  const third = run();
  await third.settled();
  assert.equal(receiver.received.length, 4);
  assert.equal(new Set(receiver.received.map((h) => h.headers['webhook-id'])).size, 4);
});

test('many events owed at start (a long gap) are all delivered, a few at a time, each once', async (t) => {
  const { engine, receiver, run } = await setup(t);
  const svc = await engine.createService({ name: 'Batch' });
  await engine.createWebhook({ url: receiver.url, events: ['triggered'] }, 'user:ana');
  await run().close();
  for (let i = 0; i < 40; i++) await engine.createIncident({ title: `Job ${i} failed`, serviceId: svc.id }, 'user:ana');
  const r = run();
  await r.settled();
  const ids = receiver.received.map((h) => h.headers['webhook-id']);
  assert.equal(ids.length, 40);
  assert.equal(new Set(ids).size, 40);
});

test('a subscription made after an event is owed nothing for it, even when the runner starts after both', async (t) => {
  const { engine, receiver, run, clock } = await setup(t);
  const svc = await engine.createService({ name: 'Search' });
  await run().close();
  await engine.createIncident({ title: 'Older than the subscription', serviceId: svc.id }, 'user:ana');
  clock.advance(1_000);
  await engine.createWebhook({ url: receiver.url, events: ['triggered'] }, 'user:ana');
  const r = run();
  await r.settled();
  assert.equal(receiver.received.length, 0);
});

/** Alice on level 1 for 5 minutes, Bob on level 2 for 10, then once more from level 1. */
async function withPolicy(engine: Engine) {
  const alice = await engine.createUser('Alice');
  const bob = await engine.createUser('Bob');
  const nights = await engine.createSchedule(CreateSchedule.parse({
    name: 'Secondary', timeZone: 'UTC', layers: [{ start: '2026-03-01T00:00:00', rotation: 'weekly', userIds: [bob] }],
  }), 'x');
  const policy = await engine.createPolicy(CreateEscalationPolicy.parse({
    name: 'Web', repeat: 1, levels: [{ delayMinutes: 5, targets: [{ type: 'user', id: alice }] }, { delayMinutes: 10, targets: [{ type: 'schedule', id: nights.id }] }],
  }), 'x');
  const svc = await engine.createService({ name: 'Web' });
  await engine.updateService(svc.id, { escalationPolicyId: policy.id });
  return svc;
}

test('an escalation the clock makes is delivered as incident.escalated once per level, also across a restart', async (t) => {
  const { clock, engine, receiver, run } = await setup(t);
  const svc = await withPolicy(engine);
  await engine.createWebhook({ url: receiver.url, events: ['escalated'] }, 'user:ana');
  let r = run();
  const incident = await engine.createIncident({ title: 'Checkout 500s', serviceId: svc.id }, 'user:ana');
  await r.settled();
  assert.equal(receiver.received.length, 0, 'level 1 is the trigger, not an escalation');

  clock.advance(5 * MIN);
  await r.settled();
  assert.deepEqual(types(receiver), [[`esc:${incident.id}:1:2:0`, 'incident.escalated']]);
  const body = JSON.parse(receiver.received[0]!.body) as { timestamp: string; data: { by: string; text: string; incident: { id: string } } };
  assert.equal(body.timestamp, new Date(T0 + 5 * MIN).toISOString());
  assert.equal(body.data.by, 'system');
  assert.equal(body.data.incident.id, incident.id);
  assert.match(body.data.text, /level 2/);

  // Restarted while level 1 (the repeat) is reached: delivered at start, and level 2 is not sent again.
  await r.close();
  clock.advance(11 * MIN);
  r = run();
  await r.settled();
  assert.deepEqual(types(receiver).map(([id]) => id), [`esc:${incident.id}:1:2:0`, `esc:${incident.id}:1:1:1`]);

  // Acknowledged: no more escalations however long it waits.
  await engine.acknowledge([incident.id], 'user:ana');
  clock.advance(60 * MIN);
  await r.settled();
  assert.equal(receiver.received.length, 2);
});

test('in a team of two, only the device that triggered the incident delivers its clock escalations', async (t) => {
  const { clock, engine: a, receiver, run } = await setup(t);
  const b = open(tempDir(t), clock);
  const svc = await withPolicy(a);
  const hook = await a.createWebhook({ url: receiver.url, events: ['escalated'] }, 'user:ana');
  const sync = async (from: Engine, to: Engine) => { await to.applyRemoteOps(from.opsSince(from.deviceId, 0, 10_000)); };
  const incident = await a.createIncident({ title: 'Card payments declined', serviceId: svc.id }, 'user:ana');
  await sync(a, b);
  const ra = run();
  const rb = createWebhookRunner({ engine: b, clock, log: silentLogger, timeoutMs: 2_000 });
  rb.start();
  t.after(async () => { await rb.close(); await b.close(); });
  assert.equal(b.getIncident(incident.id).escalation!.level, 1, 'B derives the same escalation');

  clock.advance(5 * MIN);
  await ra.settled();
  await rb.settled();
  assert.equal(b.getIncident(incident.id).escalation!.level, 2);
  assert.deepEqual(types(receiver), [[`esc:${incident.id}:1:2:0`, 'incident.escalated']]);
  assert.equal(b.store.db.prepare('SELECT count(*) FROM webhook_deliveries WHERE webhook_id = ?').pluck().get(hook.id), 0, 'B owes nothing');
});
