// Settings → Outgoing mail: the form shows the SMTP settings but never the password (only that one is set), saves
// what was typed, and sends a password only when one was typed (empty keeps the stored one).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { componentTests, eventually, userDoes } from './support/dom.ts';
import { createFakeApi } from './support/fake-api.ts';

const { screen, fireEvent, within, createElement, renderWithApi } = await componentTests();
const { SmtpForm } = await import('../../src-renderer/settings/SmtpSection.tsx');

test('saves the server, keeps the stored password unless a new one is typed, and warns about sending in the clear', async () => {
  const api = createFakeApi();
  api.handle('settings.update', async () => ({}));
  const initial = { host: 'smtp.example.com', port: 587, security: 'starttls' as const, user: 'status', from: 'status@example.com', passwordSet: true };
  await userDoes(() => renderWithApi(api, createElement(SmtpForm, { initial })));
  const form = screen.getByRole('form', { name: 'Outgoing mail (SMTP)' });
  const password = within(form).getByLabelText('Password') as HTMLInputElement;
  assert.equal(password.value, '', 'the password is never shown');
  assert.match(password.placeholder, /set/);

  await userDoes(() => fireEvent.change(within(form).getByLabelText('Port'), { target: { value: '2525' } }));
  await userDoes(() => fireEvent.click(within(form).getByRole('button', { name: 'Save mail settings' })));
  await eventually(() => assert.equal(within(form).getByRole('status').textContent, 'Saved'));
  assert.deepEqual(api.calls.filter((c) => c.method === 'settings.update').at(-1)?.input, {
    smtp: { host: 'smtp.example.com', port: 2525, security: 'starttls', user: 'status', from: 'status@example.com' },
  });

  assert.equal(within(form).queryByText(/unencrypted/), null);
  await userDoes(() => fireEvent.change(within(form).getByLabelText('Security'), { target: { value: 'none' } }));
  assert.ok(within(form).getByText(/cross the network unencrypted/));
  await userDoes(() => fireEvent.change(password, { target: { value: 'new-secret' } }));
  await userDoes(() => fireEvent.click(within(form).getByRole('button', { name: 'Save mail settings' })));
  await eventually(() => assert.equal(api.calls.filter((c) => c.method === 'settings.update').length, 2));
  assert.deepEqual(api.calls.filter((c) => c.method === 'settings.update').at(-1)?.input, {
    smtp: { host: 'smtp.example.com', port: 2525, security: 'none', user: 'status', from: 'status@example.com', password: 'new-secret' },
  });
});
