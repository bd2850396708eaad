// Settings → Monitors: the "allow private targets" toggle says what it risks (any team admin could make this machine
// probe its own network) and that it is off by default, warns once ticked, and saves monitors.allowPrivateTargets;
// the section shows the setting as the host holds it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createAdminStore } from '../../src-renderer/store/admin-store.ts';
import { componentTests, eventually, userDoes } from './support/dom.ts';
import { createFakeApi } from './support/fake-api.ts';
import type { Settings } from '../../src-shared/schemas/settings.ts';

const { screen, fireEvent, within, createElement, render, renderWithApi } = await componentTests();
const { StoresContext } = await import('../../src-renderer/store/context.tsx');
const { MonitorSettingsForm, MonitorSettingsSection } = await import('../../src-renderer/settings/MonitorSettingsSection.tsx');

test('ticking "allow private targets" warns and saves monitors.allowPrivateTargets; the risk is said before', async () => {
  const api = createFakeApi();
  api.handle('settings.update', async () => ({}));
  await userDoes(() => renderWithApi(api, createElement(MonitorSettingsForm, { initialAllow: false })));
  const form = screen.getByRole('form', { name: 'Monitors' });
  const box = within(form).getByLabelText("Allow private targets for teammates' monitors") as HTMLInputElement;
  assert.equal(box.checked, false);
  assert.match(form.textContent ?? '', /off by default, because otherwise any admin of the team could use this machine to probe the\s+network it sits on/);
  assert.equal(within(form).queryByText(/will reach this machine's own network/), null);
  const save = within(form).getByRole('button', { name: 'Save monitor settings' }) as HTMLButtonElement;
  assert.equal(save.disabled, true, 'nothing to save yet');

  await userDoes(() => fireEvent.click(box));
  assert.ok(within(form).getByText(/Teammates' monitors will reach this machine's own network once saved/));
  await userDoes(() => fireEvent.click(save));
  await eventually(() => assert.equal(within(form).getByRole('status').textContent, 'Saved'));
  assert.deepEqual(api.calls.find((c) => c.method === 'settings.update')?.input, { monitors: { allowPrivateTargets: true } });
});

test('the section shows the setting as the host holds it, and a refusal is shown', async () => {
  const api = createFakeApi();
  api.handle('settings.update', async () => { throw new Error('Only an admin can change settings'); });
  const admin = createAdminStore(api);
  admin.setState({ settings: { monitors: { allowPrivateTargets: true } } as Settings });
  await userDoes(() => render(createElement(StoresContext.Provider, { value: { api, queue: null!, admin } }, createElement(MonitorSettingsSection))));
  const form = screen.getByRole('form', { name: 'Monitors' });
  const box = within(form).getByLabelText("Allow private targets for teammates' monitors") as HTMLInputElement;
  assert.equal(box.checked, true);
  await userDoes(() => fireEvent.click(box));
  await userDoes(() => fireEvent.click(within(form).getByRole('button', { name: 'Save monitor settings' })));
  await eventually(() => assert.match(within(form).getByRole('alert').textContent ?? '', /Only an admin can change settings/));
  assert.deepEqual(api.calls.find((c) => c.method === 'settings.update')?.input, { monitors: { allowPrivateTargets: false } });
});
