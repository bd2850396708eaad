// Status page subscribers through the window bridge (what the window's Subscribers panel calls): a webhook subscriber
// is added with a new whsec_ secret and listed, a URL that is not http(s) and a page that does not exist are refused
// by name, and removing one leaves it listed as unsubscribed (nothing more is sent to it).
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, type TestServer } from '../support/server.ts';
import { API_METHODS } from '../../src-shared/api.ts';

describe('status page subscribers through the window bridge', () => {
  let server: TestServer;
  before(async () => { server = await startServer({ serviceName: 'web' }); });
  after(async () => { await server?.close(); });

  it('adds a webhook subscriber with its secret, lists it, refuses bad input and removes it', async () => {
    const h = server.klaxon.handlers;
    const page = await h['statusPages.create'](API_METHODS['statusPages.create'].input.parse({ name: 'Web', slug: 'web', serviceIds: [server.serviceId] }));
    assert.throws(() => API_METHODS['statusPages.addWebhookSubscriber'].input.parse({ id: page.id, url: 'file:///etc/passwd' }), /http or https URL/);
    await assert.rejects(h['statusPages.addWebhookSubscriber']({ id: 'sp_missing', url: 'https://hooks.example.com/x' }), /Status page sp_missing not found/);
    await assert.rejects(h['statusPages.subscribers']({ id: 'sp_missing' }), /Status page sp_missing not found/);

    const added = await h['statusPages.addWebhookSubscriber'](API_METHODS['statusPages.addWebhookSubscriber'].input.parse({ id: page.id, url: ' https://hooks.example.com/x ' }));
    assert.equal(added.url, 'https://hooks.example.com/x');
    assert.equal(added.kind, 'webhook');
    assert.match(added.secret ?? '', /^whsec_/);
    assert.deepEqual((await h['statusPages.subscribers']({ id: page.id })).map((s) => [s.id, s.url, s.state]), [[added.id, 'https://hooks.example.com/x', 'confirmed']]);

    const other = await h['statusPages.create'](API_METHODS['statusPages.create'].input.parse({ name: 'Other', slug: 'other' }));
    await assert.rejects(h['statusPages.removeSubscriber']({ id: other.id, subscriberId: added.id }), /not found|no such/i);
    const removed = await h['statusPages.removeSubscriber']({ id: page.id, subscriberId: added.id });
    assert.equal(removed.state, 'unsubscribed');
    assert.deepEqual((await h['statusPages.subscribers']({ id: page.id })).map((s) => s.state), ['unsubscribed']);
  });
});
