// Sending to status page subscribers on a fake clock: a failing SMTP server is retried with backoff, across a
// restart, and the mail goes out once; a webhook subscriber gets each update signed per the Standard Webhooks spec
// (checked by the package's own verifier), public fields only; in a team of two, each update is sent by the device
// that wrote it, and only by that one.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { Webhook } from 'standardwebhooks';
import { createEngine } from '../../src-main/engine/engine.ts';
import { FakeClock } from '../../src-main/clock.ts';
import { silentLogger } from '../../src-main/log.ts';
import type { Engine } from '../../src-main/engine/types.ts';
import { createSubscriberRunner, type SubscriberRunner } from '../../src-main/status/subscriber-runner.ts';
import { noticesOf } from '../../src-main/store/subscriber-notices.ts';
import { tempDir } from '../support/temp-dir.ts';
import { pollUntil } from '../support/server.ts';
import { startSmtpSink } from '../support/smtp-sink.ts';
import { startWebhookReceiver } from '../support/webhook-receiver.ts';
import { statusPagesOfServices, type FixturePage } from '../support/status-page-fixture.ts';

// Real time, so the webhook verifier (which refuses timestamps five minutes off its own clock) accepts them.
const open = (dir: string, clock: FakeClock) => createEngine({ dataDir: dir, clock, log: silentLogger });
const PAGE: FixturePage = { id: 'sp_pay', slug: 'payments', name: 'Payments', publicUrl: 'https://status.example.com/status/payments', serviceId: '' };

async function setup(t: TestContext) {
  const clock = new FakeClock(Date.now());
  const engine = open(tempDir(t), clock);
  t.after(() => engine.close());
  const svc = await engine.createService({ name: 'Payments backend' });
  const page = { ...PAGE, serviceId: svc.id };
  const fixture = statusPagesOfServices(() => engine, [page]);
  // random 0: the shortest wait of each backoff step, so the test knows when a retry falls due.
  const runnerFor = (e: Engine = engine) => {
    const r = createSubscriberRunner({ engine: e, clock, log: silentLogger, updates: statusPagesOfServices(() => e, [page]).updates, timeoutMs: 2_000, random: () => 0 });
    r.start();
    return r;
  };
  return { clock, engine, svc, page: fixture.pages.byId(page.id)!, pageWithService: page, runnerFor };
}

test('a failing SMTP server is tried again with backoff, across a restart, and the mail is sent once', async (t) => {
  const { clock, engine, page, runnerFor } = await setup(t);
  const sink = await startSmtpSink();
  t.after(() => sink.close());
  await engine.updateSettings({ smtp: { host: '127.0.0.1', port: sink.port, security: 'none', user: 'klaxon', password: 'mail-password', from: 'status@example.com' } });
  let runner: SubscriberRunner = runnerFor();
  t.after(() => runner.close());

  sink.mode = 'fail';
  await runner.subscribe(page, 'ana@example.com');
  await runner.settled();
  const [sub] = engine.listSubscribers(page.id);
  let [n] = noticesOf(engine.store, sub!.id);
  assert.deepEqual([n!.kind, n!.state, n!.attempts], ['confirmation', 'pending', 1]);
  assert.match(n!.last_error!, /451/);
  assert.equal(n!.next_at, clock.now() + 2_500, 'first retry after 5 s, jittered down to half');

  clock.advance(2_500);
  await runner.settled();
  [n] = noticesOf(engine.store, sub!.id);
  assert.deepEqual([n!.state, n!.attempts], ['pending', 2]);

  // Klaxon restarts: the schedule is in the table, and the new runner keeps it.
  await runner.close();
  runner = runnerFor();
  sink.mode = 'ok';
  clock.advance(4_999);
  await runner.settled();
  assert.equal(sink.mails.length, 0, 'not before its time');
  clock.advance(1);
  await runner.settled();
  [n] = noticesOf(engine.store, sub!.id);
  assert.deepEqual([n!.state, n!.attempts, n!.last_error, n!.payload], ['sent', 3, null, ''], 'sent, and no copy of the mail kept');
  assert.equal(sink.mails.length, 1);

  clock.advance(48 * 60 * 60_000);
  await runner.close();
  runner = runnerFor();
  await runner.settled();
  assert.equal(sink.mails.length, 1, 'never sent twice');

  // A month on, what is left of it is forgotten.
  clock.advance(30 * 24 * 60 * 60_000);
  await runner.close();
  runner = runnerFor();
  assert.deepEqual(noticesOf(engine.store, sub!.id), []);
});

test('a mail the server refuses for good (550) is not tried again; a refused login (535) waits to be fixed', async (t) => {
  const { clock, engine, page, runnerFor } = await setup(t);
  const sink = await startSmtpSink();
  t.after(() => sink.close());
  await engine.updateSettings({ smtp: { host: '127.0.0.1', port: sink.port, security: 'none', user: 'klaxon', password: 'mail-password', from: 'status@example.com' } });
  const runner = runnerFor();
  t.after(() => runner.close());

  sink.mode = 'reject';
  await runner.subscribe(page, 'nobody@example.com');
  await runner.settled();
  const [sub] = engine.listSubscribers(page.id);
  const [n] = noticesOf(engine.store, sub!.id);
  assert.deepEqual([n!.state, n!.attempts, n!.next_at], ['failed', 1, null], 'given up at once: no retries for a day against a 550');
  assert.match(n!.last_error!, /550/);

  // A wrong password is a setting to fix: the mail waits and goes once it is fixed.
  sink.mode = 'ok';
  await engine.updateSettings({ smtp: { password: 'wrong' } });
  await runner.subscribe(page, 'ana@example.com');
  await runner.settled();
  const ana = engine.listSubscribers(page.id).find((x) => x.email === 'ana@example.com')!;
  let [m] = noticesOf(engine.store, ana.id);
  assert.equal(m!.state, 'pending', 'a refused login is retried');
  assert.match(m!.last_error!, /535/);
  await engine.updateSettings({ smtp: { password: 'mail-password' } });
  clock.advance(2_500);
  await runner.settled();
  [m] = noticesOf(engine.store, ana.id);
  assert.equal(m!.state, 'sent');
});

test('SMTP not set up: the notice waits, and goes once it is', async (t) => {
  const { clock, engine, page, runnerFor } = await setup(t);
  const runner = runnerFor();
  t.after(() => runner.close());
  await runner.subscribe(page, 'ana@example.com');
  await runner.settled();
  const [sub] = engine.listSubscribers(page.id);
  assert.match(noticesOf(engine.store, sub!.id)[0]!.last_error!, /SMTP is not set up/);
  const sink = await startSmtpSink();
  t.after(() => sink.close());
  await engine.updateSettings({ smtp: { host: '127.0.0.1', port: sink.port, security: 'none', user: 'klaxon', password: 'mail-password', from: 'status@example.com' } });
  clock.advance(2_500);
  await runner.settled();
  assert.equal(sink.mails.length, 1);
});

test('a webhook subscriber gets each published update signed, with public fields only', async (t) => {
  const { engine, svc, page, runnerFor } = await setup(t);
  const receiver = await startWebhookReceiver();
  t.after(() => receiver.close());
  const sub = await engine.addWebhookSubscriber(page.id, receiver.url, 'user:ana');
  assert.equal(sub.state, 'confirmed', 'an admin\'s webhook needs no confirmation');
  const runner = runnerFor();
  t.after(() => runner.close());

  const incident = await engine.createIncident({ title: 'Card payments declined', serviceId: svc.id }, 'user:ana');
  await engine.addNote(incident.id, { text: 'PRIVATE: acquirer outage' }, 'user:ana');
  await engine.postStatusUpdate(incident.id, { status: 'identified', message: 'Our card processor is failing; retry shortly.', impact: 'major' }, 'user:ana');
  await engine.resolve([incident.id], 'user:ana');
  await runner.settled();

  assert.equal(receiver.received.length, 2, 'the update and the resolution: not the trigger, not the note');
  const bodies = receiver.received.map((r) => new Webhook(sub.secret!).verify(r.body, r.headers) as { type: string; data: { incident: { title: string; progress: string; impact: string }; message: string | null; page: { slug: string } } });
  assert.deepEqual(bodies.map((b) => [b.type, b.data.incident.progress, b.data.message]), [
    ['status_page.incident_updated', 'identified', 'Our card processor is failing; retry shortly.'],
    ['status_page.incident_updated', 'resolved', null],
  ]);
  assert.equal(bodies[0]!.data.incident.impact, 'major');
  assert.equal(bodies[0]!.data.page.slug, 'payments');
  for (const r of receiver.received) {
    assert.ok(!r.body.includes('PRIVATE') && !r.body.includes(incident.id) && !r.body.includes('Payments backend'), r.body);
    assert.match(r.headers['webhook-id']!, new RegExp(`^${engine.deviceId}:\\d+$`), 'the op id: a receiver can drop a repeat');
  }
  assert.throws(() => new Webhook(`whsec_${Buffer.alloc(24, 7).toString('base64')}`).verify(receiver.received[0]!.body, receiver.received[0]!.headers), /signature/i);

  // Deleted by an admin: nothing more.
  await engine.unsubscribe(sub.id, 'deleted', 'user:ana', page.id);
  await engine.postStatusUpdate(incident.id, { status: 'resolved', message: 'All good.' }, 'user:ana');
  await runner.settled();
  assert.equal(receiver.received.length, 2);
});

test('in a team of two, each update is sent by the device that wrote it, and only by that one', async (t) => {
  const { clock, engine: a, svc, page, runnerFor } = await setup(t);
  const b = open(tempDir(t), clock);
  t.after(() => b.close());
  const sync = async (from: Engine, to: Engine) => { await to.applyRemoteOps(from.opsSince(from.deviceId, 0, 10_000)); };
  const receiver = await startWebhookReceiver();
  t.after(() => receiver.close());
  const sub = await a.addWebhookSubscriber(page.id, receiver.url, 'user:ana');
  const incident = await a.createIncident({ title: 'Card payments declined', serviceId: svc.id }, 'user:ana');
  await sync(a, b);
  assert.equal(b.listSubscribers(page.id)[0]!.secret, sub.secret, 'the subscriber and its secret replicate');
  // The subscriber's URL was set on A and is a private address (the test's 127.0.0.1): B posts there for a teammate
  // only once it allows private targets (outbound-guard.ts).
  await b.updateSettings({ monitors: { allowPrivateTargets: true } });
  const ra = runnerFor(a);
  const rb = runnerFor(b);
  t.after(async () => { await ra.close(); await rb.close(); });

  await a.postStatusUpdate(incident.id, { status: 'identified', message: 'Found it.' }, 'user:ana');
  await sync(a, b);
  await b.postStatusUpdate(incident.id, { status: 'monitoring', message: 'Fixed; watching.' }, 'user:ben');
  await sync(b, a);
  await ra.settled();
  await rb.settled();
  assert.deepEqual(receiver.received.map((r) => r.headers['webhook-id']!.split(':')[0]), [a.deviceId, b.deviceId]);
  assert.equal(noticesOf(a.store, sub.id).length, 1, 'A owes only what A wrote');
  assert.equal(noticesOf(b.store, sub.id).length, 1, 'B only what B wrote');
});

test('an update to many subscribers goes out a few at a time, not all at once', async (t) => {
  const { engine, svc, page } = await setup(t);
  const receiver = await startWebhookReceiver();
  t.after(() => receiver.close());
  receiver.mode = 'hang';
  const subs = [];
  for (let i = 0; i < 12; i++) subs.push(await engine.addWebhookSubscriber(page.id, `${receiver.url}/${i}`, 'user:ana'));
  const runner = createSubscriberRunner({ engine, clock: new FakeClock(Date.now()), log: silentLogger, updates: statusPagesOfServices(() => engine, [{ ...page, serviceId: svc.id }]).updates, timeoutMs: 60_000 });
  runner.start();
  t.after(() => runner.close());
  const incident = await engine.createIncident({ title: 'Card payments declined', serviceId: svc.id }, 'user:ana');
  await engine.postStatusUpdate(incident.id, { status: 'identified', message: 'Found it.' }, 'user:ana');
  // Each receiver holds its request without answering: no slot frees until one gives up or is cut off.
  await pollUntil(() => receiver.received.length === 8, { message: 'eight requests under way' });
  const rows = subs.map((s) => noticesOf(engine.store, s.id)[0]!);
  assert.equal(rows.filter((r) => r.next_at === null).length, 8, 'eight being tried');
  assert.equal(rows.filter((r) => r.next_at !== null && r.attempts === 0).length, 4, 'four waiting their turn');
  await receiver.close();
  await runner.settled();
  assert.deepEqual(subs.map((s) => noticesOf(engine.store, s.id)[0]!.attempts), Array(12).fill(1), 'the others were tried as the first ones ended');
});

test('an update written while nothing was listening (a crash between commit and notice) is owed at the next start', async (t) => {
  const { engine, svc, page, runnerFor } = await setup(t);
  const receiver = await startWebhookReceiver();
  t.after(() => receiver.close());
  await engine.addWebhookSubscriber(page.id, receiver.url, 'user:ana');
  const incident = await engine.createIncident({ title: 'Card payments declined', serviceId: svc.id }, 'user:ana');
  await engine.postStatusUpdate(incident.id, { status: 'investigating', message: 'Before this device ever sent notices.' }, 'user:ana');
  let runner = runnerFor();
  await runner.settled();
  assert.equal(receiver.received.length, 0, 'the first start owes nothing for what came before it');
  await engine.postStatusUpdate(incident.id, { status: 'identified', message: 'Sent at once.' }, 'user:ana');
  await runner.settled();
  await runner.close();

  await engine.postStatusUpdate(incident.id, { status: 'monitoring', message: 'Written while nothing listened.' }, 'user:ana');
  runner = runnerFor();
  t.after(() => runner.close());
  await runner.settled();
  assert.deepEqual(receiver.received.map((r) => (JSON.parse(r.body) as { data: { message: string } }).data.message), ['Sent at once.', 'Written while nothing listened.']);
  await runner.close();
  runner = runnerFor();
  await runner.settled();
  assert.equal(receiver.received.length, 2, 'and a clean restart owes nothing again');
});
