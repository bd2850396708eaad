// Schedules and escalation policies through the engine, on a real SQLite file and a fake clock: created, changed
// and deleted with the people and schedules they name checked; who is on call now and next; edits made on two
// devices while apart converge whatever order their ops arrive in; a device's own person appears when first needed
// (never by a read).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createEngine } from '../../src-main/engine/engine.ts';
import type { Engine, EngineChange } from '../../src-main/engine/types.ts';
import { toChangeNotice } from '../../src-main/api-handlers.ts';
import { createTeamHandlers } from '../../src-main/team-handlers.ts';
import { FakeClock } from '../../src-main/clock.ts';
import { silentLogger } from '../../src-main/log.ts';
import { KlaxonError } from '../../src-shared/schemas/errors.ts';
import { CreateSchedule, CreateEscalationPolicy, CreateOverride, UpdateSchedule } from '../../src-shared/schemas/oncall.ts';
import { tempDir } from '../support/temp-dir.ts';

// Friday 2026-03-06 10:00 in Chicago (CST, UTC−6); US daylight saving starts on Sunday 2026-03-08.
const T0 = Date.parse('2026-03-06T16:00:00Z');
const HOUR = 3_600_000;

function open(t: { after(fn: () => unknown): void }, clock = new FakeClock(T0)): Engine {
  const engine = createEngine({ dataDir: tempDir(t), clock, log: silentLogger });
  t.after(() => engine.close());
  return engine;
}

const refused = (code: string, field?: string, message?: RegExp) => (e: unknown) =>
  e instanceof KlaxonError && e.code === code && (field === undefined || e.field === field) && (message === undefined || message.test(e.message));

async function primary(engine: Engine) {
  const alice = await engine.createUser('Alice');
  const bob = await engine.createUser('Bob');
  // The body, as written.
  const schedule = await engine.createSchedule(CreateSchedule.parse({
    name: 'Primary', timeZone: 'America/Chicago', layers: [{ start: '2026-03-06T09:00:00', rotation: 'daily', turns: 1, userIds: [alice, bob] }],
  }), 'user:admin');
  return { alice, bob, schedule };
}

test('a schedule from the issue\'s body hands off daily at 09:00 Chicago time, across the change to daylight saving', async (t) => {
  const engine = open(t);
  const { alice, bob, schedule } = await primary(engine);
  assert.match(schedule.id, /^sch_/);
  assert.deepEqual(engine.listSchedules().map((s) => s.name), ['Primary']);
  assert.deepEqual(engine.shifts(schedule.id, T0, T0 + 3 * 24 * HOUR), [
    { userId: alice, start: '2026-03-06T16:00:00.000Z', end: '2026-03-07T15:00:00.000Z', override: false },
    { userId: bob, start: '2026-03-07T15:00:00.000Z', end: '2026-03-08T14:00:00.000Z', override: false }, // 09:00 CDT
    { userId: alice, start: '2026-03-08T14:00:00.000Z', end: '2026-03-09T14:00:00.000Z', override: false },
    { userId: bob, start: '2026-03-09T14:00:00.000Z', end: '2026-03-09T16:00:00.000Z', override: false },
  ]);
  const now = engine.onCallNow(T0);
  assert.deepEqual(now.schedules, [{
    scheduleId: schedule.id, name: 'Primary', userId: alice, until: '2026-03-07T15:00:00.000Z',
    next: { userId: bob, start: '2026-03-07T15:00:00.000Z', end: '2026-03-08T14:00:00.000Z' },
  }]);
});

test('an override covers its span on top of the rotation, is listed until it ends, and can be removed', async (t) => {
  const clock = new FakeClock(T0);
  const engine = open(t, clock);
  const { alice, schedule } = await primary(engine);
  const carol = await engine.createUser('Carol');
  const o = await engine.addOverride(schedule.id, CreateOverride.parse({ userId: carol, start: '2026-03-06T17:00:00Z', end: '2026-03-06T19:00:00-00:00' }), 'user:alice');
  assert.equal(o.userId, carol);
  assert.equal(o.createdBy, 'user:alice');
  assert.equal(o.createdAt, new Date(T0).toISOString());
  assert.deepEqual(engine.shifts(schedule.id, T0, T0 + 4 * HOUR).map((s) => [s.userId, s.start, s.override]), [
    [alice, '2026-03-06T16:00:00.000Z', false], [carol, '2026-03-06T17:00:00.000Z', true], [alice, '2026-03-06T19:00:00.000Z', false],
  ]);
  assert.equal(engine.onCallNow(T0 + 1.5 * HOUR).schedules[0]!.userId, carol);
  assert.deepEqual(engine.getSchedule(schedule.id).overrides.map((x) => x.id), [o.id]);
  clock.advance(4 * HOUR);
  assert.deepEqual(engine.getSchedule(schedule.id).overrides, [], 'an override that has ended is no longer listed');
  await assert.rejects(engine.removeOverride(schedule.id, o.id, 'user:alice'), refused('CONFLICT', undefined, /has ended/));

  const later = await engine.addOverride(schedule.id, CreateOverride.parse({ userId: carol, start: '2026-03-07T00:00:00Z', end: '2026-03-07T02:00:00Z' }), 'user:alice');
  const after = await engine.removeOverride(schedule.id, later.id, 'user:alice');
  assert.deepEqual(after.overrides, []);
  assert.equal(engine.onCallNow(Date.parse('2026-03-07T01:00:00Z')).schedules[0]!.userId, alice);
  await assert.rejects(engine.removeOverride(schedule.id, 'ovr_nope', 'user:alice'), refused('NOT_FOUND'));
});

test('people, schedules and policies must exist where they are named; the refusal names the field', async (t) => {
  const engine = open(t);
  const { alice, schedule } = await primary(engine);
  await assert.rejects(engine.createSchedule(CreateSchedule.parse({
    name: 'Typo', timeZone: 'UTC', layers: [{ start: '2026-03-06T09:00', rotation: 'weekly', userIds: [alice, 'usr_nobody'] }],
  }), 'x'), refused('VALIDATION_FAILED', 'layers.0.userIds.1', /usr_nobody/));
  await assert.rejects(engine.updateSchedule(schedule.id, UpdateSchedule.parse({
    layers: [{ start: '2026-03-06T09:00', end: '2026-03-06T08:00', rotation: 'daily', userIds: [alice] }],
  }), 'x'), refused('VALIDATION_FAILED', 'layers.0.end', /after start/));
  await assert.rejects(engine.addOverride(schedule.id, CreateOverride.parse({ userId: 'usr_ghost', start: '2026-03-07T00:00:00Z', end: '2026-03-07T01:00:00Z' }), 'x'),
    refused('VALIDATION_FAILED', 'userId'));
  await assert.rejects(engine.createPolicy(CreateEscalationPolicy.parse({
    name: 'P', levels: [{ delayMinutes: 5, targets: [{ type: 'user', id: alice }] }, { delayMinutes: 5, targets: [{ type: 'schedule', id: 'sch_gone' }] }],
  }), 'x'), refused('VALIDATION_FAILED', 'levels.1.targets.0.id', /sch_gone/));
  const svc = await engine.createService({ name: 'Web' });
  await assert.rejects(engine.updateService(svc.id, { escalationPolicyId: 'pol_gone' }), refused('VALIDATION_FAILED', 'escalationPolicyId'));
  assert.throws(() => engine.getSchedule('sch_missing'), refused('NOT_FOUND'));
  assert.equal(engine.listSchedules().length, 1, 'nothing refused was written');
});

test('nothing in use can be deleted: a schedule a policy pages, a policy a service uses; each refusal names the user', async (t) => {
  const engine = open(t);
  const { alice, schedule } = await primary(engine);
  const policy = await engine.createPolicy(CreateEscalationPolicy.parse({
    name: 'Web on-call', levels: [{ delayMinutes: 5, targets: [{ type: 'schedule', id: schedule.id }] }, { delayMinutes: 10, targets: [{ type: 'user', id: alice }] }], repeat: 1,
  }), 'x');
  const svc = await engine.createService({ name: 'Web' });
  const updated = await engine.updateService(svc.id, { escalationPolicyId: policy.id, ackTimeoutMinutes: 30 });
  assert.equal(updated.escalationPolicyId, policy.id);
  assert.equal(updated.ackTimeoutMinutes, 30);

  await assert.rejects(engine.deleteSchedule(schedule.id, 'x'), refused('CONFLICT', undefined, new RegExp(`"Web on-call" \\(${policy.id}\\)`)));
  await assert.rejects(engine.deletePolicy(policy.id, 'x'), refused('CONFLICT', undefined, new RegExp(`"Web" \\(${svc.id}\\)`)));

  await engine.updateService(svc.id, { escalationPolicyId: null });
  const gone = await engine.deletePolicy(policy.id, 'x');
  assert.equal(gone.name, 'Web on-call');
  assert.deepEqual(engine.listPolicies(), []);
  assert.throws(() => engine.getPolicy(policy.id), refused('NOT_FOUND'));
  await engine.deleteSchedule(schedule.id, 'x');
  assert.deepEqual(engine.listSchedules(), []);
  await assert.rejects(engine.deleteSchedule(schedule.id, 'x'), refused('NOT_FOUND'));
});

test('who is on call names every policy level\'s people, a schedule target\'s with until when', async (t) => {
  const engine = open(t);
  const { alice, bob, schedule } = await primary(engine);
  const policy = await engine.createPolicy(CreateEscalationPolicy.parse({
    name: 'Web', levels: [{ delayMinutes: 5, targets: [{ type: 'schedule', id: schedule.id }] }, { delayMinutes: 10, targets: [{ type: 'user', id: bob }, { type: 'schedule', id: schedule.id }] }],
  }), 'x');
  assert.deepEqual(engine.onCallNow(T0).policies, [{
    policyId: policy.id, name: 'Web', levels: [
      { level: 1, people: [{ userId: alice, via: { type: 'schedule', id: schedule.id }, until: '2026-03-07T15:00:00.000Z' }] },
      { level: 2, people: [{ userId: bob, via: { type: 'user', id: bob }, until: null }, { userId: alice, via: { type: 'schedule', id: schedule.id }, until: '2026-03-07T15:00:00.000Z' }] },
    ],
  }]);
});

test('edits made on two devices while apart converge, whatever order the ops arrive in', async (t) => {
  const clock = new FakeClock(T0);
  const a = open(t, clock);
  const b = open(t, clock);
  const { alice, bob, schedule } = await primary(a);
  await b.applyRemoteOps(a.opsSince(a.deviceId, 0, 1000));
  assert.equal(b.getSchedule(schedule.id).name, 'Primary');
  // Apart: A renames it and adds an override; B later replaces the layers and removes nothing.
  clock.advance(60_000);
  await a.updateSchedule(schedule.id, { name: 'Primary (web)' }, 'user:a');
  const o = await a.addOverride(schedule.id, CreateOverride.parse({ userId: bob, start: '2026-03-07T00:00:00Z', end: '2026-03-07T06:00:00Z' }), 'user:a');
  clock.advance(60_000);
  await b.updateSchedule(schedule.id, UpdateSchedule.parse({ layers: [{ start: '2026-03-06T09:00:00', rotation: 'weekly', userIds: [bob, alice] }] }), 'user:b');
  await b.updateSchedule(schedule.id, { name: 'Primary (B)' }, 'user:b');

  const opsA = a.opsSince(a.deviceId, 0, 1000);
  const opsB = b.opsSince(b.deviceId, 0, 1000);
  await a.applyRemoteOps([...opsB].reverse());
  await b.applyRemoteOps(opsA.slice(5).reverse());
  const c = open(t, clock);
  await c.applyRemoteOps([...opsB, ...opsA].reverse());
  for (const e of [a, b, c]) {
    const s = e.getSchedule(schedule.id);
    assert.equal(s.name, 'Primary (B)', 'the later rename wins');
    assert.deepEqual(s.layers.map((l) => [l.rotation, l.userIds]), [['weekly', [bob, alice]]]);
    assert.deepEqual(s.overrides.map((x) => x.id), [o.id]);
    assert.equal(e.onCallNow(Date.parse('2026-03-07T01:00:00Z')).schedules[0]!.userId, bob);
  }
  assert.deepEqual(a.listSchedules(), c.listSchedules());
  assert.deepEqual(b.listSchedules(), c.listSchedules());
});

test('a device in no team gets its own person when first needed, acts as that person, and founds a team as it', async (t) => {
  const engine = open(t);
  await engine.updateSettings({ userName: 'Sam' });
  assert.equal(engine.localUserId(), null);
  assert.equal(engine.localActor(), 'user:Sam');
  await engine.createPolicy(CreateEscalationPolicy.parse({ name: 'P', levels: [{ delayMinutes: 5, targets: [{ type: 'user', id: (await engine.createUser('Ann')) }] }] }), engine.localActor());
  const me = engine.localUserId();
  assert.match(me ?? '', /^usr_/);
  assert.equal(engine.roster().users.get(me!)?.name, 'Sam');
  assert.equal(engine.localActor(), `user:${me}`);
  assert.equal(await engine.ensureLocalUser(), me, 'made once');
  const { userId } = await engine.createTeam({ name: 'Ops', deviceName: 'laptop', userName: 'Sam' });
  assert.equal(userId, me, 'the founder is the person it already was');
  assert.equal([...engine.roster().users.values()].filter((u) => u.name === 'Sam').length, 1);
  assert.equal(engine.localUserId(), me);
});

test('listing people never writes; the window asks for this device\'s person (users.ensureSelf) and gets the same one each time', async (t) => {
  const engine = open(t);
  await engine.updateSettings({ userName: 'Sam' });
  const handlers = createTeamHandlers({ engine });
  const written = () => engine.opsSince(engine.deviceId, 0, 10_000).length;
  const before = written();
  assert.deepEqual(await handlers['users.list'](undefined), [], 'nobody yet, and a read makes nobody');
  assert.equal(written(), before, 'no op was written by a read');
  assert.equal(engine.localUserId(), null);
  const me = await handlers['users.ensureSelf'](undefined);
  assert.deepEqual({ name: me.name, id: me.id }, { name: 'Sam', id: engine.localUserId() });
  assert.equal(written(), before + 1, 'one user.created');
  assert.deepEqual(await handlers['users.ensureSelf'](undefined), me, 'made once');
  assert.deepEqual((await handlers['users.list'](undefined)).map((u) => u.id), [me.id]);
});

test('a change to schedules or policies is announced, and the window is told to reload its On-call page', async (t) => {
  const engine = open(t);
  const changes: EngineChange[] = [];
  engine.onChange((c) => changes.push(c));
  const { schedule } = await primary(engine);
  await engine.updateSchedule(schedule.id, { name: 'Renamed' }, 'x');
  const last = changes.at(-1)!;
  assert.equal(last.oncall, true);
  assert.equal(toChangeNotice(last, engine)?.oncall, true);
  assert.equal(changes.filter((c) => c.oncall).length, 2, 'the users created first touched no schedule');
  assert.equal(engine.getSchedule(schedule.id).name, 'Renamed', 'what is held in memory was dropped');
});
