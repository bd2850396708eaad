// Settings → a service → Paging: the policy, the acknowledgement and auto-resolve timeouts and the support hours are
// sent as one patch (empty fields mean off), what is wrong is said before anything is sent, and the service's line
// sums up how it pages ("policy Default · ack timeout 30 min · support hours Mon–Fri 09:00–17:00 (Europe/Berlin)").
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Service } from '../../src-shared/schemas/admin.ts';
import { DEFAULT_SERVICE_PAGING } from '../../src-shared/schemas/oncall.ts';
import { daysText, pagingDraft, pagingPatch, pagingSummary } from '../../src-renderer/settings/service-paging.ts';
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

test('the form sends empty fields as off, and says what to fix before sending', () => {
  const draft = pagingDraft(service(), 'Europe/Berlin');
  assert.deepEqual(pagingPatch(draft), { patch: DEFAULT_SERVICE_PAGING });
  assert.deepEqual(pagingPatch({ ...draft, ackTimeout: '0' }), { error: 'Acknowledgement timeout: a whole number of minutes from 1 to 10080, or empty for none' });
  assert.deepEqual(pagingPatch({ ...draft, autoResolve: '1.5' }), { error: 'Auto-resolve: a whole number of minutes from 1 to 43200, or empty for none' });
  assert.deepEqual(pagingPatch({ ...draft, supportHours: true, days: [] }), { error: 'Support hours: tick at least one day' });
  assert.deepEqual(pagingPatch({ ...draft, policyId: 'pol_1', ackTimeout: '30', supportHours: true, days: [5, 1], end: '02:00' }), {
    patch: { escalationPolicyId: 'pol_1', ackTimeoutMinutes: 30, autoResolveMinutes: null, supportHours: { timeZone: 'Europe/Berlin', days: [1, 5], start: '09:00', end: '02:00' } },
  });
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
    patch: { escalationPolicyId: 'pol_1', ackTimeoutMinutes: 30, autoResolveMinutes: null, supportHours: { timeZone: 'America/Chicago', days: [1, 2, 3, 4], start: '09:00', end: '17:00' } },
  });
});
