// Withdrawing an incident from a status page, from the incident: each page it is on is listed (a link to the public
// page) with Withdraw for an admin; Withdraw asks first, saying it disappears from the page, its feeds and summary;
// Cancel sends nothing; once withdrawn the incident is shown as the host answers it (on that page no more). A member
// device sees the pages with no Withdraw.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { StatusPage } from '../../src-shared/schemas/status-pages.ts';
import type { Incident, IncidentDetail } from '../../src-shared/schemas/incidents.ts';
import { createAdminStore } from '../../src-renderer/store/admin-store.ts';
import { componentTests, eventually, userDoes } from './support/dom.ts';
import { createFakeApi, makeIncident, type FakeApi } from './support/fake-api.ts';
import { team } from './support/monitor-fixtures.ts';

const { screen, fireEvent, within, createElement, render } = await componentTests();
const { StoresContext } = await import('../../src-renderer/store/context.tsx');
const { PublishToStatusPage } = await import('../../src-renderer/status-pages/PublishToStatusPage.tsx');

const BASE = 'http://127.0.0.1:8977';
const page = (id: string, name: string, slug: string): StatusPage => ({
  id, slug, name, description: null, publicUrl: null, incidentIds: ['inc_9'], path: `/status/${slug}`, groups: [],
  createdAt: '2026-11-01T00:00:00.000Z', updatedAt: '2026-11-01T00:00:00.000Z', createdBy: 'user:ana',
});
const PAGES = [page('sp_1', 'Acme status', 'acme'), page('sp_2', 'Internal', 'internal')];

async function setup(role: 'admin' | 'member'): Promise<{ api: FakeApi; done: IncidentDetail[]; rerender: (i: Incident) => Promise<void>; incident: Incident }> {
  const api = createFakeApi();
  const incident = makeIncident({ id: 'inc_9', title: 'Checkout is slow', statusPageIds: ['sp_1', 'sp_2'] });
  const after = { ...incident, statusPageIds: ['sp_2'] };
  api.handle('statusPages.list', async () => PAGES);
  api.handle('services.list', async () => []);
  api.handle('team.status', async () => team(role));
  api.handle('statusPages.withdrawIncident', async () => ({ ...PAGES[0]!, incidentIds: [] }));
  api.handle('incidents.get', async () => ({ ...after, timeline: [] }) as unknown as IncidentDetail);
  const done: IncidentDetail[] = [];
  const admin = createAdminStore(api);
  admin.setState({ host: { version: '1', deviceId: 'd', listen: { host: '127.0.0.1', port: 8977 }, baseUrl: BASE, notifier: 'none', bridge: 'http' } });
  const ui = (inc: Incident) => createElement(StoresContext.Provider, { value: { api, queue: null!, admin } },
    createElement(PublishToStatusPage, { incident: inc, onDone: (d: IncidentDetail) => done.push(d) }));
  let view!: ReturnType<typeof render>;
  const rerender = (i: Incident) => userDoes(() => view.rerender(ui(i)));
  await userDoes(() => { view = render(ui(incident)); });
  return { api, done, rerender, incident };
}

const click = (el: HTMLElement) => userDoes(() => fireEvent.click(el));

test('an admin withdraws an incident from one page after a confirmation that says what the public loses', async () => {
  const { api, done, rerender } = await setup('admin');
  const on = await eventually(() => screen.getByRole('list', { name: 'Published on' }));
  assert.equal(within(on).getByRole('link', { name: 'Acme status' }).getAttribute('href'), `${BASE}/status/acme`);
  const withdraw = await eventually(() => within(on).getByRole('button', { name: 'Withdraw from Acme status' }));
  assert.ok(within(on).getByRole('button', { name: 'Withdraw from Internal' }));

  await click(withdraw);
  const ask = screen.getByRole('alertdialog', { name: 'Withdraw this incident from Acme status?' });
  assert.match(ask.textContent ?? '', /It disappears from the page, its feeds and summary/);
  await click(within(ask).getByRole('button', { name: 'Cancel' }));
  assert.ok(!api.calls.some((c) => c.method === 'statusPages.withdrawIncident'), 'Cancel sends nothing');

  await click(within(on).getByRole('button', { name: 'Withdraw from Acme status' }));
  await click(within(screen.getByRole('alertdialog')).getByRole('button', { name: 'Withdraw' }));
  await eventually(() => assert.equal(done.length, 1));
  assert.deepEqual(api.calls.find((c) => c.method === 'statusPages.withdrawIncident')?.input, { id: 'sp_1', incidentId: 'inc_9' });
  assert.deepEqual(done[0]!.statusPageIds, ['sp_2'], 'the incident as the host answers it');
  await rerender(done[0]!);
  await eventually(() => assert.equal(screen.queryByRole('link', { name: 'Acme status' }), null));
  assert.ok(screen.getByRole('link', { name: 'Internal' }), 'still on the other page');
  assert.equal(screen.getByRole('status').textContent, 'Withdrawn from Acme status');
});

test('a member device sees where the incident is published, with no Withdraw', async () => {
  const { api } = await setup('member');
  const on = await eventually(() => screen.getByRole('list', { name: 'Published on' }));
  await eventually(() => assert.ok(api.calls.some((c) => c.method === 'team.status')));
  assert.equal(within(on).getAllByRole('link').length, 2);
  assert.equal(within(on).queryByRole('button', { name: /Withdraw/ }), null);
});
