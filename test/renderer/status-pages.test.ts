// Status pages in the window with a fake bridge: the list shows each page's name, slug, public URL (copy, open) and
// how many components it shows; a page is created from the form — its slug suggested from the name, a bad slug
// caught at the field before anything is sent, components added from the team's services and monitors with their
// public names, order and "publish every incident" — and a slug another page has (409) is shown at the slug; an edit
// sends the change; deleting asks first; a member device sees the pages with no actions. From an incident, "Publish to
// status page…" sends seed 002's fields for the chosen page and shows the incident as the host answers it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { StatusPage } from '../../src-shared/schemas/status-pages.ts';
import type { Service } from '../../src-shared/schemas/admin.ts';
import type { IncidentDetail } from '../../src-shared/schemas/incidents.ts';
import { BridgeError } from '../../src-renderer/bridge/bridge-error.ts';
import { createAdminStore } from '../../src-renderer/store/admin-store.ts';
import { componentTests, eventually, userDoes } from './support/dom.ts';
import { createFakeApi, makeIncident, type FakeApi } from './support/fake-api.ts';
import { monitor, team } from './support/monitor-fixtures.ts';

const { screen, fireEvent, within, createElement, render } = await componentTests();
const { StoresContext } = await import('../../src-renderer/store/context.tsx');
const { StatusPagesPage } = await import('../../src-renderer/status-pages/StatusPagesPage.tsx');
const { PublishToStatusPage } = await import('../../src-renderer/status-pages/PublishToStatusPage.tsx');

const BASE = 'http://127.0.0.1:8977';
const SERVICES = [{ id: 'svc_api', name: 'api-gw-prod' }, { id: 'svc_db', name: 'db-primary-eu1' }] as Service[];
const MONITORS = [monitor({ id: 'mon_home', name: 'Homepage check' })];

const page = (over: Partial<StatusPage> = {}): StatusPage => ({
  id: 'sp_1', slug: 'acme', name: 'Acme status', description: null, publicUrl: null, incidentIds: [], path: '/status/acme',
  groups: [{ name: 'Core', components: [{ type: 'service', id: 'svc_api', name: 'API', publishIncidents: false }, { type: 'monitor', id: 'mon_home', name: 'Website', publishIncidents: false }] }],
  createdAt: '2026-11-01T00:00:00.000Z', updatedAt: '2026-11-01T00:00:00.000Z', createdBy: 'user:ana', ...over,
});

function setup(pages: StatusPage[], role: 'admin' | 'member' = 'admin'): FakeApi {
  const api = createFakeApi();
  let list = pages;
  api.handle('statusPages.list', async () => list);
  api.handle('services.list', async () => SERVICES);
  api.handle('monitors.list', async () => MONITORS);
  api.handle('team.status', async () => team(role));
  api.handle('statusPages.create', async (input) => {
    const i = input as { name: string; slug: string; groups: StatusPage['groups'] };
    const p = page({ id: 'sp_new', name: i.name, slug: i.slug, path: `/status/${i.slug}`, groups: i.groups });
    list = [...list, p];
    return p;
  });
  api.handle('statusPages.update', async (input) => {
    const { id, patch } = input as { id: string; patch: Partial<StatusPage> };
    const p = { ...list.find((x) => x.id === id)!, ...patch };
    list = list.map((x) => (x.id === id ? p : x));
    return p;
  });
  api.handle('statusPages.delete', async (input) => { const { id } = input as { id: string }; const p = list.find((x) => x.id === id)!; list = list.filter((x) => x.id !== id); return p; });
  return api;
}

async function show(api: FakeApi) {
  const admin = createAdminStore(api);
  admin.setState({ host: { version: '1', deviceId: 'dev_self', listen: { host: '127.0.0.1', port: 8977 }, baseUrl: BASE, notifier: 'none', bridge: 'http' } });
  await userDoes(() => render(createElement(StoresContext.Provider, { value: { api, queue: null!, admin } }, createElement(StatusPagesPage, {}))));
  return admin;
}

const typeInto = (el: HTMLElement, value: string) => userDoes(() => fireEvent.change(el, { target: { value } }));
const click = (el: HTMLElement) => userDoes(() => fireEvent.click(el));

test('each page is listed with its slug, public URL to copy and open, and how many components it shows', async () => {
  await show(setup([page({ description: 'How Acme is doing', incidentIds: ['inc_1'] })]));
  const item = await eventually(() => screen.getByRole('listitem', { name: 'Acme status' }));
  assert.match(item.textContent ?? '', /Acme status acme/);
  assert.match(item.textContent ?? '', /How Acme is doing/);
  assert.match(item.textContent ?? '', /2 components · 1 posted incident/);
  assert.equal(within(item).getByLabelText('Public URL of Acme status').textContent, `${BASE}/status/acme`);
  assert.ok(within(item).getByRole('button', { name: 'Copy public URL of Acme status' }));
  const open = within(item).getByRole('link', { name: 'Open Acme status (preview)' });
  assert.equal(open.getAttribute('href'), `${BASE}/status/acme`);
  assert.equal(open.getAttribute('target'), '_blank');
});

test('a page is created from the form: slug from the name, a bad slug caught at the field, components named, ordered and published', async () => {
  const api = setup([]);
  await show(api);
  await eventually(() => screen.getByText('No status pages yet.'));
  await click(screen.getByRole('button', { name: 'New status page' }));
  const form = screen.getByRole('form', { name: 'New status page' });
  await typeInto(within(form).getByLabelText('Name'), 'Shop Status!');
  const slug = within(form).getByLabelText('Slug') as HTMLInputElement;
  assert.equal(slug.value, 'shop-status', 'suggested from the name');
  await typeInto(slug, 'Shop status');
  await click(within(form).getByRole('button', { name: 'Create status page' }));
  assert.equal(slug.getAttribute('aria-invalid'), 'true');
  assert.match(document.getElementById(`${slug.id}-error`)?.textContent ?? '', /lower-case letters, digits and single dashes/i);
  assert.ok(!api.calls.some((c) => c.method === 'statusPages.create'), 'nothing sent');
  await typeInto(slug, 'shop');

  const group = within(form).getByRole('group', { name: 'Group 1' });
  await typeInto(within(group).getByLabelText('Group name'), 'Checkout');
  const checkout = within(form).getByRole('group', { name: 'Checkout' });
  await userDoes(() => fireEvent.change(within(checkout).getByLabelText('Add to Checkout'), { target: { value: 'service:svc_db' } }));
  await click(within(checkout).getByRole('button', { name: 'Add component to Checkout' }));
  await userDoes(() => fireEvent.change(within(checkout).getByLabelText('Add to Checkout'), { target: { value: 'monitor:mon_home' } }));
  await click(within(checkout).getByRole('button', { name: 'Add component to Checkout' }));
  // The internal name is the default public name; the public one is set here.
  const dbName = within(checkout).getByLabelText('Public name of db-primary-eu1') as HTMLInputElement;
  assert.equal(dbName.value, 'db-primary-eu1');
  await typeInto(dbName, 'Payments');
  await click(within(checkout).getByLabelText('Publish every incident of db-primary-eu1'));
  assert.ok(!within(checkout).queryByLabelText('Publish every incident of Homepage check'), 'a monitor has no such setting');
  await click(within(checkout).getByRole('button', { name: 'Move Homepage check up' }));
  // An empty public name is named at its field.
  await typeInto(within(checkout).getByLabelText('Public name of Homepage check'), '  ');
  await click(within(form).getByRole('button', { name: 'Create status page' }));
  assert.equal(within(checkout).getByLabelText('Public name of Homepage check').getAttribute('aria-invalid'), 'true');
  assert.ok(!api.calls.some((c) => c.method === 'statusPages.create'));
  await typeInto(within(checkout).getByLabelText('Public name of Homepage check'), 'Website');
  await click(within(form).getByRole('button', { name: 'Create status page' }));

  const item = await eventually(() => screen.getByRole('listitem', { name: 'Shop Status!' }));
  assert.deepEqual(api.calls.find((c) => c.method === 'statusPages.create')?.input, {
    name: 'Shop Status!', slug: 'shop',
    groups: [{ name: 'Checkout', components: [
      { type: 'monitor', id: 'mon_home', name: 'Website', publishIncidents: false },
      { type: 'service', id: 'svc_db', name: 'Payments', publishIncidents: true },
    ] }],
  });
  assert.match(item.textContent ?? '', /2 components/);
  assert.ok(!screen.queryByRole('form', { name: 'New status page' }), 'the form closes');
});

test('a slug another page has is shown at the slug field', async () => {
  const api = setup([page()]);
  api.handle('statusPages.create', async () => { throw new BridgeError('CONFLICT', 'Status page sp_1 already has the slug "acme"', 409); });
  await show(api);
  await eventually(() => screen.getByRole('listitem', { name: 'Acme status' }));
  await click(screen.getByRole('button', { name: 'New status page' }));
  const form = screen.getByRole('form', { name: 'New status page' });
  await typeInto(within(form).getByLabelText('Name'), 'Acme');
  await click(within(form).getByRole('button', { name: 'Create status page' }));
  const slug = await eventually(() => { const s = within(form).getByLabelText('Slug'); assert.equal(s.getAttribute('aria-invalid'), 'true'); return s; });
  assert.equal(document.getElementById(`${slug.id}-error`)?.textContent, 'Another status page has this slug: choose another');
});

test('an edit sends the changed page; deleting asks first and Cancel sends nothing', async () => {
  const api = setup([page()]);
  await show(api);
  const item = await eventually(() => screen.getByRole('listitem', { name: 'Acme status' }));
  await click(within(item).getByRole('button', { name: 'Edit Acme status' }));
  const form = screen.getByRole('form', { name: 'Edit Acme status' });
  await typeInto(within(form).getByLabelText('Description'), 'Our shop and its API');
  await click(within(form).getByRole('button', { name: 'Remove Homepage check' }));
  await click(within(form).getByRole('button', { name: 'Save status page' }));
  await eventually(() => assert.match(screen.getByRole('listitem', { name: 'Acme status' }).textContent ?? '', /Our shop and its API.*1 component ·/));
  assert.deepEqual(api.calls.find((c) => c.method === 'statusPages.update')?.input, {
    id: 'sp_1', patch: { name: 'Acme status', slug: 'acme', description: 'Our shop and its API', groups: [{ name: 'Core', components: [{ type: 'service', id: 'svc_api', name: 'API', publishIncidents: false }] }] },
  });

  await click(screen.getByRole('button', { name: 'Delete Acme status' }));
  const ask = screen.getByRole('alertdialog', { name: 'Delete the status page Acme status?' });
  assert.match(ask.textContent ?? '', /http:\/\/127\.0\.0\.1:8977\/status\/acme stops being served/);
  await click(within(ask).getByRole('button', { name: 'Cancel' }));
  assert.ok(!api.calls.some((c) => c.method === 'statusPages.delete'));
  await click(screen.getByRole('button', { name: 'Delete Acme status' }));
  await click(within(screen.getByRole('alertdialog')).getByRole('button', { name: 'Delete' }));
  await eventually(() => assert.ok(screen.getByText('No status pages yet.')));
  assert.deepEqual(api.calls.find((c) => c.method === 'statusPages.delete')?.input, { id: 'sp_1' });
});

test('a member device sees the pages and their public URLs, with creating, editing and deleting disabled', async () => {
  await show(setup([page()], 'member'));
  const item = await eventually(() => screen.getByRole('listitem', { name: 'Acme status' }));
  assert.ok(screen.getByText('Only an admin can create, change or delete status pages.'));
  assert.equal((screen.getByRole('button', { name: 'New status page' }) as HTMLButtonElement).disabled, true);
  assert.equal((within(item).getByRole('button', { name: 'Edit Acme status' }) as HTMLButtonElement).disabled, true);
  assert.equal((within(item).getByRole('button', { name: 'Delete Acme status' }) as HTMLButtonElement).disabled, true);
  assert.ok(within(item).getByRole('link', { name: 'Open Acme status (preview)' }));
});

test('"Publish to status page…" on an incident sends seed 002\'s fields for the chosen page and shows where it is published', async () => {
  const api = setup([page(), page({ id: 'sp_2', name: 'Internal', slug: 'internal', path: '/status/internal' })]);
  const incident = makeIncident({ id: 'inc_9', title: 'db-primary-eu1 replication lag', progress: 'investigating', impact: null });
  const published = { ...incident, title: 'Checkout is slow', progress: 'identified' as const, impact: 'major' as const, statusPageIds: ['sp_2'] };
  api.handle('statusPages.publishIncident', async () => published);
  api.handle('incidents.get', async () => ({ incident: published, timeline: [] }) as unknown as IncidentDetail);
  const done: IncidentDetail[] = [];
  const admin = createAdminStore(api);
  admin.setState({ host: { version: '1', deviceId: 'd', listen: { host: '127.0.0.1', port: 8977 }, baseUrl: BASE, notifier: 'none', bridge: 'http' } });
  const ui = (inc: typeof incident) => createElement(StoresContext.Provider, { value: { api, queue: null!, admin } },
    createElement(PublishToStatusPage, { incident: inc, onDone: (d: IncidentDetail) => done.push(d) }));
  let view!: ReturnType<typeof render>;
  await userDoes(() => { view = render(ui(incident)); });
  await click(screen.getByRole('button', { name: 'Publish to status page…' }));
  const dialog = await eventually(() => screen.getByRole('dialog', { name: 'Publish to status page' }));
  await eventually(() => assert.equal(within(dialog).getAllByRole('option', { name: /\/status\// }).length, 2));
  await userDoes(() => fireEvent.change(within(dialog).getByLabelText('Status page'), { target: { value: 'sp_2' } }));
  assert.equal((within(dialog).getByLabelText('Title') as HTMLInputElement).value, 'db-primary-eu1 replication lag');
  await typeInto(within(dialog).getByLabelText('Title'), 'Checkout is slow');
  await userDoes(() => fireEvent.change(within(dialog).getByLabelText('Status'), { target: { value: 'identified' } }));
  await userDoes(() => fireEvent.change(within(dialog).getByLabelText('Impact'), { target: { value: 'major' } }));
  await typeInto(within(dialog).getByLabelText('Message'), 'Card payments take up to a minute.');
  await click(within(dialog).getByRole('button', { name: 'Publish' }));

  await eventually(() => assert.equal(done.length, 1));
  assert.deepEqual(api.calls.find((c) => c.method === 'statusPages.publishIncident')?.input, {
    id: 'sp_2', incident: { incidentId: 'inc_9', title: 'Checkout is slow', status: 'identified', message: 'Card payments take up to a minute.', impact: 'major' },
  });
  assert.ok(!screen.queryByRole('dialog'), 'the dialog closes');
  // The page re-renders with the incident as answered: it names the page it is on, linking its public address.
  await userDoes(() => view.rerender(ui(published)));
  const link = await eventually(() => screen.getByRole('link', { name: 'Internal' }));
  assert.equal(link.getAttribute('href'), `${BASE}/status/internal`);
});
