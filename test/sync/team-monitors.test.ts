// Monitors across a team (real hosts): a monitor created on one laptop reaches the other with the creator as its
// runner; only the runner takes its beats (the other answers 404); and the incident its failure opens on the runner
// reaches the teammate like any other. Moving the runner moves where beats are taken, and the new runner's first
// beat resolves the incident the old one opened.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { newMember, team, serve, api, incidents, inviteAndJoin, eventually } from './support/team-processes.ts';

interface MonitorBody { id: string; runnerDeviceId: string; heartbeatUrl: string }

test('a heartbeat monitor replicates, runs on the device that created it, and its incident reaches the team', async (t) => {
  const [a, b] = await Promise.all([newMember(t, 'a'), newMember(t, 'b')]);
  await team(a, 'create', '--name', 'Ops');
  await serve(a);
  await inviteAndJoin(a, b);
  await serve(b);

  const services = await api<{ services: { id: string }[] }>(a, 'GET', '/api/services');
  const created = await api<{ monitor: MonitorBody }>(a, 'POST', '/api/monitors', { name: 'nightly backup', type: 'heartbeat', intervalSeconds: 600, graceSeconds: 60, serviceId: services.body.services[0]!.id });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  const m = created.body.monitor;
  const onB = await eventually(async () => {
    const r = await api<{ monitor: MonitorBody }>(b, 'GET', `/api/monitors/${m.id}`);
    return r.status === 200 ? r.body.monitor : undefined;
  }, { what: 'b to hear of the monitor' });
  assert.equal(onB.runnerDeviceId, m.runnerDeviceId, 'a runs it on every device\'s view');
  const token = new URL(m.heartbeatUrl).pathname;
  assert.equal((await fetch(new URL(`${token}?status=down&msg=disk%20full`, b.proc!.baseUrl))).status, 404, 'b is not its runner');
  assert.equal((await fetch(new URL(`${token}?status=down&msg=disk%20full`, a.proc!.baseUrl))).status, 200);
  const seen = await eventually(async () => (await incidents(b)).find((i) => i.dedupKey === `monitor:${m.id}`), { what: 'b to see the monitor\'s incident' });
  assert.equal(seen.status, 'triggered');

  // The runner moves to b: beats go there now.
  // b's device id: what a monitor b creates names as its runner.
  const bId = (await api<{ monitor: MonitorBody }>(b, 'POST', '/api/monitors', { name: 'probe', type: 'tcp', host: '127.0.0.1', port: 9, intervalSeconds: 60, serviceId: services.body.services[0]!.id })).body.monitor.runnerDeviceId;
  assert.notEqual(bId, m.runnerDeviceId);
  assert.equal((await api(a, 'PATCH', `/api/monitors/${m.id}`, { runnerDeviceId: bId })).status, 200);
  await eventually(async () => ((await api<{ monitor: MonitorBody }>(b, 'GET', `/api/monitors/${m.id}`)).body.monitor.runnerDeviceId === bId ? true : undefined), { what: 'b to run it' });
  assert.equal((await fetch(new URL(token, b.proc!.baseUrl))).status, 200);
  assert.equal((await fetch(new URL(token, a.proc!.baseUrl))).status, 404);
  // The incident a opened is b's to close now: b's first beat is the monitor's recovery.
  await eventually(async () => ((await api<{ status: string }>(a, 'GET', `/api/incidents/${seen.id}`)).body.status === 'resolved' ? true : undefined), { what: 'b\'s beat to resolve the incident a opened, on every device' });
});
