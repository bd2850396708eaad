// /api/webhooks: an admin subscribes a URL to incident events and gets its signing secret; changes and deletes it.
// Bad URLs, unknown events and unknown services are 400 in Klaxon's error shape; a key without `admin` is refused.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Webhook } from 'standardwebhooks';
import { startServer, fetchJson, type TestServer } from '../support/server.ts';
import { startWebhookReceiver, type TestReceiver } from '../support/webhook-receiver.ts';

describe('webhook subscriptions', () => {
  let server: TestServer;
  let receiver: TestReceiver;
  before(async () => { server = await startServer(); receiver = await startWebhookReceiver(); });
  after(async () => { await server?.close(); await receiver?.close(); });
  const admin = (path: string, method = 'GET', body?: unknown) => fetchJson(server.baseUrl, path, { method, body, key: server.adminKey });

  it('is created with a Standard Webhooks secret, listed, changed and deleted', async () => {
    const created = await admin('/api/webhooks', 'POST', { url: 'https://hooks.example.com/in', events: ['triggered', 'acknowledged'], serviceIds: [server.serviceId], format: 'slack' });
    assert.equal(created.status, 201, created.text);
    const hook = created.body.webhook;
    assert.match(hook.id, /^whk_/);
    assert.match(hook.secret, /^whsec_[A-Za-z0-9+/]{32}$/);
    assert.deepEqual([hook.url, hook.events, hook.serviceIds, hook.format], ['https://hooks.example.com/in', ['triggered', 'acknowledged'], [server.serviceId], 'slack']);
    assert.deepEqual((await admin('/api/webhooks')).body.webhooks.map((w: { id: string }) => w.id), [hook.id]);

    const patched = await admin(`/api/webhooks/${hook.id}`, 'PATCH', { events: ['resolved'], serviceIds: [] });
    assert.equal(patched.status, 200, patched.text);
    assert.deepEqual([patched.body.webhook.events, patched.body.webhook.serviceIds, patched.body.webhook.secret], [['resolved'], [], hook.secret]);

    const deleted = await admin(`/api/webhooks/${hook.id}`, 'DELETE');
    assert.equal(deleted.status, 200, deleted.text);
    assert.equal(deleted.body.webhook.id, hook.id);
    assert.deepEqual((await admin('/api/webhooks')).body.webhooks, []);
    assert.equal((await admin(`/api/webhooks/${hook.id}`)).status, 404);
    assert.equal((await admin(`/api/webhooks/${hook.id}`, 'DELETE')).status, 404);
  });

  it('refuses a non-http URL, an unknown event, no events and an unknown service with 400 naming the field', async () => {
    for (const [body, field] of [
      [{ url: 'file:///etc/passwd', events: ['triggered'] }, 'url'],
      [{ url: 'https://x.example.com', events: ['exploded'] }, 'events.0'],
      [{ url: 'https://x.example.com', events: [] }, 'events'],
      [{ url: 'https://x.example.com', events: ['triggered'], serviceIds: ['svc_nope'] }, 'serviceIds.0'],
    ] as const) {
      const res = await admin('/api/webhooks', 'POST', body);
      assert.equal(res.status, 400, `${JSON.stringify(body)}: ${res.text}`);
      assert.equal(res.body.error.field, field, res.text);
    }
  });

  it('is the admin\'s: a key that may only read incidents cannot see the secrets', async () => {
    const key = (await admin('/api/keys', 'POST', { name: 'reader', scopes: ['incidents:read'] })).body.key as string;
    const res = await fetchJson(server.baseUrl, '/api/webhooks', { key });
    assert.equal(res.status, 403, res.text);
  });

  it('the test button sends a signed webhook.test now; a failed delivery is logged and "send again" delivers it', async () => {
    const hook = (await admin('/api/webhooks', 'POST', { url: receiver.url, events: ['triggered'] })).body.webhook;
    receiver.mode = 'fail';
    const failed = await admin(`/api/webhooks/${hook.id}/test`, 'POST', {});
    assert.equal(failed.status, 200, failed.text);
    assert.deepEqual([failed.body.delivery.state, failed.body.delivery.attempts, failed.body.delivery.lastStatus], ['pending', 1, 500]);
    assert.match(failed.body.delivery.lastResponse, /^database down/);
    assert.ok(failed.body.delivery.nextAttemptAt, 'retried later by itself');

    receiver.mode = 'ok';
    const again = await admin(`/api/webhooks/deliveries/${failed.body.delivery.id}/retry`, 'POST', {});
    assert.equal(again.status, 200, again.text);
    assert.deepEqual([again.body.delivery.state, again.body.delivery.attempts, again.body.delivery.lastStatus], ['delivered', 2, 204]);
    const last = receiver.received.at(-1)!;
    assert.equal((new Webhook(hook.secret).verify(last.body, last.headers) as { type: string }).type, 'webhook.test');

    const log = await admin(`/api/webhooks/${hook.id}/deliveries`);
    assert.equal(log.status, 200, log.text);
    assert.deepEqual(log.body.deliveries.map((d: { id: number; state: string }) => [d.id, d.state]), [[failed.body.delivery.id, 'delivered']]);
    assert.equal((await admin('/api/webhooks/deliveries/999999/retry', 'POST', {})).status, 404);
    assert.equal((await admin('/api/webhooks/deliveries/abc/retry', 'POST', {})).status, 400);
    assert.equal((await admin('/api/webhooks/whk_nope/test', 'POST', {})).status, 404);
  });
});
