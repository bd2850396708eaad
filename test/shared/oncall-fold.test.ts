// Schedules and escalation policies as folds: what two laptops edit while apart merges to one answer on every
// device, whatever order (and however often) the ops arrive. Fields are last-writer-wins by HLC, a deletion holds
// for good, and a removed override stays removed even when its removal arrives before its addition.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { foldSchedule, foldPolicy, scheduleView } from '../../src-shared/domain/oncall/fold.ts';
import { encodeHlc } from '../../src-shared/domain/hlc.ts';
import { foldService } from '../../src-shared/domain/admin-fold.ts';
import type { Op } from '../../src-shared/domain/ops.ts';

const T0 = Date.parse('2026-03-01T00:00:00Z');
const hlc = (sec: number, counter = 0) => encodeHlc({ wall: T0 + sec * 1000, counter });
const iso = (sec: number) => new Date(T0 + sec * 1000).toISOString();
const layer = (userIds: string[]) => ({ start: '2026-03-06T09:00:00', rotation: 'daily', turns: 1, userIds, restrictions: [] });

const created = (sec = 0): Op => ({
  id: 'dev0:1', hlc: hlc(sec), type: 'schedule.created', entity: 'sch_a',
  data: { name: 'Primary', description: null, timeZone: 'America/Chicago', layers: [layer(['usr_a', 'usr_b'])], by: 'user:usr_a' },
});
const op = (id: string, sec: number, type: string, data: unknown, entity = 'sch_a'): Op => ({ id, hlc: hlc(sec), type, entity, data });

function shuffle<T>(xs: T[], seed: number): T[] {
  const out = [...xs];
  let r = seed;
  for (let i = out.length - 1; i > 0; i--) { r = (r * 1103515245 + 12345) % 2 ** 31; const j = r % (i + 1); [out[i], out[j]] = [out[j]!, out[i]!]; }
  return out;
}

test('each field is last-writer-wins by HLC, whichever edit arrives first', () => {
  const rename1 = op('dev1:1', 10, 'schedule.changed', { fields: { name: 'Primary (EU)' }, by: 'user:usr_a' });
  const rename2 = op('dev2:1', 20, 'schedule.changed', { fields: { name: 'Primary (US)', timeZone: 'Europe/Berlin' }, by: 'user:usr_b' });
  const relayer = op('dev1:2', 15, 'schedule.changed', { fields: { layers: [layer(['usr_c'])] }, by: 'user:usr_a' });
  for (const order of [[created(), rename1, rename2, relayer], [rename2, relayer, rename1, created()]]) {
    const s = foldSchedule(order)!;
    assert.equal(s.name, 'Primary (US)', 'the later rename wins');
    assert.equal(s.timeZone, 'Europe/Berlin');
    assert.deepEqual(s.layers.map((l) => l.userIds), [['usr_c']], 'layers are replaced whole by the one edit that touched them');
    assert.equal(s.updatedAt, iso(20));
  }
});

test('a deletion holds for good: an edit made later elsewhere does not bring the schedule back', () => {
  const del = op('dev1:1', 10, 'schedule.deleted', { by: 'user:usr_a' });
  const edit = op('dev2:1', 20, 'schedule.changed', { fields: { name: 'Still here?' }, by: 'user:usr_b' });
  assert.equal(foldSchedule([edit, created(), del])!.deleted, true);
  assert.equal(foldSchedule([created(), edit])!.deleted, false);
});

test('an override removed anywhere stays removed, even when its removal arrives before its addition; the rest keep their creation order', () => {
  const addA = op('dev1:1', 10, 'schedule.override_added', { overrideId: 'ovr_a', userId: 'usr_c', start: iso(100), end: iso(200), by: 'user:usr_c' });
  const addB = op('dev2:1', 5, 'schedule.override_added', { overrideId: 'ovr_b', userId: 'usr_d', start: iso(100), end: iso(300), by: 'key:k1' });
  const removeA = op('dev2:2', 8, 'schedule.override_removed', { overrideId: 'ovr_a', by: 'user:usr_b' });
  const backwards = op('dev1:2', 12, 'schedule.override_added', { overrideId: 'ovr_x', userId: 'usr_c', start: iso(200), end: iso(200), by: 'user:usr_c' });
  const s = foldSchedule([removeA, addA, created(), addB, backwards])!;
  assert.deepEqual(s.overrides, [{ id: 'ovr_b', userId: 'usr_d', start: iso(100), end: iso(300), createdAt: iso(5), createdBy: 'key:k1' }],
    'ovr_a removed (its removal sorts before its addition), ovr_x covers nothing');
  const kept = foldSchedule([created(), addA, addB])!;
  assert.deepEqual(kept.overrides.map((o) => o.id), ['ovr_b', 'ovr_a'], 'oldest first: the last created wins where they overlap');
  assert.deepEqual(scheduleView(kept, T0 + 250_000).overrides.map((o) => o.id), ['ovr_b'], 'the view leaves out overrides that have ended');
});

test('a schedule or policy is nothing until its creation is held', () => {
  assert.equal(foldSchedule([op('dev1:1', 10, 'schedule.changed', { fields: { name: 'x' }, by: 'u' })]), null);
  assert.equal(foldPolicy([op('dev1:1', 10, 'policy.deleted', { by: 'u' }, 'pol_a')]), null);
});

/** Random edits by three devices to one schedule and one policy. */
const edit = fc.record({
  device: fc.constantFrom('dev1', 'dev2', 'dev3'),
  sec: fc.integer({ min: 1, max: 60 }),
  kind: fc.constantFrom('rename', 'describe', 'zone', 'layers', 'delete', 'add', 'remove', 'unknown', 'invalid', 'prename', 'plevels', 'prepeat', 'pdelete'),
  n: fc.integer({ min: 0, max: 3 }),
});
type Edit = typeof edit extends fc.Arbitrary<infer T> ? T : never;

function build(edits: Edit[]): Op[] {
  const seqs: Record<string, number> = {};
  const ops: Op[] = [created(), {
    id: 'dev0:2', hlc: hlc(0, 1), type: 'policy.created', entity: 'pol_a',
    data: { name: 'Default', description: null, levels: [{ delayMinutes: 5, targets: [{ type: 'user', id: 'usr_a' }] }], repeat: 0, by: 'u' },
  }];
  edits.forEach((e, i) => {
    seqs[e.device] = (seqs[e.device] ?? 0) + 1;
    const base = { id: `${e.device}:${seqs[e.device]}`, hlc: encodeHlc({ wall: T0 + e.sec * 1000, counter: i }) };
    const s = (type: string, data: unknown): Op => ({ ...base, entity: 'sch_a', type, data });
    const p = (type: string, data: unknown): Op => ({ ...base, entity: 'pol_a', type, data });
    const by = `user:${e.device}`;
    switch (e.kind) {
      case 'rename': ops.push(s('schedule.changed', { fields: { name: `n${e.n}` }, by })); break;
      case 'describe': ops.push(s('schedule.changed', { fields: { description: e.n === 0 ? null : `d${e.n}` }, by })); break;
      case 'zone': ops.push(s('schedule.changed', { fields: { timeZone: ['UTC', 'Europe/Berlin', 'Australia/Lord_Howe', 'America/Chicago'][e.n] }, by })); break;
      case 'layers': ops.push(s('schedule.changed', { fields: { layers: [layer([`usr_${e.n}`])] }, by })); break;
      case 'delete': ops.push(s('schedule.deleted', { by })); break;
      case 'add': ops.push(s('schedule.override_added', { overrideId: `ovr_${e.n}`, userId: `usr_${e.device}`, start: iso(100 + e.n), end: iso(200 + e.sec), by })); break;
      case 'remove': ops.push(s('schedule.override_removed', { overrideId: `ovr_${e.n}`, by })); break;
      case 'unknown': ops.push(s('schedule.some_future_fact', { x: e.n })); break;
      case 'invalid': ops.push(s('schedule.changed', { fields: { layers: 'not a list' }, by })); break;
      case 'prename': ops.push(p('policy.changed', { fields: { name: `p${e.n}` }, by })); break;
      case 'plevels': ops.push(p('policy.changed', { fields: { levels: [{ delayMinutes: e.n + 1, targets: [{ type: 'schedule', id: 'sch_a' }] }] }, by })); break;
      case 'prepeat': ops.push(p('policy.changed', { fields: { repeat: e.n }, by })); break;
      case 'pdelete': ops.push(p('policy.deleted', { by })); break;
    }
  });
  return ops;
}

test('property: any order and any duplication of the same ops fold to the same schedule and policy', () => {
  fc.assert(fc.property(fc.array(edit, { maxLength: 30 }), fc.nat(), fc.array(fc.nat(), { maxLength: 8 }), (edits, seed, dups) => {
    const ops = build(edits);
    const schedOps = ops.filter((o) => o.entity === 'sch_a');
    const polOps = ops.filter((o) => o.entity === 'pol_a');
    const refS = foldSchedule(schedOps);
    const refP = foldPolicy(polOps);
    const again = (xs: Op[]) => shuffle([...xs, ...dups.map((d) => xs[d % xs.length]!)], seed);
    assert.deepEqual(foldSchedule(again(schedOps)), refS);
    assert.deepEqual(foldPolicy(again(polOps)), refP);
    // The rules the merge must keep, checked against the op set directly.
    assert.equal(refS!.deleted, edits.some((e) => e.kind === 'delete'));
    const removedIds = new Set(edits.filter((e) => e.kind === 'remove').map((e) => `ovr_${e.n}`));
    for (const o of refS!.overrides) assert.ok(!removedIds.has(o.id), `${o.id} was removed somewhere`);
    const renames = schedOps.filter((o) => o.type === 'schedule.changed' && typeof (o.data as { fields: { name?: string } }).fields.name === 'string');
    const lastRename = renames.sort((a, b) => (a.hlc < b.hlc ? -1 : a.hlc > b.hlc ? 1 : a.id < b.id ? -1 : 1)).at(-1);
    assert.equal(refS!.name, lastRename ? (lastRename.data as { fields: { name: string } }).fields.name : 'Primary');
  }), { numRuns: 300 });
});

test('a service\'s paging settings are last-writer-wins each on its own; null turns one off', () => {
  const svc = (id: string, sec: number, type: string, data: unknown): Op => ({ id, hlc: hlc(sec), type, entity: 'svc_a', data });
  const created = svc('dev0:1', 0, 'service.created', { name: 'Web', routingKey: 'rk', urgencyRule: 'severity', suppressionRules: [] });
  const setAll = svc('dev1:1', 10, 'service.changed', { fields: { escalationPolicyId: 'pol_a', ackTimeoutMinutes: 30, autoResolveMinutes: 240 } });
  const offAck = svc('dev2:1', 20, 'service.changed', { fields: { ackTimeoutMinutes: null } });
  const rename = svc('dev2:2', 30, 'service.changed', { fields: { name: 'Web (EU)' } });
  for (const order of [[created, setAll, offAck, rename], [rename, offAck, created, setAll]]) {
    const s = foldService(order)!;
    assert.deepEqual([s.name, s.escalationPolicyId, s.ackTimeoutMinutes, s.autoResolveMinutes, s.supportHours], ['Web (EU)', 'pol_a', null, 240, null]);
  }
  assert.deepEqual([foldService([created])!.escalationPolicyId, foldService([created])!.supportHours], [null, null], 'off until set');
});

test('a service remembers when it was given the policy it has: a change to another sets it, the same one again does not', () => {
  const svc = (id: string, sec: number, data: unknown, type = 'service.changed'): Op => ({ id, hlc: hlc(sec), type, entity: 'svc_a', data });
  const created = svc('dev0:1', 0, { name: 'Web', routingKey: 'rk', urgencyRule: 'severity', suppressionRules: [] }, 'service.created');
  const give = svc('dev1:1', 10, { fields: { escalationPolicyId: 'pol_a' } });
  const again = svc('dev2:1', 20, { fields: { escalationPolicyId: 'pol_a', ackTimeoutMinutes: 30 } });
  const other = svc('dev1:2', 30, { fields: { escalationPolicyId: 'pol_b' } });
  const none = svc('dev2:2', 40, { fields: { escalationPolicyId: null } });
  const since = (ops: Op[]) => foldService(ops)!.escalationPolicySetAt;
  assert.equal(since([created]), null);
  for (const order of [[created, give, again], [again, give, created]]) assert.equal(since(order), iso(10), 'the same policy again starts nothing over');
  assert.equal(since(shuffle([created, give, again, other], 7)), iso(30));
  assert.equal(since(shuffle([created, give, again, other, none], 3)), null);
});
