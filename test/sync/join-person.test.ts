// A device keeps its own person when it joins a team: hosts on loopback (in-process, real TLS joins through
// POST /api/team/join). B, in no team, puts itself on call in a schedule, then joins A's team: A's roster has one
// person for B, the schedule's, with B's device, and A says B's schedule is B's by B's name. A device that claims a
// person the team already knows (a member's, or one a teammate added) is enrolled as a new person instead; an invite
// that names a person still wins over the joiner's own.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, fetchJson, pollUntil, type TestServer } from '../support/server.ts';
import { setMeta } from '../../src-main/store/meta.ts';
import { SELF_USER_META } from '../../src-main/engine/commands/local-user.ts';
import { TeamStatus, type User } from '../../src-shared/schemas/team.ts';
import { OnCallNow } from '../../src-shared/schemas/oncall.ts';
import { issueInvite } from '../../src-main/sync/issue-invite.ts';

describe('a joining device keeps its own person', () => {
  const hosts: TestServer[] = [];
  let a: TestServer;
  let aUser: string;
  before(async () => {
    a = await startServer();
    hosts.push(a);
    await a.klaxon.engine.updateSettings({ userName: 'Alice' });
    const created = await on(a, '/api/team', { body: { name: 'Ops', deviceName: 'laptop-a' } });
    assert.equal(created.status, 201, created.text);
    aUser = TeamStatus.parse(created.body).self.userId!;
  });
  after(async () => {
    for (const h of hosts.reverse()) await h.close();
  });

  const on = (h: TestServer, path: string, opts: { method?: string; body?: unknown } = {}) => fetchJson(h.baseUrl, path, { key: h.adminKey, ...opts });
  const usersOn = async (h: TestServer) => (await on(h, '/api/users')).body.users as User[];
  const newDevice = async (userName: string) => {
    const h = await startServer();
    hosts.push(h);
    await h.klaxon.engine.updateSettings({ userName });
    return h;
  };
  const join = async (h: TestServer, deviceName: string, invite?: string) => {
    if (!invite) {
      const res = await on(a, '/api/team/invites', { body: {} });
      assert.equal(res.status, 201, res.text);
      invite = res.body.invite as string;
    }
    const joined = await on(h, '/api/team/join', { body: { invite, deviceName } });
    assert.equal(joined.status, 200, joined.text);
    return TeamStatus.parse(joined.body);
  };
  /** Who A's roster says a device is, once A has the device's enrolment. */
  const personOnA = (deviceId: string) => pollUntil(async () => (await usersOn(a)).find((u) => u.deviceIds.includes(deviceId)), { message: `A never listed device ${deviceId}` });

  it('B puts itself on call, joins, and stays that person: one person for it on A, the schedule\'s, named by B', async () => {
    const b = await newDevice('Bea');
    // B's window opened its On-call page: B has a person of its own (users.ensureSelf).
    await b.klaxon.handlers['users.ensureSelf'](undefined);
    const own = await usersOn(b);
    assert.deepEqual(own.map((u) => [u.name, u.deviceIds]), [['Bea', []]], 'B in no team has one person of its own');
    const bUser = own[0]!.id;
    const schedule = await on(b, '/api/schedules', {
      body: { name: 'Bea\'s week', timeZone: 'UTC', layers: [{ start: '2020-01-06T00:00:00', rotation: 'weekly', turns: 1, userIds: [bUser] }] },
    });
    assert.equal(schedule.status, 201, schedule.text);
    const scheduleId = schedule.body.schedule.id as string;

    const fromB = await join(b, 'laptop-b');
    const bId = b.klaxon.engine.deviceId;
    assert.equal(fromB.self.userId, bUser, 'B\'s own person is its person in the team');
    assert.equal(b.klaxon.engine.localUserId(), bUser, 'B pages for its own shifts');

    const onA = await personOnA(bId);
    assert.equal(onA.id, bUser);
    assert.equal(onA.name, 'Bea');
    assert.deepEqual(onA.deviceIds, [bId], 'the schedule\'s person has B\'s device');
    const people = await usersOn(a);
    assert.deepEqual(people.filter((u) => u.deviceIds.length === 0), [], 'no stray person with no device');
    assert.equal(people.length, 2, 'Alice and Bea, nobody else');

    // B's schedule reaches A, and A says who is on call in it now: Bea.
    const now = await pollUntil(async () => {
      const res = await on(a, '/api/oncall');
      return res.status === 200 && OnCallNow.parse(res.body).schedules.find((s) => s.scheduleId === scheduleId);
    }, { message: 'A never had B\'s schedule' });
    assert.equal(now.userId, bUser);
    assert.equal(people.find((u) => u.id === now.userId)?.name, 'Bea');

    // Both devices hold the same people (B's own user.created and A's for the same id agree).
    await pollUntil(async () => {
      const list = await usersOn(b);
      return list.length === 2 && list.find((u) => u.id === bUser)?.deviceIds.includes(bId);
    }, { message: 'B never listed itself on the team\'s roster' });
    assert.deepEqual((await usersOn(b)).map((u) => `${u.id} ${u.name}`).sort(), people.map((u) => `${u.id} ${u.name}`).sort());
  });

  it('a device that claims a member\'s person, or a person a teammate added, is enrolled as a new person', async () => {
    const dana = (await on(a, '/api/users', { body: { name: 'Dana' } })).body.user as User;
    const cases: [string, string, string][] = [['Mallory', aUser, 'laptop-c'], ['Mallory too', dana.id, 'laptop-d']];
    for (const [name, claimed, deviceName] of cases) {
      const h = await newDevice(name);
      // The device says it is that person: its own record of "me" names the id (as a forged join would).
      setMeta(h.klaxon.engine.store, SELF_USER_META, claimed);
      assert.equal(h.klaxon.engine.localUserId(), claimed);
      const status = await join(h, deviceName);
      assert.notEqual(status.self.userId, claimed);

      const onA = await personOnA(h.klaxon.engine.deviceId);
      assert.notEqual(onA.id, claimed, `${deviceName} took over ${claimed}`);
      assert.equal(onA.name, name, 'a new person, with the joiner\'s name');
      const people = await usersOn(a);
      const kept = people.find((u) => u.id === claimed)!;
      assert.equal(kept.name, claimed === aUser ? 'Alice' : 'Dana', 'the claimed person keeps their name');
      assert.deepEqual(kept.deviceIds, claimed === aUser ? [a.klaxon.engine.deviceId] : [], 'and only their own devices');
    }
  });

  it('an invite that names a person wins over the person the joiner already is', async () => {
    const erin = (await on(a, '/api/users', { body: { name: 'Erin' } })).body.user as User;
    const { port } = a.klaxon.sync!.listening!;
    const { invite } = await issueInvite(a.klaxon.engine, { role: 'member', ttlMs: 3_600_000, userId: erin.id, addresses: [`127.0.0.1:${port}`] });
    const e = await newDevice('Erin at home');
    const own = (await e.klaxon.handlers['users.ensureSelf'](undefined)).id;
    const status = await join(e, 'laptop-e', invite);
    assert.equal(status.self.userId, erin.id);
    const onA = await personOnA(e.klaxon.engine.deviceId);
    assert.equal(onA.id, erin.id);
    assert.equal(onA.name, 'Erin');
    assert.notEqual(onA.id, own);
  });
});
