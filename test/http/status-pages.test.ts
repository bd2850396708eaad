// /api/status-pages: an admin creates a page from services (seed 002's page), renames it, regroups it, deletes it; a
// slug is one page's (409 for a second); seed 002's create body posted to a page opens an incident published there,
// which the Incident API says through `statusPageIds` (seed 004's `status_page_id`).
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, fetchJson, type TestServer } from '../support/server.ts';
import { curlExamples } from './seed-examples.ts';

describe('status pages API', () => {
  let server: TestServer;
  before(async () => { server = await startServer({ serviceName: 'payments-prod-eu1' }); });
  after(async () => { await server?.close(); });
  const admin = (path: string, method = 'GET', body?: unknown) => fetchJson(server.baseUrl, path, { method, body, key: server.adminKey });

  it('is created from serviceIds as one group, listed, renamed, regrouped and deleted', async () => {
    const created = await admin('/api/status-pages', 'POST', { name: 'Shop status', slug: 'shop', serviceIds: [server.serviceId] });
    assert.equal(created.status, 201, created.text);
    const page = created.body.statusPage;
    assert.match(page.id, /^sp_/);
    assert.equal(page.slug, 'shop');
    assert.equal(page.path, '/status/shop');
    assert.deepEqual(page.groups, [{ name: null, components: [{ type: 'service', id: server.serviceId, name: 'payments-prod-eu1', publishIncidents: false }] }]);
    assert.deepEqual((await admin('/api/status-pages')).body.statusPages.map((p: { id: string }) => p.id), [page.id]);
    assert.equal((await admin(`/api/status-pages/${page.id}`)).body.statusPage.name, 'Shop status');

    const patched = await admin(`/api/status-pages/${page.id}`, 'PATCH', {
      name: 'Acme status', slug: 'acme', description: 'How Acme is doing',
      groups: [{ name: 'Checkout', components: [{ type: 'service', id: server.serviceId, name: 'Payments', publishIncidents: true }] }],
    });
    assert.equal(patched.status, 200, patched.text);
    assert.deepEqual([patched.body.statusPage.slug, patched.body.statusPage.description, patched.body.statusPage.groups[0].components[0].name], ['acme', 'How Acme is doing', 'Payments']);

    const deleted = await admin(`/api/status-pages/${page.id}`, 'DELETE');
    assert.equal(deleted.status, 200, deleted.text);
    assert.deepEqual((await admin('/api/status-pages')).body.statusPages, []);
    assert.equal((await admin(`/api/status-pages/${page.id}`)).status, 404);
    assert.equal((await admin(`/api/status-pages/${page.id}`, 'PATCH', { name: 'x' })).status, 404);
    // Its slug is free again.
    assert.equal((await admin('/api/status-pages', 'POST', { name: 'Again', slug: 'acme' })).status, 201);
  });

  it('gives each slug to one page: a second page or a rename onto it is 409; slugs are lower-cased', async () => {
    const first = await admin('/api/status-pages', 'POST', { name: 'Public', slug: 'Public-Status' });
    assert.equal(first.status, 201, first.text);
    assert.equal(first.body.statusPage.slug, 'public-status');
    const clash = await admin('/api/status-pages', 'POST', { name: 'Other', slug: 'public-status' });
    assert.equal(clash.status, 409, clash.text);
    assert.equal(clash.body.error.field, 'slug');
    const other = (await admin('/api/status-pages', 'POST', { name: 'Other', slug: 'other' })).body.statusPage;
    const rename = await admin(`/api/status-pages/${other.id}`, 'PATCH', { slug: 'public-status' });
    assert.equal(rename.status, 409, rename.text);
    // Renaming a page onto its own slug is no clash.
    assert.equal((await admin(`/api/status-pages/${first.body.statusPage.id}`, 'PATCH', { slug: 'public-status' })).status, 200);
  });

  it('refuses a bad slug, an unknown service or monitor and a component twice with 400 naming the field', async () => {
    for (const [body, field] of [
      [{ name: 'x', slug: 'no spaces' }, 'slug'],
      [{ name: 'x', slug: 'a/../b' }, 'slug'],
      [{ name: 'x', slug: 'x1', serviceIds: ['svc_nope'] }, 'serviceIds.0'],
      [{ name: 'x', slug: 'x2', groups: [{ components: [{ type: 'monitor', id: 'mon_nope' }] }] }, 'groups.0.components.0.id'],
      [{ name: 'x', slug: 'x3', groups: [{ components: [{ type: 'service', id: server.serviceId }, { type: 'service', id: server.serviceId }] }] }, 'groups.0.components.1'],
      [{ name: 'x', slug: 'x4', extra: true }, 'extra'],
    ] as const) {
      const res = await admin('/api/status-pages', 'POST', body);
      assert.equal(res.status, 400, `${JSON.stringify(body)}: ${res.text}`);
      assert.equal(res.body.error.field, field, res.text);
    }
  });

  it("opens seed 002's incident on a page: published there, on the page's service; seed 002's own create still publishes nowhere", async () => {
    const page = (await admin('/api/status-pages', 'POST', { name: 'Seed', slug: 'seed-002', serviceIds: [server.serviceId] })).body.statusPage;
    const [create, update] = curlExamples('seed-002-status-updates.md');
    assert.ok(create?.data && update?.data);
    const opened = await admin(`/api/status-pages/${page.id}/incidents`, 'POST', JSON.parse(create.data));
    assert.equal(opened.status, 201, opened.text);
    assert.deepEqual([opened.body.title, opened.body.progress, opened.body.impact, opened.body.serviceId], ['API Latency Issues', 'investigating', 'minor', server.serviceId]);
    assert.deepEqual(opened.body.statusPageIds, [page.id]);
    // Seed 002's update works on it as on any incident.
    assert.equal((await admin(`/api/incidents/${opened.body.id}/updates`, 'POST', JSON.parse(update.data))).status, 201);
    const detail = (await admin(`/api/incidents/${opened.body.id}`)).body;
    assert.deepEqual([detail.progress, detail.statusPageIds], ['identified', [page.id]]);
    assert.deepEqual((await admin(`/api/status-pages/${page.id}`)).body.statusPage.incidentIds, [opened.body.id]);

    const plain = await admin('/api/incidents', 'POST', JSON.parse(create.data));
    assert.equal(plain.status, 201, plain.text);
    assert.deepEqual(plain.body.statusPageIds, []);
    // A page that publishes its service whole publishes that one too, and the list says so.
    await admin(`/api/status-pages/${page.id}`, 'PATCH', { groups: [{ components: [{ type: 'service', id: server.serviceId, publishIncidents: true }] }] });
    const listed = (await admin('/api/incidents?limit=200')).body.incidents as { id: string; statusPageIds: string[] }[];
    assert.deepEqual(listed.find((i) => i.id === plain.body.id)?.statusPageIds, [page.id]);

    assert.equal((await admin('/api/status-pages/sp_nope/incidents', 'POST', { title: 'x' })).status, 404);
    assert.equal((await admin(`/api/status-pages/${page.id}/incidents`, 'POST', { title: 'x', impact: 'apocalyptic' })).status, 400);
  });

  it('withdraws a mis-posted incident: gone from the page, its feeds and summary; one of a service published whole too; the incident stays', async () => {
    const page = (await admin('/api/status-pages', 'POST', { name: 'Withdraw', slug: 'withdraw', serviceIds: [server.serviceId] })).body.statusPage;
    const wrong = (await admin(`/api/status-pages/${page.id}/incidents`, 'POST', { title: 'Posted to the wrong page', impact: 'major', message: 'Oops' })).body;
    const right = (await admin(`/api/status-pages/${page.id}/incidents`, 'POST', { title: 'Checkout errors', impact: 'minor', message: 'Looking' })).body;
    const publicGet = async (path: string) => (await fetch(`${server.baseUrl}/status/withdraw${path}`)).text();
    assert.match(await publicGet(''), /Posted to the wrong page/);
    const withdrawn = await admin(`/api/status-pages/${page.id}/incidents/${wrong.id}`, 'DELETE');
    assert.equal(withdrawn.status, 200, withdrawn.text);
    assert.deepEqual(withdrawn.body.statusPage.incidentIds, [right.id]);
    for (const path of ['', '/feed.rss', '/feed.atom', '/feed.json', '/summary.json']) {
      const body = await publicGet(path);
      assert.doesNotMatch(body, /Posted to the wrong page|Oops/, path);
      assert.match(body, /Checkout errors/, path);
    }
    const summary = JSON.parse(await publicGet('/summary.json')) as { overall: { state: string } };
    assert.equal(summary.overall.state, 'degraded', 'only the minor one counts now');
    const detail = await admin(`/api/incidents/${wrong.id}`);
    assert.deepEqual([detail.status, detail.body.title], [200, 'Posted to the wrong page']);
    assert.ok(!detail.body.statusPageIds.includes(page.id), 'no longer published on this page (another page publishes its service whole)');
    assert.equal((await admin(`/api/status-pages/${page.id}/incidents/${wrong.id}`, 'DELETE')).status, 404, 'not on the page any more');
    assert.equal((await admin(`/api/status-pages/${page.id}/incidents/inc_nope`, 'DELETE')).status, 404);
    assert.equal((await admin(`/api/status-pages/sp_nope/incidents/${right.id}`, 'DELETE')).status, 404);
    // A page publishing its service whole: any of its incidents can be taken off it.
    await admin(`/api/status-pages/${page.id}`, 'PATCH', { groups: [{ components: [{ type: 'service', id: server.serviceId, publishIncidents: true }] }] });
    const loud = (await admin('/api/incidents', 'POST', { title: 'Internal hiccup', impact: 'minor' })).body;
    assert.match(await publicGet(''), /Internal hiccup/);
    assert.equal((await admin(`/api/status-pages/${page.id}/incidents/${loud.id}`, 'DELETE')).status, 200);
    assert.doesNotMatch(await publicGet(''), /Internal hiccup/);
    assert.ok(!(await admin(`/api/incidents/${loud.id}`)).body.statusPageIds.includes(page.id));
    const { key } = await server.createKey(['incidents:read', 'incidents:write']);
    assert.equal((await fetchJson(server.baseUrl, `/api/status-pages/${page.id}/incidents/${right.id}`, { key, method: 'DELETE' })).status, 403);
  });

  it('is read with incidents:read and changed only by an admin', async () => {
    const { key } = await server.createKey(['incidents:read', 'incidents:write']);
    assert.equal((await fetchJson(server.baseUrl, '/api/status-pages', { key })).status, 200);
    assert.equal((await fetchJson(server.baseUrl, '/api/status-pages', { key, method: 'POST', body: { name: 'x', slug: 'y' } })).status, 403);
  });
});

describe('status pages through the window bridge', () => {
  let server: TestServer;
  before(async () => { server = await startServer({ serviceName: 'web' }); });
  after(async () => { await server?.close(); });

  it('statusPages.create/list/update/withdrawIncident/delete answer as the API does, validated by the same schemas', async () => {
    const h = server.klaxon.handlers;
    const { API_METHODS } = await import('../../src-shared/api.ts');
    const input = API_METHODS['statusPages.create'].input.parse({ name: 'Web', slug: 'Web-Status', serviceIds: [server.serviceId] });
    const page = await h['statusPages.create'](input);
    assert.equal(page.slug, 'web-status');
    assert.deepEqual((await h['statusPages.list'](undefined)).map((p) => p.id), [page.id]);
    const renamed = await h['statusPages.update']({ id: page.id, patch: API_METHODS['statusPages.update'].input.parse({ id: page.id, patch: { name: 'Web status' } }).patch });
    assert.equal(renamed.name, 'Web status');
    await assert.rejects(h['statusPages.create'](API_METHODS['statusPages.create'].input.parse({ name: 'x', slug: 'web-status' })), /already has the slug/);
    const incident = await server.klaxon.engine.createPageIncident(page.id, { title: 'Wrong page' }, 'user:ops');
    assert.deepEqual((await h['statusPages.withdrawIncident'](API_METHODS['statusPages.withdrawIncident'].input.parse({ id: page.id, incidentId: incident.id }))).incidentIds, []);
    await assert.rejects(h['statusPages.withdrawIncident']({ id: page.id, incidentId: incident.id }), /is not published on status page/);
    assert.equal((await h['statusPages.delete']({ id: page.id })).id, page.id);
    assert.deepEqual(await h['statusPages.list'](undefined), []);
  });

  it('statusPages.publishIncident posts an incident that exists, with its public title and first update, and the public page shows it', async () => {
    const h = server.klaxon.handlers;
    const { API_METHODS } = await import('../../src-shared/api.ts');
    const page = await h['statusPages.create'](API_METHODS['statusPages.create'].input.parse({ name: 'Shop', slug: 'shop', serviceIds: [server.serviceId] }));
    const inc = (await fetchJson(server.baseUrl, '/api/incidents', { key: server.adminKey, method: 'POST', body: { title: 'db-primary-eu1 replication lag', serviceId: server.serviceId } })).body;
    const parse = (incident: unknown) => API_METHODS['statusPages.publishIncident'].input.parse({ id: page.id, incident });
    // A public status needs its message: refused before anything is written.
    await assert.rejects(h['statusPages.publishIncident'](parse({ incidentId: inc.id, status: 'identified' })), /posted with a message/);
    assert.deepEqual((await h['statusPages.list'](undefined))[0]!.incidentIds, []);

    const published = await h['statusPages.publishIncident'](parse({
      incidentId: inc.id, title: 'Checkout is slow', status: 'identified', impact: 'major', message: 'Card payments take up to a minute.',
    }));
    assert.deepEqual(published.statusPageIds, [page.id]);
    assert.deepEqual([published.title, published.progress, published.impact], ['Checkout is slow', 'identified', 'major']);
    // Twice is no error, and the page lists it once.
    await h['statusPages.publishIncident'](parse({ incidentId: inc.id }));
    assert.deepEqual((await h['statusPages.list'](undefined))[0]!.incidentIds, [inc.id]);

    const pub = await fetchJson(server.baseUrl, '/status/shop/summary.json', {});
    assert.equal(pub.status, 200, pub.text);
    assert.match(pub.text, /Checkout is slow/);
    assert.match(pub.text, /Card payments take up to a minute\./);
    assert.doesNotMatch(pub.text, /replication lag/, 'the internal title is not shown');
    await assert.rejects(h['statusPages.publishIncident'](parse({ incidentId: 'inc_nope' })), /not found/i);
  });
});
