// Settings → Local actions with a fake bridge: the section says actions never replicate; the list shows each
// action's command (argv quoted as a shell would need it, or the shell line), events, services, timeout; the form
// warns that it runs here with the user's rights, catches a missing program or a bad timeout under its field before
// anything is sent, and sends argv (one argument a line) or one shell line; Test shows exit code, duration and
// output right there; the run log shows a timed-out run's stderr and "Run again" shows the new outcome; Pause, Edit,
// Delete (asked first); a browser on another machine sees the host's refusal and no form.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { LocalAction, LocalActionRun } from '../../src-shared/schemas/local-actions.ts';
import type { Service } from '../../src-shared/schemas/admin.ts';
import { BridgeError } from '../../src-renderer/bridge/bridge-error.ts';
import { createAdminStore } from '../../src-renderer/store/admin-store.ts';
import { commandText, runResult } from '../../src-renderer/integrations/local-action-log.ts';
import { componentTests, eventually, userDoes } from './support/dom.ts';
import { createFakeApi, type FakeApi } from './support/fake-api.ts';

const { screen, fireEvent, within, createElement, render } = await componentTests();
const { StoresContext } = await import('../../src-renderer/store/context.tsx');
const { LocalActionsSection } = await import('../../src-renderer/integrations/LocalActionsSection.tsx');
const { argsOf } = await import('../../src-renderer/integrations/LocalActionForm.tsx');

const NOW = Date.now();
const iso = (ms: number) => new Date(ms).toISOString();
const SERVICES = [{ id: 'svc_api', name: 'API Gateway' }, { id: 'svc_db', name: 'Database' }] as Service[];

const action = (over: Partial<LocalAction> = {}): LocalAction => ({
  id: 'lac_1', name: 'Red light', command: ['/usr/local/bin/busylight', 'red', '--text', 'it\'s down'], shell: false, events: ['triggered', 'escalated'],
  serviceIds: [], timeoutSeconds: 10, enabled: true, createdAt: iso(NOW), updatedAt: iso(NOW), ...over,
});
const run = (over: Partial<LocalActionRun> = {}): LocalActionRun => ({
  id: 7, actionId: 'lac_1', messageId: 'op_1', event: 'triggered', incidentId: 'inc_1', state: 'succeeded', attempts: 1,
  createdAt: iso(NOW - 60_000), lastAttemptAt: iso(NOW - 60_000), exitCode: 0, signal: null, timedOut: false, error: null,
  stdout: '', stderr: '', durationMs: 12, ...over,
});

function setup(actions: LocalAction[]): FakeApi {
  const api = createFakeApi();
  let list = actions;
  api.handle('localActions.list', async () => list);
  api.handle('localActions.create', async (input) => { const a = action({ id: 'lac_new', ...(input as Partial<LocalAction>) }); list = [...list, a]; return a; });
  api.handle('localActions.delete', async (input) => { const { id } = input as { id: string }; const a = list.find((x) => x.id === id)!; list = list.filter((x) => x.id !== id); return a; });
  return api;
}

async function show(api: FakeApi) {
  const admin = createAdminStore(api);
  admin.setState({ services: SERVICES });
  await userDoes(() => render(createElement(StoresContext.Provider, { value: { api, queue: null!, admin } }, createElement(LocalActionsSection, {}))));
  return screen.getByRole('region', { name: 'Local actions' });
}

test('a command is shown as a shell would read it back, and a run\'s end in a few words', () => {
  assert.equal(commandText(action()), '/usr/local/bin/busylight red --text \'it\'\\\'\'s down\'');
  assert.equal(commandText({ command: ['node', '-e', ''], shell: false }), 'node -e \'\'');
  assert.equal(commandText({ command: ['paplay a.oga | tee log && echo "$HOME"'], shell: true }), 'paplay a.oga | tee log && echo "$HOME"');
  assert.deepEqual(argsOf('red\n\n--blink\r\n\n'), ['red', '', '--blink']);
  assert.equal(runResult(run({ exitCode: 3 })), 'exit 3');
  assert.equal(runResult(run({ exitCode: null, signal: 'SIGTERM', timedOut: true, error: 'did not finish within 10 s: stopped with SIGTERM' })), 'timed out (SIGTERM)');
  assert.equal(runResult(run({ exitCode: null, error: 'busylight: no such program' })), 'busylight: no such program');
  assert.equal(runResult(run({ exitCode: null, signal: 'SIGKILL' })), 'killed by SIGKILL');
});

test('the section says actions stay on this device; the list shows command, events, services and timeout', async () => {
  const api = setup([action(), action({ id: 'lac_2', name: 'Sound', shell: true, command: ['paplay alarm.oga && notify-send up'], serviceIds: ['svc_db'], timeoutSeconds: 30, enabled: false })]);
  const section = await show(api);
  assert.match(section.textContent ?? '', /never replicate to teammates/);
  const light = within(section).getByRole('listitem', { name: 'Red light' });
  assert.equal(within(light).getByLabelText('Command of Red light').textContent, '/usr/local/bin/busylight red --text \'it\'\\\'\'s down\'');
  assert.match(light.textContent ?? '', /Events: Triggered, Escalated · Services: All services · Timeout: 10 s/);
  assert.ok(!within(light).queryByText(/Paused/));
  const sound = within(section).getByRole('listitem', { name: 'Sound' });
  assert.equal(within(sound).getByLabelText('Command of Sound').textContent, 'paplay alarm.oga && notify-send up');
  assert.ok(within(sound).getByText('Shell'));
  assert.match(sound.textContent ?? '', /Services: Database · Timeout: 30 s/);
  assert.ok(within(sound).getByText('Paused: runs on no event'));
  assert.ok(within(sound).getByRole('button', { name: 'Resume Sound' }));
});

test('the form warns it runs here with your rights, catches mistakes first, and sends argv one argument a line', async () => {
  const api = setup([]);
  const section = await show(api);
  assert.ok(within(section).getByText('No local actions yet.'));
  const form = within(section).getByRole('form', { name: 'New local action' });
  assert.match(within(form).getByRole('note').textContent ?? '', /runs on this computer, as you, with your rights/);
  await userDoes(() => fireEvent.change(within(form).getByLabelText(/^Timeout/), { target: { value: '900' } }));
  await userDoes(() => fireEvent.click(within(form).getByRole('button', { name: 'Create local action' })));
  assert.ok(within(form).getByText('Give it a name'));
  const program = within(form).getByLabelText('Program');
  assert.equal(program.getAttribute('aria-invalid'), 'true');
  assert.equal(document.getElementById(program.getAttribute('aria-describedby')!)?.textContent, 'Enter the program to run (a path, or a name on your PATH)');
  assert.ok(within(form).getByText('A whole number of seconds, 1 to 300'));
  assert.ok(!api.calls.some((c) => c.method === 'localActions.create'), 'nothing sent');

  await userDoes(() => fireEvent.change(within(form).getByLabelText('Name'), { target: { value: 'Red light' } }));
  await userDoes(() => fireEvent.change(program, { target: { value: '/usr/local/bin/busylight' } }));
  await userDoes(() => fireEvent.change(within(form).getByLabelText('Arguments (one a line)'), { target: { value: 'red\nit\'s $(down)\n' } }));
  await userDoes(() => fireEvent.change(within(form).getByLabelText(/^Timeout/), { target: { value: '5' } }));
  await userDoes(() => fireEvent.click(within(form).getByLabelText('Escalated')));
  await userDoes(() => fireEvent.click(within(form).getByLabelText('Only these:')));
  await userDoes(() => fireEvent.click(within(form).getByLabelText('API Gateway')));
  await userDoes(() => fireEvent.click(within(form).getByRole('button', { name: 'Create local action' })));
  await eventually(() => assert.ok(within(section).getByRole('listitem', { name: 'Red light' })));
  assert.deepEqual(api.calls.find((c) => c.method === 'localActions.create')?.input, {
    name: 'Red light', shell: false, command: ['/usr/local/bin/busylight', 'red', 'it\'s $(down)'], events: ['triggered', 'escalated'], serviceIds: ['svc_api'], timeoutSeconds: 5,
  });
  assert.equal((within(form).getByLabelText('Name') as HTMLInputElement).value, '', 'the form is ready for the next one');

  await userDoes(() => fireEvent.click(within(form).getByLabelText(/^Run through the shell/)));
  assert.ok(!within(form).queryByLabelText('Program'));
  await userDoes(() => fireEvent.change(within(form).getByLabelText('Name'), { target: { value: 'Sound' } }));
  await userDoes(() => fireEvent.click(within(form).getByRole('button', { name: 'Create local action' })));
  assert.ok(within(form).getByText('Enter the shell line to run'));
  await userDoes(() => fireEvent.change(within(form).getByLabelText('Shell line'), { target: { value: 'paplay a.oga | tee -a log' } }));
  await userDoes(() => fireEvent.click(within(form).getByRole('button', { name: 'Create local action' })));
  assert.deepEqual(api.calls.filter((c) => c.method === 'localActions.create').at(-1)?.input, {
    name: 'Sound', shell: true, command: ['paplay a.oga | tee -a log'], events: ['triggered'], serviceIds: [], timeoutSeconds: 10,
  });
});

test('Test shows the exit code, how long it took and the output right there', async () => {
  const api = setup([action()]);
  api.handle('localActions.test', async () => run({ id: 9, event: 'test', incidentId: null, messageId: 'test:msg_1', exitCode: 2, durationMs: 41, state: 'failed',
    stdout: 'light found\n', stderr: 'cannot blink: device busy' }));
  const section = await show(api);
  await userDoes(() => fireEvent.click(within(section).getByRole('button', { name: 'Test Red light' })));
  const result = await eventually(() => within(section).getByRole('status', { name: 'Test result for Red light' }));
  assert.match(result.textContent ?? '', /^Test run: Failed · exit 2 · 41 ms/);
  assert.equal(within(result).getByLabelText('Output').textContent, 'light found\nstderr:\ncannot blink: device busy');
  assert.deepEqual(api.calls.find((c) => c.method === 'localActions.test')?.input, { id: 'lac_1' });
});

test('the run log shows each run\'s event, incident, end and output; "Run again" shows the new outcome', async () => {
  const api = setup([action()]);
  const timedOut = run({ id: 12, state: 'failed', exitCode: null, signal: 'SIGTERM', timedOut: true, error: 'did not finish within 10 s: stopped with SIGTERM',
    durationMs: 10_004, stderr: `waiting for the light\n${'retry\n'.repeat(30)}` });
  api.handle('localActions.runs', async () => [timedOut, run({ id: 5, event: 'resolved', incidentId: 'inc_0', stdout: '<img src=x onerror=alert(1)>' }),
    run({ id: 4, state: 'skipped', exitCode: null, attempts: 0, durationMs: null, error: 'not run: the event was 480 min old when this device saw it' })]);
  api.handle('localActions.rerun', async () => ({ ...timedOut, state: 'succeeded', attempts: 2, exitCode: 0, signal: null, timedOut: false, error: null, stderr: '', stdout: 'on', durationMs: 15 }));
  const section = await show(api);
  const toggle = within(section).getByRole('button', { name: 'Run log' });
  await userDoes(() => fireEvent.click(toggle));
  assert.equal(toggle.getAttribute('aria-expanded'), 'true');
  const log = await eventually(() => within(section).getByRole('table', { name: 'Runs of Red light' }));
  assert.ok(within(log).getByRole('columnheader', { name: 'Output' }));
  const rows = within(log).getAllByRole('row').slice(1);
  assert.equal(rows.length, 3);
  assert.match(rows[0]!.textContent ?? '', /Triggered.*inc_1.*Failed1timed out \(SIGTERM\)10004 ms/);
  assert.equal(within(rows[0]!).getByRole('link', { name: 'inc_1' }).getAttribute('href'), '#/incident/inc_1');
  assert.match(rows[0]!.querySelector('details pre')?.textContent ?? '', /^stderr:\nwaiting for the light\nretry/);
  assert.match(rows[1]!.textContent ?? '', /Resolved.*Succeeded1exit 0.*<img src=x onerror=alert\(1\)>/);
  assert.ok(!log.querySelector('img'));
  assert.match(rows[2]!.textContent ?? '', /Skipped0not run: the event was 480 min old/);

  await userDoes(() => fireEvent.click(within(rows[0]!).getByRole('button', { name: /^Run again: Triggered/ })));
  assert.deepEqual(api.calls.find((c) => c.method === 'localActions.rerun')?.input, { id: 12 });
  await eventually(() => assert.match(within(log).getAllByRole('row')[1]!.textContent ?? '', /Succeeded2exit 015 mson/));
});

test('Pause sends enabled: false and says so; Edit sends the whole action; Delete asks first', async () => {
  const api = setup([action()]);
  api.handle('localActions.update', async (input) => action((input as { patch: Partial<LocalAction> }).patch));
  const section = await show(api);
  const item = within(section).getByRole('listitem', { name: 'Red light' });
  await userDoes(() => fireEvent.click(within(item).getByRole('button', { name: 'Pause Red light' })));
  assert.deepEqual(api.calls.find((c) => c.method === 'localActions.update')?.input, { id: 'lac_1', patch: { enabled: false } });
  await eventually(() => assert.ok(within(item).getByText('Paused: runs on no event')));

  await userDoes(() => fireEvent.click(within(item).getByRole('button', { name: 'Edit Red light' })));
  const form = within(item).getByRole('form', { name: 'Edit local action Red light' });
  assert.equal((within(form).getByLabelText('Program') as HTMLInputElement).value, '/usr/local/bin/busylight');
  assert.equal((within(form).getByLabelText('Arguments (one a line)') as HTMLTextAreaElement).value, 'red\n--text\nit\'s down');
  await userDoes(() => fireEvent.click(within(form).getByLabelText(/^Run through the shell/)));
  await userDoes(() => fireEvent.change(within(form).getByLabelText('Shell line'), { target: { value: 'busylight red' } }));
  await userDoes(() => fireEvent.click(within(form).getByRole('button', { name: 'Save local action' })));
  assert.deepEqual(api.calls.filter((c) => c.method === 'localActions.update').at(-1)?.input, {
    id: 'lac_1', patch: { name: 'Red light', shell: true, command: ['busylight red'], events: ['triggered', 'escalated'], serviceIds: [], timeoutSeconds: 10 },
  });
  await eventually(() => assert.ok(!within(item).queryByRole('form')));
  assert.equal(within(item).getByLabelText('Command of Red light').textContent, 'busylight red');

  await userDoes(() => fireEvent.click(within(item).getByRole('button', { name: 'Delete Red light' })));
  const dialog = screen.getByRole('alertdialog', { name: 'Delete this local action?' });
  assert.equal(document.activeElement?.textContent, 'Cancel', 'the safe choice has the focus');
  await userDoes(() => fireEvent.click(within(dialog).getByRole('button', { name: 'Delete' })));
  assert.deepEqual(api.calls.find((c) => c.method === 'localActions.delete')?.input, { id: 'lac_1' });
  await eventually(() => assert.ok(!within(section).queryByRole('listitem', { name: 'Red light' })));
});

test('a browser on another machine sees the host\'s refusal and no form', async () => {
  const api = createFakeApi();
  api.handle('localActions.list', async () => { throw new BridgeError('FORBIDDEN', 'Local actions run programs on this device: they are set only from this machine', 403); });
  const section = await show(api);
  assert.match(within(section).getByRole('alert').textContent ?? '', /Local actions could not be loaded: Local actions run programs on this device: they are set only from this machine/);
  assert.ok(!within(section).queryByRole('form'));
  assert.ok(!within(section).queryByRole('list'));
});
