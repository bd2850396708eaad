// The window's webhook methods on a real host and a local receiver: the test button answers how the try went, a
// failed delivery keeps the receiver's answer and "send again" delivers it (signed, checked with the
// `standardwebhooks` verifier), the log comes newest first a page at a time with each incident's title, and a browser
// session opened with a key that lacks `admin` sees none of it. A fake clock (at the real time: the verifier checks the timestamp) so no retry fires behind the test's back.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Webhook } from 'standardwebhooks';
import { startServer, type TestServer } from '../support/server.ts';
import { startWebhookReceiver, type TestReceiver } from '../support/webhook-receiver.ts';
import { FakeClock } from '../../src-main/clock.ts';
import { CreateIncident } from '../../src-shared/schemas/incidents.ts';
import { rawRequest, cookiePair, sessionHeaders, type BridgeSession } from '../renderer/support/http.ts';

let server: TestServer;
let receiver: TestReceiver;
before(async () => {
  server = await startServer({ clock: new FakeClock(Date.now()) });
  receiver = await startWebhookReceiver();
});
after(async () => { await server?.close(); await receiver?.close(); });

const h = () => server.klaxon.handlers;

test('the test button answers the try; a failure keeps the answer, and "send again" delivers it signed', async () => {
  const hook = await h()['webhooks.create']({ url: receiver.url, events: ['triggered'] });
  receiver.mode = 'fail';
  const failed = await h()['webhooks.test']({ id: hook.id });
  assert.deepEqual([failed.event, failed.state, failed.attempts, failed.lastStatus, failed.incidentTitle], ['test', 'pending', 1, 500, null]);
  assert.match(failed.lastResponse ?? '', /^database down/);
  assert.ok(failed.nextAttemptAt, 'it is retried later by itself');

  receiver.mode = 'ok';
  const again = await h()['webhooks.retry']({ id: failed.id });
  assert.deepEqual([again.id, again.state, again.attempts, again.lastStatus, again.nextAttemptAt], [failed.id, 'delivered', 2, 204, null]);
  const last = receiver.received.at(-1)!;
  assert.equal((new Webhook(hook.secret).verify(last.body, last.headers) as { type: string }).type, 'webhook.test');

  await assert.rejects(h()['webhooks.test']({ id: 'whk_nope' }), { code: 'NOT_FOUND' });
  await assert.rejects(h()['webhooks.retry']({ id: 999_999 }), { code: 'NOT_FOUND' });
  await assert.rejects(h()['webhooks.deliveries']({ id: 'whk_nope' }), { code: 'NOT_FOUND' });
});

test('the log is newest first, a page at a time, each delivery with its incident\'s title', async () => {
  const hook = await h()['webhooks.create']({ url: receiver.url, events: ['triggered'] });
  receiver.mode = 'ok';
  const tests = [];
  for (let i = 0; i < 3; i++) tests.push((await h()['webhooks.test']({ id: hook.id })).id);
  const incident = await server.klaxon.engine.createIncident(CreateIncident.parse({ title: 'Checkout is down', serviceId: server.serviceId }), 'user:test');
  await server.klaxon.webhooks.settled();

  const first = await h()['webhooks.deliveries']({ id: hook.id, limit: 2 });
  assert.deepEqual(first.deliveries.map((d) => [d.event, d.incidentId, d.incidentTitle, d.state]), [
    ['triggered', incident.id, 'Checkout is down', 'delivered'],
    ['test', null, null, 'delivered'],
  ]);
  assert.equal(first.deliveries[1]!.id, tests[2]);
  assert.ok(first.nextBefore !== null);
  const second = await h()['webhooks.deliveries']({ id: hook.id, limit: 2, before: first.nextBefore });
  assert.deepEqual(second.deliveries.map((d) => d.id), [tests[1], tests[0]]);
  assert.equal(second.nextBefore, null, 'nothing older');

  // The HTTP API answers the same page.
  const res = await fetch(`${server.baseUrl}/api/webhooks/${hook.id}/deliveries?limit=2`, { headers: { authorization: `Bearer ${server.adminKey}` } });
  assert.deepEqual(await res.json(), first);
  const bad = await fetch(`${server.baseUrl}/api/webhooks/${hook.id}/deliveries?limit=0`, { headers: { authorization: `Bearer ${server.adminKey}` } });
  assert.equal(bad.status, 400);
});

test('a browser session opened with a key without admin may not read the log, test or send again', async () => {
  const hook = await h()['webhooks.create']({ url: receiver.url, events: ['triggered'] });
  const responder = await server.createKey(['incidents:read', 'incidents:write']);
  const signIn = await rawRequest(server.baseUrl, '/bridge/session', { method: 'POST', headers: { authorization: `Bearer ${responder.key}`, origin: server.baseUrl } });
  assert.equal(signIn.status, 200, signIn.body);
  const session: BridgeSession = { cookie: cookiePair(signIn.headers['set-cookie']), tab: (JSON.parse(signIn.body) as { tab: string }).tab };
  const before = receiver.received.length;
  for (const [method, input] of [['webhooks.deliveries', { id: hook.id }], ['webhooks.test', { id: hook.id }], ['webhooks.retry', { id: 1 }]] as const) {
    const res = await rawRequest(server.baseUrl, '/bridge/invoke', {
      method: 'POST', headers: { 'content-type': 'application/json', origin: server.baseUrl, ...sessionHeaders(session) }, body: JSON.stringify({ method, input }),
    });
    assert.equal(res.status, 403, `${method}: ${res.body}`);
  }
  assert.equal(receiver.received.length, before, 'nothing was sent');
});

test('a paused subscription is sent nothing that happens while paused (the test button still works); resumed, it is again', async () => {
  const hook = await h()['webhooks.create']({ url: receiver.url, events: ['triggered', 'resolved'] });
  receiver.mode = 'ok';
  assert.equal(hook.enabled, true);
  const paused = await h()['webhooks.update']({ id: hook.id, patch: { enabled: false } });
  assert.deepEqual([paused.enabled, paused.url, paused.events, paused.secret], [false, hook.url, hook.events, hook.secret], 'only paused');
  const quiet = await server.klaxon.engine.createIncident(CreateIncident.parse({ title: 'While paused', serviceId: server.serviceId }), 'user:test');
  await server.klaxon.webhooks.settled();
  assert.deepEqual((await h()['webhooks.deliveries']({ id: hook.id })).deliveries, [], 'nothing owed for a paused subscription');
  assert.equal((await h()['webhooks.test']({ id: hook.id })).state, 'delivered');

  assert.equal((await h()['webhooks.update']({ id: hook.id, patch: { enabled: true } })).enabled, true);
  await server.klaxon.engine.resolve([quiet.id], 'user:test');
  await server.klaxon.webhooks.settled();
  const log = (await h()['webhooks.deliveries']({ id: hook.id })).deliveries;
  assert.deepEqual(log.map((d) => [d.event, d.incidentTitle, d.state]), [['resolved', 'While paused', 'delivered'], ['test', null, 'delivered']]);
  assert.equal((await h()['webhooks.list'](undefined)).find((w) => w.id === hook.id)?.enabled, true);
});
