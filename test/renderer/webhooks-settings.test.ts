// Settings → Webhooks with a fake bridge: a subscription is created from the form (a bad URL or no event is caught
// under its field before anything is sent) and its secret is shown with the snippet that verifies deliveries; the
// Test button shows how the try went right there; the delivery log shows a failed delivery's answer and "Send again"
// asks the host and shows the new outcome; the log follows the host while open; deleting asks first; a session
// without the admin scope sees the refusal and no form. And the verify snippet, run, accepts a signed delivery.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Webhook as Signer } from 'standardwebhooks';
import type { Webhook, WebhookDelivery } from '../../src-shared/schemas/webhooks.ts';
import type { Service } from '../../src-shared/schemas/admin.ts';
import { verifySnippet } from '../../src-renderer/integrations/verify-snippet.ts';
import { BridgeError } from '../../src-renderer/bridge/bridge-error.ts';
import { createAdminStore } from '../../src-renderer/store/admin-store.ts';
import { componentTests, eventually, userDoes } from './support/dom.ts';
import { createFakeApi, type FakeApi } from './support/fake-api.ts';

test('the verify snippet, as pasted, accepts a delivery signed with the secret and refuses a tampered one', () => {
  const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
  const code = verifySnippet().replace(/^import .*$/m, '');
  const verifyKlaxon = new Function('Webhook', 'process', `${code}\nreturn verifyKlaxon;`)(Signer, { env: { KLAXON_WEBHOOK_SECRET: secret } }) as
    (body: string, headers: Record<string, string>) => { type: string };
  const body = JSON.stringify({ type: 'incident.triggered', timestamp: new Date().toISOString(), data: { incident: null, by: null } });
  const at = new Date();
  const headers = { 'webhook-id': 'msg_1', 'webhook-timestamp': String(Math.floor(at.getTime() / 1000)), 'webhook-signature': new Signer(secret).sign('msg_1', at, body) };
  assert.equal(verifyKlaxon(body, headers).type, 'incident.triggered');
  assert.throws(() => verifyKlaxon(body.replace('triggered', 'resolved'), headers));
});

const { screen, fireEvent, within, createElement, render } = await componentTests();
const { StoresContext } = await import('../../src-renderer/store/context.tsx');
const { WebhooksSection } = await import('../../src-renderer/integrations/WebhooksSection.tsx');

const NOW = Date.now();
const iso = (ms: number) => new Date(ms).toISOString();
const SERVICES = [{ id: 'svc_api', name: 'API Gateway' }, { id: 'svc_db', name: 'Database' }] as Service[];

const hook = (over: Partial<Webhook> = {}): Webhook => ({
  id: 'whk_1', url: 'https://hooks.example.com/in', events: ['triggered', 'resolved'], serviceIds: [], format: 'standard', description: null, enabled: true,
  secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', createdAt: iso(NOW), updatedAt: iso(NOW), createdBy: 'user:ana', ...over,
});
const delivery = (over: Partial<WebhookDelivery> = {}): WebhookDelivery => ({
  id: 7, webhookId: 'whk_1', messageId: 'op_1', event: 'triggered', incidentId: 'inc_1', incidentTitle: 'Checkout is down', state: 'delivered',
  attempts: 1, createdAt: iso(NOW - 60_000), nextAttemptAt: null, lastAttemptAt: iso(NOW - 60_000), lastStatus: 204, lastError: null,
  lastResponse: '', lastDurationMs: 12, ...over,
});

function setup(hooks: Webhook[]): FakeApi {
  const api = createFakeApi();
  let list = hooks;
  api.handle('webhooks.list', async () => list);
  api.handle('webhooks.create', async (input) => { const w = hook({ id: 'whk_new', ...(input as Partial<Webhook>) }); list = [...list, w]; return w; });
  api.handle('webhooks.delete', async (input) => { const { id } = input as { id: string }; const w = list.find((x) => x.id === id)!; list = list.filter((x) => x.id !== id); return w; });
  return api;
}

async function show(api: FakeApi, refreshMs?: { list?: number; log?: number }) {
  const admin = createAdminStore(api);
  admin.setState({ services: SERVICES });
  await userDoes(() => render(createElement(StoresContext.Provider, { value: { api, queue: null!, admin } }, createElement(WebhooksSection, { refreshMs }))));
  return screen.getByRole('region', { name: 'Webhooks' });
}

test('a webhook is created from the form, its field errors shown first, then its secret and how to verify', async () => {
  const api = setup([]);
  const section = await show(api);
  assert.ok(within(section).getByText('No webhooks yet.'));
  const form = within(section).getByRole('form', { name: 'New webhook' });
  await userDoes(() => fireEvent.change(within(form).getByLabelText('URL'), { target: { value: 'ftp://example.com' } }));
  for (const ev of ['Triggered', 'Acknowledged', 'Resolved']) await userDoes(() => fireEvent.click(within(form).getByLabelText(ev)));
  await userDoes(() => fireEvent.click(within(form).getByRole('button', { name: 'Create webhook' })));
  const url = within(form).getByLabelText('URL');
  assert.equal(url.getAttribute('aria-invalid'), 'true');
  assert.equal(document.getElementById(url.getAttribute('aria-describedby')!)?.textContent, 'Enter the receiver\'s http:// or https:// URL');
  assert.ok(within(form).getByText('Check at least one event'));
  assert.ok(!api.calls.some((c) => c.method === 'webhooks.create'), 'nothing sent');

  await userDoes(() => fireEvent.change(url, { target: { value: 'https://chat.example.com/hooks/abc' } }));
  await userDoes(() => fireEvent.click(within(form).getByLabelText('Triggered')));
  await userDoes(() => fireEvent.click(within(form).getByLabelText('Slack / Mattermost compatible (text)')));
  await userDoes(() => fireEvent.click(within(form).getByLabelText('Only these:')));
  await userDoes(() => fireEvent.click(within(form).getByRole('button', { name: 'Create webhook' })));
  assert.ok(within(form).getByText('Check at least one service, or choose All services'));
  await userDoes(() => fireEvent.click(within(form).getByLabelText('Database')));
  await userDoes(() => fireEvent.click(within(form).getByRole('button', { name: 'Create webhook' })));

  await eventually(() => assert.ok(within(section).getByRole('status', { name: 'New webhook\'s signing secret' })));
  assert.deepEqual(api.calls.find((c) => c.method === 'webhooks.create')?.input,
    { url: 'https://chat.example.com/hooks/abc', events: ['triggered'], serviceIds: ['svc_db'], format: 'slack' });
  assert.equal(within(section).getByLabelText('Signing secret').textContent, 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw');
  assert.ok(within(section).getByRole('button', { name: 'Copy signing secret' }));
  assert.match(within(section).getByLabelText('Verify a delivery (Node.js)').textContent ?? '', /new Webhook\(process\.env\.KLAXON_WEBHOOK_SECRET\)/);
  const item = within(section).getByRole('listitem', { name: 'https://chat.example.com/hooks/abc' });
  assert.match(item.textContent ?? '', /Events: Triggered · Services: Database/);
  assert.ok(within(item).getByText('Slack / Mattermost compatible (text)'));
  assert.equal((within(form).getByLabelText('URL') as HTMLInputElement).value, '', 'the form is ready for the next one');
});

test('Test shows how the try went, with the receiver\'s answer, right there', async () => {
  const api = setup([hook()]);
  api.handle('webhooks.test', async () => delivery({
    id: 9, event: 'test', incidentId: null, incidentTitle: null, state: 'pending', lastStatus: 500, lastDurationMs: 31,
    nextAttemptAt: iso(NOW + 5_000), lastResponse: `database down\n${'x'.repeat(300)}`,
  }));
  const section = await show(api);
  await userDoes(() => fireEvent.click(within(section).getByRole('button', { name: 'Test https://hooks.example.com/in' })));
  const result = await eventually(() => within(section).getByRole('status', { name: 'Test result for https://hooks.example.com/in' }));
  assert.match(result.textContent ?? '', /^Test message: Retrying \(next at .+\) · HTTP 500 · 31 ms/);
  assert.match(result.textContent ?? '', /database down/);
  assert.deepEqual(api.calls.find((c) => c.method === 'webhooks.test')?.input, { id: 'whk_1' });
});

test('a failed delivery shows its answer in the log, and "Send again" asks the host and shows the new outcome', async () => {
  const api = setup([hook()]);
  const failed = delivery({ id: 12, state: 'failed', attempts: 31, lastStatus: 503, lastResponse: `upstream unavailable\n${'stack frame\n'.repeat(40)}`, lastDurationMs: 40 });
  api.handle('webhooks.deliveries', async () => ({
    deliveries: [failed, delivery({ id: 5, incidentId: 'inc_0', incidentTitle: 'Disk full', lastResponse: '<img src=x onerror=alert(1)>\u202Eevil' })], nextBefore: null,
  }));
  api.handle('webhooks.retry', async () => ({ ...failed, state: 'delivered', attempts: 32, lastStatus: 200, lastResponse: 'ok', lastDurationMs: 9 }));
  const section = await show(api);
  const toggle = within(section).getByRole('button', { name: 'Delivery log' });
  await userDoes(() => fireEvent.click(toggle));
  assert.equal(toggle.getAttribute('aria-expanded'), 'true');
  const log = await eventually(() => within(section).getByRole('table', { name: 'Deliveries to https://hooks.example.com/in' }));
  const rows = within(log).getAllByRole('row').slice(1);
  assert.equal(rows.length, 2);
  const row = rows[0]!;
  assert.match(row.textContent ?? '', /Triggered.*Checkout is down.*Failed \(given up\)31HTTP 50340 ms/);
  assert.equal(within(row).getByRole('link', { name: 'Checkout is down' }).getAttribute('href'), '#/incident/inc_1');
  // The long answer folds to its first line; the whole of it is there to open.
  assert.match(within(row).getByText(/^upstream unavailable…$/).textContent ?? '', /upstream unavailable/);
  assert.match(row.querySelector('details pre')?.textContent ?? '', /stack frame\nstack frame/);
  // A receiver's answer is text: markup stays markup-looking text, a bidi override is shown as what it is.
  assert.ok(!log.querySelector('img'));
  assert.match(rows[1]!.textContent ?? '', /<img src=x onerror=alert\(1\)><U\+202E>evil/);

  await userDoes(() => fireEvent.click(within(row).getByRole('button', { name: /^Send again: Triggered \(Checkout is down\)/ })));
  assert.deepEqual(api.calls.find((c) => c.method === 'webhooks.retry')?.input, { id: 12 });
  await eventually(() => assert.match(within(log).getAllByRole('row')[1]!.textContent ?? '', /Delivered32HTTP 2009 ms/));
});

test('the open log follows the host: a retrying delivery turns delivered without a click; older ones load on demand', async () => {
  const api = setup([hook()]);
  let now = delivery({ id: 30, state: 'pending', attempts: 2, lastStatus: null, lastError: 'ECONNREFUSED', lastResponse: null, nextAttemptAt: iso(NOW + 10_000) });
  api.handle('webhooks.deliveries', async (input) => {
    const { before } = input as { before?: number };
    if (before === 30) return { deliveries: [delivery({ id: 3, event: 'resolved', incidentTitle: 'Old one' })], nextBefore: null };
    return { deliveries: [now], nextBefore: 30 };
  });
  const section = await show(api, { log: 30 });
  await userDoes(() => fireEvent.click(within(section).getByRole('button', { name: 'Delivery log' })));
  const log = await eventually(() => within(section).getByRole('table', { name: 'Deliveries to https://hooks.example.com/in' }));
  await eventually(() => assert.match(within(log).getAllByRole('row')[1]!.textContent ?? '', /Retrying \(next at .+\)2ECONNREFUSED/));
  now = { ...now, state: 'delivered', attempts: 3, lastStatus: 202, lastError: null, nextAttemptAt: null };
  await eventually(() => assert.match(within(log).getAllByRole('row')[1]!.textContent ?? '', /Delivered3HTTP 202/));

  await userDoes(() => fireEvent.click(within(section).getByRole('button', { name: 'Show older' })));
  await eventually(() => assert.equal(within(log).getAllByRole('row').length, 3));
  assert.match(within(log).getAllByRole('row')[2]!.textContent ?? '', /Resolved.*Old one/);
  assert.ok(!within(section).queryByRole('button', { name: 'Show older' }), 'nothing older');
  // A refresh keeps the older page shown.
  await userDoes(() => {}, 80);
  assert.equal(within(log).getAllByRole('row').length, 3);
});

test('deleting asks first; once confirmed the webhook is gone', async () => {
  const api = setup([hook(), hook({ id: 'whk_2', url: 'https://other.example.com/x' })]);
  const section = await show(api);
  await userDoes(() => fireEvent.click(within(section).getByRole('button', { name: 'Delete https://hooks.example.com/in' })));
  const dialog = screen.getByRole('alertdialog', { name: 'Delete this webhook?' });
  assert.match(dialog.textContent ?? '', /Nothing more will be sent to https:\/\/hooks\.example\.com\/in/);
  assert.equal(document.activeElement?.textContent, 'Cancel', 'the safe choice has the focus');
  await userDoes(() => fireEvent.click(within(dialog).getByRole('button', { name: 'Cancel' })));
  assert.ok(!api.calls.some((c) => c.method === 'webhooks.delete'));

  await userDoes(() => fireEvent.click(within(section).getByRole('button', { name: 'Delete https://hooks.example.com/in' })));
  await userDoes(() => fireEvent.click(within(screen.getByRole('alertdialog')).getByRole('button', { name: 'Delete' })));
  assert.deepEqual(api.calls.find((c) => c.method === 'webhooks.delete')?.input, { id: 'whk_1' });
  await eventually(() => assert.ok(!within(section).queryByRole('listitem', { name: 'https://hooks.example.com/in' })));
  assert.ok(within(section).getByRole('listitem', { name: 'https://other.example.com/x' }));
});

test('a session without the admin scope sees the host\'s refusal, no secrets and no form', async () => {
  const api = createFakeApi();
  api.handle('webhooks.list', async () => { throw new BridgeError('FORBIDDEN', 'webhooks.list needs an API key with the admin scope; this session was opened with one that lacks it', 403); });
  const section = await show(api);
  assert.match(within(section).getByRole('alert').textContent ?? '', /needs an API key with the admin scope/);
  assert.ok(!within(section).queryByRole('form'));
});

test('Edit opens the form filled in; saving sends the whole subscription and shows it', async () => {
  const api = setup([hook({ serviceIds: ['svc_api'], description: 'ops channel' })]);
  api.handle('webhooks.update', async (input) => {
    const { patch } = input as { patch: Partial<Webhook> };
    return hook({ ...patch, description: patch.description ?? null });
  });
  const section = await show(api);
  const item = within(section).getByRole('listitem', { name: 'https://hooks.example.com/in' });
  assert.match(item.textContent ?? '', /Services: API Gateway/);
  await userDoes(() => fireEvent.click(within(item).getByRole('button', { name: 'Edit https://hooks.example.com/in' })));
  const form = within(item).getByRole('form', { name: 'Edit webhook https://hooks.example.com/in' });
  assert.equal((within(form).getByLabelText('Triggered') as HTMLInputElement).checked, true);
  assert.equal((within(form).getByLabelText('Acknowledged') as HTMLInputElement).checked, false);
  assert.equal((within(form).getByLabelText('API Gateway') as HTMLInputElement).checked, true);
  await userDoes(() => fireEvent.click(within(form).getByLabelText('Note added')));
  await userDoes(() => fireEvent.click(within(form).getByLabelText('All services')));
  await userDoes(() => fireEvent.change(within(form).getByLabelText('Description (optional)'), { target: { value: '' } }));
  await userDoes(() => fireEvent.click(within(form).getByRole('button', { name: 'Save webhook' })));
  assert.deepEqual(api.calls.find((c) => c.method === 'webhooks.update')?.input, {
    id: 'whk_1', patch: { url: 'https://hooks.example.com/in', events: ['triggered', 'resolved', 'note_added'], serviceIds: [], format: 'standard', description: null },
  });
  await eventually(() => assert.ok(!within(item).queryByRole('form')));
  assert.match(item.textContent ?? '', /Events: Triggered, Resolved, Note added · Services: All services/);
  assert.doesNotMatch(item.textContent ?? '', /ops channel/);
});

test('Pause says so on the subscription and sends enabled: false; Resume sends it back', async () => {
  const api = setup([hook()]);
  api.handle('webhooks.update', async (input) => hook({ enabled: (input as { patch: { enabled: boolean } }).patch.enabled }));
  const section = await show(api);
  const item = within(section).getByRole('listitem', { name: 'https://hooks.example.com/in' });
  assert.ok(!within(item).queryByText(/Paused/));
  await userDoes(() => fireEvent.click(within(item).getByRole('button', { name: 'Pause https://hooks.example.com/in' })));
  assert.deepEqual(api.calls.find((c) => c.method === 'webhooks.update')?.input, { id: 'whk_1', patch: { enabled: false } });
  await eventually(() => assert.ok(within(item).getByText('Paused: events are not sent')));
  await userDoes(() => fireEvent.click(within(item).getByRole('button', { name: 'Resume https://hooks.example.com/in' })));
  assert.deepEqual(api.calls.filter((c) => c.method === 'webhooks.update').at(-1)?.input, { id: 'whk_1', patch: { enabled: true } });
  await eventually(() => assert.ok(!within(item).queryByText(/Paused/)));
});
