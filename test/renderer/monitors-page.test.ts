// The Monitors page rendered in Node (happy-dom) over a fake bridge: monitors grouped by service, each state said in
// words (up, degraded, pending, down, paused, no data, not being checked); a sparkline of the last day's response
// times; 90 daily bars, grey where nothing was concluded, each titled with its date and uptime; the form refuses
// what the host would refuse next to the field, and places the host's own refusal there too; a new heartbeat shows
// its push URL with a curl line; an edit sends only what changed; Pause and Delete (after asking) send their call;
// a window that may not change monitors offers no actions.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { componentTests, eventually, userDoes } from './support/dom.ts';
import { createFakeApi, type FakeApi } from './support/fake-api.ts';
import type { Monitor } from '../../src-shared/schemas/monitors.ts';
import { DAY, dayOf, monitor, NOW, serveMonitors, team, world } from './support/monitor-fixtures.ts';
import { KlaxonError } from '../../src-shared/schemas/errors.ts';

const { screen, fireEvent, within, createElement, renderWithApi } = await componentTests();
const { MonitorsPage } = await import('../../src-renderer/monitors/MonitorsPage.tsx');

async function renderPage(w = world()): Promise<FakeApi> {
  const api = createFakeApi();
  serveMonitors(api, w);
  await userDoes(() => renderWithApi(api, createElement(MonitorsPage)));
  await eventually(() => screen.getByRole('listitem', { name: 'Shop front' }));
  return api;
}

const row = (name: string) => screen.getByRole('listitem', { name });
const stateOf = (name: string) => row(name).querySelector('.monitor-state')?.textContent;

test('monitors are grouped by service, each with its state in words, kind, target and runner', async () => {
  await renderPage();
  const groups = screen.getAllByRole('list').filter((l) => l.classList.contains('monitor-list'));
  assert.deepEqual(groups.map((g) => g.getAttribute('aria-label')), ['Monitors of Database', 'Monitors of Shop'], 'services by name');
  assert.deepEqual(within(groups[0]!).getAllByRole('listitem').filter((li) => li.classList.contains('monitor-row')).map((li) => li.getAttribute('aria-label')), ['Database', 'Backup', 'Nightly NAS']);
  assert.deepEqual(
    ['Shop front', 'Checkout', 'Search', 'Database', 'Old API', 'Backup', 'Reports', 'Nightly NAS'].map(stateOf),
    ['Up', 'Degraded', 'Pending', 'Down', 'Paused', 'No data', 'Not being checked', 'Checked elsewhere'],
  );
  assert.match(row('Reports').querySelector('.monitor-state')!.getAttribute('title')!, /Nothing is checking it: its runner last reported at/);
  assert.equal(row('Database').querySelector('.monitor-target')?.textContent, 'db.internal:5432');
  assert.equal(row('Shop front').querySelector('.monitor-target')?.textContent, 'GET https://shop.example.com/health');
  assert.match(row('Shop front').textContent!, /Runs on Laptop \(this device\)/);
  assert.match(row('Reports').textContent!, /Runs on dev_gone/);
  // A heartbeat's target is its push URL, with a copy button.
  assert.equal(within(row('Backup')).getByLabelText('Push URL of Backup').textContent, 'http://127.0.0.1:8977/api/heartbeats/tok');
  assert.ok(within(row('Backup')).getByRole('button', { name: 'Copy the push URL of Backup' }));
  // Run by another device: only it takes the beats, so this host's address is not offered.
  assert.equal(row('Nightly NAS').querySelector('.monitor-target')?.textContent, 'Beats go to NAS, the device that runs it: its address, then /api/heartbeats/nas');
});

test('90 daily bars: coloured by uptime, grey where nothing was concluded, each titled with its date and uptime; 24 h uptime from the checks', async () => {
  await renderPage();
  const bars = within(row('Shop front')).getByRole('list', { name: 'Uptime of Shop front, last 90 days' });
  const items = within(bars).getAllByRole('listitem');
  assert.equal(items.length, 90);
  const today = Math.floor(NOW / DAY) * DAY;
  assert.equal(items[89]!.getAttribute('title'), `${dayOf(today)}: 100.00 % up`);
  assert.equal(items[86]!.getAttribute('title'), `${dayOf(today - 3 * DAY)}: 50.00 % up`);
  assert.ok(items[86]!.classList.contains('bar-bad'));
  assert.equal(items[87]!.getAttribute('title'), `${dayOf(today - 2 * DAY)}: no data`);
  assert.ok(items[87]!.classList.contains('bar-none'), 'an empty day is grey');
  assert.equal(items[0]!.getAttribute('title'), `${dayOf(today - 89 * DAY)}: no data`);
  await userDoes(() => fireEvent.click(items[86]!));
  assert.equal(row('Shop front').querySelector('.uptime-tapped')?.textContent, `${dayOf(today - 3 * DAY)}: 50.00 % up`, 'a tap shows the day too');
  assert.match(row('Shop front').textContent!, /24 h: 100\.00 %/);
  assert.match(row('Database').textContent!, /24 h: 50\.00 %/, 'from the hourly rollups where this device holds no checks');
});

test('a sparkline of the last day\'s response times: each check where this device has them, else hourly averages', async () => {
  await renderPage();
  const spark = within(row('Shop front')).getByRole('img', { name: /^Response time of Shop front/ });
  assert.equal(spark.getAttribute('aria-label'), 'Response time of Shop front, last 24 h (each check): average 150 ms, highest 180 ms');
  assert.equal(spark.querySelector('polyline')?.getAttribute('points')?.split(' ').length, 3);
  const hourly = within(row('Database')).getByRole('img', { name: /^Response time of Database/ });
  assert.equal(hourly.getAttribute('aria-label'), 'Response time of Database, last 24 h (hourly averages): average 50 ms, highest 60 ms');
  assert.match(row('Search').textContent!, /No response times/);
});

test('Pause sends monitors.pause and the row says Paused; Resume sends monitors.resume', async () => {
  const api = await renderPage();
  await userDoes(() => fireEvent.click(screen.getByRole('button', { name: 'Pause Shop front' })));
  assert.deepEqual(api.calls.filter((c) => c.method === 'monitors.pause').map((c) => c.input), [{ id: 'mon_up' }]);
  await eventually(() => assert.equal(stateOf('Shop front'), 'Paused'));
  await userDoes(() => fireEvent.click(screen.getByRole('button', { name: 'Resume Shop front' })));
  assert.deepEqual(api.calls.filter((c) => c.method === 'monitors.resume').map((c) => c.input), [{ id: 'mon_up' }]);
  await eventually(() => assert.equal(stateOf('Shop front'), 'Pending'));
});

test('Delete asks first, naming the monitor; Cancel sends nothing, Delete sends monitors.delete and the row goes', async () => {
  const api = await renderPage();
  await userDoes(() => fireEvent.click(screen.getByRole('button', { name: 'Delete Checkout' })));
  assert.ok(screen.getByRole('alertdialog', { name: 'Delete monitor Checkout?' }));
  await userDoes(() => fireEvent.click(screen.getByRole('button', { name: 'Cancel' })));
  assert.ok(!api.calls.some((c) => c.method === 'monitors.delete'));
  await userDoes(() => fireEvent.click(screen.getByRole('button', { name: 'Delete Checkout' })));
  await userDoes(() => fireEvent.click(within(screen.getByRole('alertdialog')).getByRole('button', { name: 'Delete' })));
  assert.deepEqual(api.calls.filter((c) => c.method === 'monitors.delete').map((c) => c.input), [{ id: 'mon_slow' }]);
  await eventually(() => assert.ok(!screen.queryByRole('listitem', { name: 'Checkout' })));
});

const form = () => screen.getByRole('form', { name: 'New monitor' });
const field = (label: string) => within(form()).getByLabelText(label) as HTMLInputElement;
const type = (label: string, value: string) => userDoes(() => fireEvent.change(field(label), { target: { value } }));

test('the form names each mistake next to its field before sending, and places the host\'s refusal at the field it names', async () => {
  const api = await renderPage();
  await userDoes(() => fireEvent.click(screen.getByRole('button', { name: 'New monitor' })));
  await type('Name', 'Shop');
  await type('Check every (seconds)', '5');
  await type('Expected status', '200-299, 2xx');
  await userDoes(() => fireEvent.click(within(form()).getByRole('button', { name: 'Create monitor' })));
  assert.ok(!api.calls.some((c) => c.method === 'monitors.create'), 'nothing sent');
  const errorOf = (label: string) => document.getElementById(field(label).getAttribute('aria-describedby')!.split(' ').find((id) => id.endsWith('-error'))!)?.textContent;
  assert.equal(field('URL').getAttribute('aria-invalid'), 'true');
  assert.match(errorOf('URL')!, /URL/i);
  assert.match(errorOf('Check every (seconds)')!, /10/);
  assert.equal(errorOf('Expected status'), '"2xx": a status code or a range like 200-299');
  assert.equal(field('Name').getAttribute('aria-invalid'), 'false');

  api.handle('monitors.create', async () => { throw new KlaxonError('INVALID_SERVICE', 'serviceId: Service svc_db not found', 'serviceId'); });
  await type('Check every (seconds)', '30');
  await type('Expected status', '200-299');
  await type('URL', 'https://shop.example.com/health');
  await userDoes(() => fireEvent.change(field('Service'), { target: { value: 'svc_db' } }));
  await userDoes(() => fireEvent.click(within(form()).getByRole('button', { name: 'Create monitor' })));
  const sent = api.calls.filter((c) => c.method === 'monitors.create').map((c) => c.input);
  assert.deepEqual(sent, [{
    type: 'http', name: 'Shop', serviceId: 'svc_db', intervalSeconds: 30, retries: 0, successesBeforeUp: 1, renotifyMinutes: null,
    method: 'GET', url: 'https://shop.example.com/health', headers: {}, body: null, timeoutSeconds: 10, expectedStatus: ['200-299'],
    keyword: null, keywordAbsent: false, degradedAfterMs: null, certExpiryWarningDays: null, redirectsToOtherHosts: false, runnerDeviceId: 'dev_self',
  }]);
  assert.equal(errorOf('Service'), 'Service svc_db not found');
});

test('a new heartbeat shows its push URL with a curl line; each kind has its own fields; the runner is picked from the team\'s devices', async () => {
  const api = await renderPage();
  await userDoes(() => fireEvent.click(screen.getByRole('button', { name: 'New monitor' })));
  await userDoes(() => fireEvent.click(within(form()).getByLabelText('TCP port')));
  assert.ok(field('Host') && field('Port'));
  assert.ok(!within(form()).queryByLabelText('URL'));
  await userDoes(() => fireEvent.click(within(form()).getByLabelText('Heartbeat (push URL)')));
  assert.ok(field('Grace (seconds)'));
  const runners = within(field('Runs on') as unknown as HTMLElement).getAllByRole('option').map((o) => o.textContent);
  assert.deepEqual(runners, ['Laptop (this device)', 'NAS']);
  await type('Name', 'Nightly backup');
  await userDoes(() => fireEvent.change(field('Runs on'), { target: { value: 'dev_nas' } }));
  const url = 'http://127.0.0.1:8977/api/heartbeats/abc';
  api.handle('monitors.create', async (input) => monitor({ ...(input as Partial<Monitor>), id: 'mon_new', name: 'Nightly backup', type: 'heartbeat', heartbeatUrl: url }));
  await userDoes(() => fireEvent.click(within(form()).getByRole('button', { name: 'Create monitor' })));
  const sent = api.calls.find((c) => c.method === 'monitors.create')!.input as Record<string, unknown>;
  assert.deepEqual([sent.type, sent.graceSeconds, sent.intervalSeconds, sent.runnerDeviceId], ['heartbeat', 60, 300, 'dev_nas']);
  const panel = await eventually(() => screen.getByRole('region', { name: 'Push URL of Nightly backup' }));
  assert.equal(panel.querySelector('.curl-example')?.textContent, `curl -fsS -m 10 --retry 3 "${url}"`);
  assert.ok(within(panel).getByRole('button', { name: 'Copy the curl command for Nightly backup' }));
});

test('Edit sends only the settings that changed', async () => {
  const api = await renderPage();
  api.handle('monitors.update', async (input) => monitor({ id: 'mon_up', name: 'Shop front' , ...(input as { patch: object }).patch }));
  await userDoes(() => fireEvent.click(screen.getByRole('button', { name: 'Edit Shop front' })));
  const edit = screen.getByRole('form', { name: 'Edit Shop front' });
  await userDoes(() => fireEvent.change(within(edit).getByLabelText('Keyword'), { target: { value: 'Welcome' } }));
  await userDoes(() => fireEvent.change(within(edit).getByLabelText('Headers'), { target: { value: 'Accept: text/html' } }));
  await userDoes(() => fireEvent.click(within(edit).getByRole('button', { name: 'Save monitor' })));
  assert.deepEqual(api.calls.filter((c) => c.method === 'monitors.update').map((c) => c.input),
    [{ id: 'mon_up', patch: { headers: { Accept: 'text/html' }, keyword: 'Welcome' } }]);
  await eventually(() => assert.ok(!screen.queryByRole('form', { name: 'Edit Shop front' })));
});

test('a window that may not change monitors (a member device of a team) shows them with no actions', async () => {
  const w = world();
  w.team = team('member');
  await renderPage(w);
  assert.equal((screen.getByRole('button', { name: 'New monitor' }) as HTMLButtonElement).disabled, true);
  assert.ok(!screen.queryByRole('button', { name: 'Pause Shop front' }));
  assert.ok(!screen.queryByRole('button', { name: 'Delete Shop front' }));
  assert.ok(screen.getByText('Only an admin can create, change, pause or delete monitors.'));
});

test('a monitor added elsewhere (the feed says monitors changed) appears without reopening the page', async () => {
  const w = world();
  const api = await renderPage(w);
  w.monitors.push(monitor({ id: 'mon_new', name: 'Status API', type: 'tcp', host: 'x' } as Partial<Monitor> & { id: string; name: string }));
  await userDoes(() => api.push({ incidents: [], roster: false }));
  assert.ok(!screen.queryByRole('listitem', { name: 'Status API' }), 'a notice about something else reloads nothing');
  await userDoes(() => api.push({ incidents: [], monitors: true }));
  await eventually(() => assert.equal(stateOf('Status API'), 'Up'));
});
