// A status page's Subscribers in the window (admin only): each address or webhook URL with its state and since when;
// Remove asks first and Cancel sends nothing; a webhook subscriber is added by URL and its whsec_ secret is shown once
// with a copy button (never in the list); a refused URL is named; a member device is not offered the list at all.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { StatusPage } from '../../src-shared/schemas/status-pages.ts';
import type { Service } from '../../src-shared/schemas/admin.ts';
import type { Subscriber } from '../../src-shared/schemas/subscribers.ts';
import { BridgeError } from '../../src-renderer/bridge/bridge-error.ts';
import { createAdminStore } from '../../src-renderer/store/admin-store.ts';
import { componentTests, eventually, userDoes } from './support/dom.ts';
import { createFakeApi, type FakeApi } from './support/fake-api.ts';
import { team } from './support/monitor-fixtures.ts';

const { screen, fireEvent, within, createElement, render } = await componentTests();
const { StoresContext } = await import('../../src-renderer/store/context.tsx');
const { StatusPagesPage } = await import('../../src-renderer/status-pages/StatusPagesPage.tsx');

const PAGE: StatusPage = {
  id: 'sp_1', slug: 'acme', name: 'Acme status', description: null, publicUrl: null, incidentIds: [], path: '/status/acme', groups: [],
  createdAt: '2026-11-01T00:00:00.000Z', updatedAt: '2026-11-01T00:00:00.000Z', createdBy: 'user:ana',
};
const sub = (over: Partial<Subscriber>): Subscriber => ({
  id: 'sub_1', pageId: 'sp_1', kind: 'email', email: 'ana@example.com', url: null, secret: null, state: 'confirmed',
  createdAt: '2026-11-02T09:00:00.000Z', confirmedAt: '2026-11-02T09:05:00.000Z', unsubscribedAt: null, ...over,
});
const SUBSCRIBERS = [
  sub({}),
  sub({ id: 'sub_2', email: 'bo@example.com', state: 'pending', confirmedAt: null }),
  sub({ id: 'sub_3', kind: 'webhook', email: null, url: 'https://hooks.example.com/old', secret: 'whsec_old', state: 'unsubscribed', unsubscribedAt: '2026-11-03T10:00:00.000Z' }),
];

function setup(role: 'admin' | 'member' = 'admin'): FakeApi {
  const api = createFakeApi();
  let list = SUBSCRIBERS;
  api.handle('statusPages.list', async () => [PAGE]);
  api.handle('services.list', async () => [] as Service[]);
  api.handle('monitors.list', async () => []);
  api.handle('team.status', async () => team(role));
  api.handle('statusPages.subscribers', async () => list);
  api.handle('statusPages.removeSubscriber', async (input) => {
    const { subscriberId } = input as { subscriberId: string };
    const s = { ...list.find((x) => x.id === subscriberId)!, state: 'unsubscribed' as const, unsubscribedAt: '2026-11-04T08:00:00.000Z' };
    list = list.map((x) => (x.id === subscriberId ? s : x));
    return s;
  });
  api.handle('statusPages.addWebhookSubscriber', async (input) => {
    const { url } = input as { url: string };
    if (!url.startsWith('http')) throw new BridgeError('VALIDATION', 'input.url: must be an http or https URL', 400);
    const s = sub({ id: 'sub_9', kind: 'webhook', email: null, url, secret: 'whsec_c2VjcmV0LW5ldw==', createdAt: '2026-11-04T08:00:00.000Z', confirmedAt: '2026-11-04T08:00:00.000Z' });
    list = [...list, s];
    return s;
  });
  return api;
}

async function show(api: FakeApi) {
  const admin = createAdminStore(api);
  admin.setState({ host: { version: '1', deviceId: 'dev_self', listen: { host: '127.0.0.1', port: 8977 }, baseUrl: 'http://127.0.0.1:8977', notifier: 'none', bridge: 'http' } });
  await userDoes(() => render(createElement(StoresContext.Provider, { value: { api, queue: null!, admin } }, createElement(StatusPagesPage, {}))));
  const item = await eventually(() => screen.getByRole('listitem', { name: 'Acme status' }));
  return item;
}

const click = (el: HTMLElement) => userDoes(() => fireEvent.click(el));

async function openSubscribers(api: FakeApi) {
  const item = await show(api);
  await click(await eventually(() => within(item).getByRole('button', { name: 'Subscribers of Acme status' })));
  return eventually(() => within(item).getByRole('list', { name: 'Subscribers of Acme status' }));
}

test('an admin sees each subscriber with its address or URL, its state and since when, and no secret', async () => {
  const api = setup();
  const list = await openSubscribers(api);
  assert.deepEqual(api.calls.find((c) => c.method === 'statusPages.subscribers')?.input, { id: 'sp_1' });
  const since = (iso: string) => new Date(iso).toLocaleString();
  assert.match(within(list).getByRole('listitem', { name: 'ana@example.com' }).textContent ?? '', new RegExp(`Email.*Confirmed since ${since('2026-11-02T09:05:00.000Z')}`));
  assert.match(within(list).getByRole('listitem', { name: 'bo@example.com' }).textContent ?? '', new RegExp(`Pending confirmation since ${since('2026-11-02T09:00:00.000Z')}`));
  const old = within(list).getByRole('listitem', { name: 'https://hooks.example.com/old' });
  assert.match(old.textContent ?? '', new RegExp(`Webhook.*Unsubscribed since ${since('2026-11-03T10:00:00.000Z')}`));
  assert.equal(within(old).queryByRole('button', { name: /Remove/ }), null, 'an unsubscribed one has nothing to remove');
  assert.doesNotMatch(list.textContent ?? '', /whsec_/);
});

test('Remove asks first; Cancel sends nothing, Remove shows it unsubscribed', async () => {
  const api = setup();
  const list = await openSubscribers(api);
  await click(within(list).getByRole('button', { name: 'Remove ana@example.com' }));
  const ask = screen.getByRole('alertdialog', { name: 'Remove the subscriber ana@example.com?' });
  assert.match(ask.textContent ?? '', /Nothing more is sent to it/);
  await click(within(ask).getByRole('button', { name: 'Cancel' }));
  assert.ok(!api.calls.some((c) => c.method === 'statusPages.removeSubscriber'));
  await click(within(list).getByRole('button', { name: 'Remove ana@example.com' }));
  await click(within(screen.getByRole('alertdialog')).getByRole('button', { name: 'Remove' }));
  await eventually(() => assert.match(within(list).getByRole('listitem', { name: 'ana@example.com' }).textContent ?? '', /Unsubscribed since/));
  assert.deepEqual(api.calls.find((c) => c.method === 'statusPages.removeSubscriber')?.input, { id: 'sp_1', subscriberId: 'sub_1' });
  assert.equal(screen.getByRole('status').textContent, 'Removed ana@example.com');
});

test('a webhook subscriber is added by URL and its secret shown once, to copy; a refused URL is named', async () => {
  const api = setup();
  const list = await openSubscribers(api);
  const form = screen.getByRole('form', { name: 'Add a webhook subscriber to Acme status' });
  const add = within(form).getByRole('button', { name: 'Add webhook' }) as HTMLButtonElement;
  assert.equal(add.disabled, true, 'nothing to add yet');
  await userDoes(() => fireEvent.change(within(form).getByLabelText('Webhook URL'), { target: { value: 'ftp://x' } }));
  await click(add);
  await eventually(() => assert.match(screen.getByRole('alert').textContent ?? '', /must be an http or https URL/));

  await userDoes(() => fireEvent.change(within(form).getByLabelText('Webhook URL'), { target: { value: ' https://hooks.example.com/status ' } }));
  await click(add);
  const secret = await eventually(() => screen.getByRole('region', { name: 'New webhook secret' }));
  assert.equal(within(secret).getByLabelText('Signing secret').textContent, 'whsec_c2VjcmV0LW5ldw==');
  assert.ok(within(secret).getByRole('button', { name: 'Copy signing secret' }));
  assert.deepEqual(api.calls.filter((c) => c.method === 'statusPages.addWebhookSubscriber').at(-1)?.input, { id: 'sp_1', url: 'https://hooks.example.com/status' });
  assert.match(within(list).getByRole('listitem', { name: 'https://hooks.example.com/status' }).textContent ?? '', /Webhook.*Confirmed since/);
  assert.doesNotMatch(list.textContent ?? '', /whsec_/, 'the list itself never shows it');
  assert.equal((within(form).getByLabelText('Webhook URL') as HTMLInputElement).value, '', 'the field is cleared');
});

test('a member device is not offered the subscribers', async () => {
  const api = setup('member');
  const item = await show(api);
  await eventually(() => screen.getByText('Only an admin can create, change or delete status pages.'));
  assert.equal(within(item).queryByRole('button', { name: /Subscribers/ }), null);
  assert.ok(!api.calls.some((c) => c.method === 'statusPages.subscribers'));
});
