// The Monitors page's store and form rules, without the page: states asked again on their own (one small call) and
// results only when a monitor is new; a host's refusal placed at the field it names, however a bridge worded it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createFakeApi } from './support/fake-api.ts';
import { check, monitor, serveMonitors, world } from './support/monitor-fixtures.ts';

test('the states are asked again on their own (one call), the results only when a monitor is new', async () => {
  const { createMonitorsStore } = await import('../../src-renderer/monitors/monitors-store.ts');
  const w = world();
  const api = createFakeApi();
  serveMonitors(api, w);
  const store = createMonitorsStore(api);
  await store.getState().reload();
  const resultCalls = () => api.calls.filter((c) => c.method === 'monitors.results').length;
  const before = resultCalls();
  assert.equal(before, 2 * w.monitors.length, 'the last day in full and 90 days of daily rollups, per monitor');
  w.monitors[0]!.check = check('down');
  await store.getState().refreshStates();
  assert.equal(store.getState().monitors![0]!.check?.state, 'down');
  assert.equal(resultCalls(), before, 'no results asked for a state');
  w.monitors.push(monitor({ id: 'mon_more', name: 'More' }));
  await store.getState().refreshStates();
  assert.equal(resultCalls(), before + 2 * w.monitors.length, 'a new monitor: everything again');
  assert.ok(store.getState().results.mon_more);
});

test('a refusal is placed at the field it names, whichever bridge worded it; anything else goes under the form', async () => {
  const { refusalErrors } = await import('../../src-renderer/monitors/monitor-form.ts');
  assert.deepEqual(refusalErrors('url: Invalid URL'), { url: 'Invalid URL' });
  assert.deepEqual(refusalErrors('input.url: Invalid URL'), { url: 'Invalid URL' });
  assert.deepEqual(refusalErrors('input.expectedStatus.1: a status code or a range like 200-299'), { expectedStatus: 'a status code or a range like 200-299' });
  assert.deepEqual(refusalErrors('runnerDeviceId: Device d1 is not a device of this team'), { runnerDeviceId: 'Device d1 is not a device of this team' });
  assert.deepEqual(refusalErrors('Monitor mon_x not found'), { form: 'Monitor mon_x not found' });
  assert.deepEqual(refusalErrors('token: expired'), { form: 'token: expired' });
});
