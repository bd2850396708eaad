// Team sync between real `klaxon serve` processes on 127.0.0.1, joined with the real CLI: events posted to one are
// listed by the others, an acknowledgement anywhere is seen everywhere, a host killed mid-stream converges after a
// restart, two devices that could not see each other converge to one incident per dedup key, a revoked device gets
// nothing new, and a device without a roster certificate is refused.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { newMember, team, teamFails, serve, api, trigger, incidents, inviteAndJoin, syncAddress, eventually, type Member } from './support/team-processes.ts';
import { connectToPeer } from '../../src-main/sync/transport/tls-client.ts';
import { deviceCertificate } from '../../src-main/sync/identity.ts';
import { openStore } from '../../src-main/store/database.ts';
import { silentLogger } from '../../src-main/log.ts';
import { makeDataDir, removeDataDir, klaxonInit } from '../integration/support/klaxon-process.ts';

const sameIncidents = async (members: Member[]) => {
  const lists = await Promise.all(members.map(async (m) => (await incidents(m)).map((i) => `${i.id} ${i.status} ${i.alertCount}`).sort().join('\n')));
  return lists.every((l) => l === lists[0]) ? lists[0]!.split('\n').filter(Boolean).length : undefined;
};

test('three hosts joined with the CLI: an event on one is listed by all, an acknowledgement anywhere is seen everywhere, kill -9 mid-stream converges', async (t) => {
  const [a, b, c] = await Promise.all([newMember(t, 'a'), newMember(t, 'b'), newMember(t, 'c')]);
  const created = await team(a, 'create', '--name', 'Ops');
  assert.match(String(created.teamId), /^team_/);
  await serve(a);
  // B joins while its own host is not running; C joins while its host runs (and picks the team up by itself).
  await inviteAndJoin(a, b);
  await serve(b);
  await serve(c, false);
  await inviteAndJoin(a, c);
  await eventually(() => syncAddress(c) ?? undefined, { what: 'c to start syncing after joining while running' });

  const status = await team(a, 'status') as { devices: { deviceId: string; connected: boolean }[] };
  assert.equal(status.devices.length, 3);

  await trigger(b, b.init.routingKey, 'disk-full', 'Disk full on db-1');
  const onA = await eventually(async () => (await incidents(a)).find((i) => i.dedupKey === 'disk-full'), { what: 'a to list b\'s incident' });
  await eventually(async () => (await incidents(c)).find((i) => i.dedupKey === 'disk-full'), { what: 'c to list b\'s incident' });
  assert.equal(onA.title, 'Disk full on db-1');

  const acked = await api(c, 'PATCH', `/api/incidents/${onA.id}`, { status: 'acknowledged' });
  assert.equal(acked.status, 200);
  for (const m of [a, b]) {
    await eventually(async () => ((await incidents(m)).find((i) => i.id === onA.id)?.status === 'acknowledged' ? true : undefined), { what: `${m.name} to see c's acknowledgement` });
  }

  // A stream of events on A while B is killed without warning, then started again.
  const sends = Array.from({ length: 60 }, (_, i) => trigger(a, a.init.routingKey, `burst-${i}`, `burst ${i}`));
  await new Promise((r) => setTimeout(r, 30));
  b.proc!.child.kill('SIGKILL');
  await b.proc!.exited;
  await Promise.all(sends);
  await serve(b);
  const n = await eventually(() => sameIncidents([a, b, c]), { what: 'all three to hold the same incidents after the restart', timeoutMs: 30_000 });
  assert.equal(n, 61);
});

test('two devices that could not see each other open the same dedup key and converge to one incident', async (t) => {
  const [a, b] = await Promise.all([newMember(t, 'a'), newMember(t, 'b')]);
  await team(a, 'create', '--name', 'Ops');
  await serve(a);
  await inviteAndJoin(a, b);
  await serve(b);
  await eventually(async () => ((await team(b, 'status') as { devices: { connected: boolean; self: boolean }[] }).devices.some((d) => !d.self && d.connected) ? true : undefined), { what: 'b to connect to a' });
  // Both stop; each then runs alone and receives the same alert (a's service, known to both).
  await a.proc!.stop();
  await b.proc!.stop();
  await serve(b);
  await trigger(b, a.init.routingKey, 'api-5xx', 'API errors (seen by b)');
  await trigger(b, a.init.routingKey, 'api-5xx', 'API errors (seen by b)');
  await b.proc!.stop();
  await serve(a);
  await trigger(a, a.init.routingKey, 'api-5xx', 'API errors (seen by a)');
  assert.equal((await incidents(a)).filter((i) => i.dedupKey === 'api-5xx').length, 1);
  await serve(b);
  for (const m of [a, b]) {
    const open = await eventually(async () => {
      const list = (await incidents(m)).filter((i) => i.dedupKey === 'api-5xx' && i.status !== 'resolved');
      return list.length === 1 && (await incidents(m)).filter((i) => i.dedupKey === 'api-5xx').length === 1 ? list : undefined;
    }, { what: `${m.name} to show one open incident for api-5xx`, timeoutMs: 30_000 });
    assert.equal(open.length, 1);
  }
  // Later events for the key go to the survivor on either device.
  await trigger(b, a.init.routingKey, 'api-5xx', 'API errors again');
  const survivor = (await incidents(a)).find((i) => i.dedupKey === 'api-5xx')!;
  await eventually(async () => ((await incidents(a)).filter((i) => i.dedupKey === 'api-5xx').length === 1 && (await incidents(a)).find((i) => i.id === survivor.id)!.alertCount >= 2 ? true : undefined), { what: 'the repeat to count on the survivor' });
});

test('a revoked device gets nothing new and its later events stay its own; a device without a roster certificate is refused', async (t) => {
  const [a, b, c] = await Promise.all([newMember(t, 'a'), newMember(t, 'b'), newMember(t, 'c')]);
  await team(a, 'create', '--name', 'Ops');
  await serve(a);
  await inviteAndJoin(a, b);
  await inviteAndJoin(a, c);
  await serve(b);
  await serve(c);
  await trigger(a, a.init.routingKey, 'before', 'before the revocation');
  await eventually(() => sameIncidents([a, b, c]), { what: 'the three to agree before the revocation' });

  const bId = (await team(b, 'status') as { self: { deviceId: string } }).self.deviceId;
  await team(a, 'revoke', bId);
  await eventually(async () => ((await team(c, 'status') as { devices: { deviceId: string; revoked: boolean }[] }).devices.find((d) => d.deviceId === bId)?.revoked ? true : undefined), { what: 'c to learn of the revocation' });
  await trigger(a, a.init.routingKey, 'after', 'after the revocation');
  await trigger(b, b.init.routingKey, 'from-revoked', 'written on the revoked device');
  await eventually(async () => ((await incidents(c)).some((i) => i.dedupKey === 'after') ? true : undefined), { what: 'c to get the new incident' });
  await new Promise((r) => setTimeout(r, 3000));
  assert.equal((await incidents(b)).some((i) => i.dedupKey === 'after'), false, 'the revoked device received an incident written after its revocation');
  assert.equal((await incidents(a)).some((i) => i.dedupKey === 'from-revoked'), false, 'a took an op the revoked device wrote after its revocation');
  assert.equal((await incidents(c)).some((i) => i.dedupKey === 'from-revoked'), false);
  assert.match(await teamFails(b, 'invite'), /admin|revoked|team/i);

  // A stranger with its own (valid, self-signed) certificate but not on the roster says hello: refused, closed.
  const strangerDir = makeDataDir('klaxon-stranger-');
  t.after(() => removeDataDir(strangerDir));
  await klaxonInit(strangerDir);
  const store = openStore(strangerDir, 'normal');
  const cert = await deviceCertificate(store);
  store.close();
  const [host, port] = syncAddress(a)!.split(':');
  const conn = await connectToPeer({ host: host!, port: Number(port), identity: cert, log: silentLogger });
  const teamId = (await team(a, 'status') as { team: { id: string } }).team.id;
  const refused = new Promise<{ code: string }>((resolve) => conn.onMessage((m) => { if (m.t === 'refused') resolve(m); }));
  const closed = new Promise<string>((resolve) => conn.onClose(resolve));
  await conn.send({ t: 'hello', proto: 1, app: 'klaxon/test', teamId, deviceId: cert.deviceId, vv: {} });
  assert.equal((await refused).code, 'not_member');
  await closed;
});
