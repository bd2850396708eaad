// Settings → a service → Paging: the policy, the acknowledgement and auto-resolve timeouts and the support hours are
// sent as one patch (empty fields mean off) holding only the settings changed since the form was loaded (a teammate's
// offline edit to another one survives), what is wrong is said before anything is sent, and the service's line sums
// up how it pages ("policy Default · ack timeout 30 min · support hours Mon–Fri 09:00–17:00 (Europe/Berlin)").
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Service } from '../../src-shared/schemas/admin.ts';
import { DEFAULT_SERVICE_PAGING } from '../../src-shared/schemas/oncall.ts';
import { daysText, pagingDraft, pagingInput, pagingPatch, pagingSummary } from '../../src-renderer/settings/service-paging.ts';
import { componentTests, eventually, userDoes } from './support/dom.ts';
import { createFakeApi } from './support/fake-api.ts';
import { policy } from './support/oncall-fixtures.ts';

const service = (over: Partial<Service> = {}): Service => ({
  id: 'svc_1', name: 'Payments', routingKey: 'rk', urgencyRule: 'severity', suppressionRules: [], rateLimit: { perSecond: 1000, burst: 10000 },
  createdAt: '2024-01-01T00:00:00.000Z', ...DEFAULT_SERVICE_PAGING, ...over,
});
const policies = [policy({ id: 'pol_1', name: 'Default', levels: [{ delayMinutes: 5, targets: [{ type: 'user', id: 'usr_a' }] }] })];

test('a service pages every device until it has a policy; its line says what is set', () => {
  assert.equal(pagingSummary(service(), policies), 'no policy: every device pages');
  assert.equal(pagingSummary(service({
    escalationPolicyId: 'pol_1', ackTimeoutMinutes: 30, autoResolveMinutes: 240,
    supportHours: { timeZone: 'Europe/Berlin', days: [1, 2, 3, 4, 5], start: '09:00', end: '17:00' },
  }), policies), 'policy Default · ack timeout 30 min · auto-resolve after 240 min · support hours Mon–Fri 09:00–17:00 (Europe/Berlin)');
  assert.equal(daysText([6, 7]), 'Sat, Sun');
  assert.equal(daysText([3, 1, 4, 5]), 'Mon, Wed–Fri');
  assert.equal(daysText([1, 2, 3, 4, 5, 6, 7]), 'Mon–Sun');
});

test('the form reads empty fields as off, and says what to fix before sending', () => {
  const draft = pagingDraft(service(), 'Europe/Berlin');
  assert.deepEqual(pagingInput(draft), { input: DEFAULT_SERVICE_PAGING });
  assert.deepEqual(pagingInput({ ...draft, ackTimeout: '0' }), { error: 'Acknowledgement timeout: a whole number of minutes from 1 to 10080, or empty for none' });
  assert.deepEqual(pagingInput({ ...draft, autoResolve: '1.5' }), { error: 'Auto-resolve: a whole number of minutes from 1 to 43200, or empty for none' });
  assert.deepEqual(pagingInput({ ...draft, supportHours: true, days: [] }), { error: 'Support hours: tick at least one day' });
  assert.deepEqual(pagingInput({ ...draft, policyId: 'pol_1', ackTimeout: '30', supportHours: true, days: [5, 1], end: '02:00' }), {
    input: { escalationPolicyId: 'pol_1', ackTimeoutMinutes: 30, autoResolveMinutes: null, supportHours: { timeZone: 'Europe/Berlin', days: [1, 5], start: '09:00', end: '02:00' } },
  });
  // Sent: only what differs from what was loaded; turning a setting off is a change like any other.
  const set = pagingDraft(service({ escalationPolicyId: 'pol_1', ackTimeoutMinutes: 30, supportHours: { timeZone: 'UTC', days: [5, 1], start: '09:00', end: '17:00' } }), 'Europe/Berlin');
  assert.deepEqual(pagingPatch(set, set), { patch: {} });
  assert.deepEqual(pagingPatch(set, { ...set, ackTimeout: '' }), { patch: { ackTimeoutMinutes: null } });
  assert.deepEqual(pagingPatch(set, { ...set, days: [1, 5, 3] }), { patch: { supportHours: { timeZone: 'UTC', days: [1, 3, 5], start: '09:00', end: '17:00' } } });
  assert.deepEqual(pagingPatch(set, { ...set, autoResolve: 'x' }), { error: 'Auto-resolve: a whole number of minutes from 1 to 43200, or empty for none' });
});

const { screen, fireEvent, within, createElement, renderWithApi } = await componentTests();
const { ServicePagingForm } = await import('../../src-renderer/settings/ServicePagingForm.tsx');

test('choosing a policy, a timeout and support hours sends them to the service in one patch', async () => {
  const api = createFakeApi();
  api.handle('services.update', async () => service());
  await userDoes(() => renderWithApi(api, createElement(ServicePagingForm, { service: service(), policies })));
  const form = screen.getByRole('form', { name: 'Paging of Payments' });
  await userDoes(() => fireEvent.change(within(form).getByLabelText('Escalation policy'), { target: { value: 'pol_1' } }));
  await userDoes(() => fireEvent.change(within(form).getByLabelText(/Acknowledgement timeout/), { target: { value: '30' } }));
  await userDoes(() => fireEvent.click(within(form).getByLabelText('Support hours')));
  await userDoes(() => fireEvent.click(within(form).getByLabelText('Fri')));
  await userDoes(() => fireEvent.change(within(form).getByLabelText('Support hours time zone'), { target: { value: 'America/Chicago' } }));
  await userDoes(() => fireEvent.click(within(form).getByRole('button', { name: 'Save paging' })));
  await eventually(() => assert.equal(within(form).getByRole('status').textContent, 'Saved'));
  assert.deepEqual(api.calls.find((c) => c.method === 'services.update')?.input, {
    id: 'svc_1',
    patch: { escalationPolicyId: 'pol_1', ackTimeoutMinutes: 30, supportHours: { timeZone: 'America/Chicago', days: [1, 2, 3, 4], start: '09:00', end: '17:00' } },
  }, 'auto-resolve was left as it was: not sent');
});

test('changing one setting sends that one only: a teammate\'s offline change to another is not undone', async () => {
  const api = createFakeApi();
  api.handle('services.update', async () => service());
  const loaded = service({ escalationPolicyId: 'pol_1', ackTimeoutMinutes: 30, autoResolveMinutes: 240, supportHours: { timeZone: 'Europe/Berlin', days: [1, 2, 3, 4, 5], start: '09:00', end: '17:00' } });
  await userDoes(() => renderWithApi(api, createElement(ServicePagingForm, { service: loaded, policies })));
  const form = screen.getByRole('form', { name: 'Paging of Payments' });
  await userDoes(() => fireEvent.change(within(form).getByLabelText(/Acknowledgement timeout/), { target: { value: '45' } }));
  await userDoes(() => fireEvent.click(within(form).getByRole('button', { name: 'Save paging' })));
  await eventually(() => assert.equal(within(form).getByRole('status').textContent, 'Saved'));
  await userDoes(() => fireEvent.change(within(form).getByLabelText(/Auto-resolve after/), { target: { value: '' } }));
  await userDoes(() => fireEvent.click(within(form).getByRole('button', { name: 'Save paging' })));
  await eventually(() => assert.equal(api.calls.filter((c) => c.method === 'services.update').length, 2));
  assert.deepEqual(api.calls.filter((c) => c.method === 'services.update').map((c) => c.input), [
    { id: 'svc_1', patch: { ackTimeoutMinutes: 45 } },
    { id: 'svc_1', patch: { autoResolveMinutes: null } },
  ], 'the second save compares with what the first one saved');
});
