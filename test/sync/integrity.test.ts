// What a device accepts from a peer, batch by batch (engine.applyRemoteBatch on real stores): an op of a kind this
// version does not know is kept and relayed; a relay that alters a teammate's op is refused; a device that signed two
// different ops for one seq is reported as a fork; a revoked device's later ops are refused; a clock far ahead does
// not drag this device's clock along. Each case uses real engines and each device's real key.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createEngine } from '../../src-main/engine/engine.ts';
import type { Engine } from '../../src-main/engine/types.ts';
import { FakeClock } from '../../src-main/clock.ts';
import { chainHash, signHead, GENESIS } from '../../src-main/store/op-chain.ts';
import { chainAt } from '../../src-main/store/op-log.ts';
import { loadOrCreateDevice } from '../../src-main/store/device.ts';
import { encodeHlc, decodeHlc } from '../../src-shared/domain/hlc.ts';
import type { Op } from '../../src-shared/domain/ops.ts';
import { tempDir } from '../support/temp-dir.ts';

const START = Date.UTC(2026, 10, 30, 12);
const logs: string[] = [];
const log = { info() {}, warn: (m: string) => logs.push(m), error: (m: string) => logs.push(m) };

function device(t: { after(fn: () => unknown): void }, clock = new FakeClock(START)): Engine {
  const e = createEngine({ dataDir: tempDir(t), clock, log, durability: 'normal', otherWritersPollMs: 3_600_000 });
  t.after(() => e.close());
  return e;
}

/** Sends everything `from` holds of `author`'s ops to `to`, as one signed batch (as a session would). */
async function relay(from: Engine, to: Engine, author: string) {
  const held = to.contiguousSeq(author);
  const ops = from.opsSince(author, held, 10_000);
  const head = author === from.deviceId ? from.ownHead(held + ops.length) : from.headAtOrBelow(author, held + ops.length);
  return to.applyRemoteBatch({ device: author, from: held + 1, ops, head: head!, via: from.deviceId }, { trustFounder: null });
}

/** A team of three: a founds it and enrols b and c; everyone holds everything. */
async function team(t: { after(fn: () => unknown): void }) {
  const [a, b, c] = [device(t), device(t), device(t)];
  await a.createTeam({ name: 'Ops', deviceName: 'a', userName: 'Alice' });
  for (const d of [b, c]) {
    const inv = await a.createInvite({ role: 'member', expiresAt: START + 3_600_000 });
    await a.enrolWithInvite({ inviteId: inv.id, proves: () => true, deviceId: d.deviceId, publicKey: d.publicKey, deviceName: 'x', userName: 'y' });
  }
  for (const d of [b, c]) {
    const r = await d.applyRemoteBatch({ device: a.deviceId, from: 1, ops: a.opsSince(a.deviceId, 0, 1000), head: a.ownHead(a.contiguousSeq(a.deviceId))!, via: a.deviceId }, { trustFounder: a.deviceId });
    assert.equal(r.problem, null);
  }
  return { a, b, c };
}

/** Ops written by hand as `author` (with its real key), continuing its chain in `store`'s copy. */
function craft(author: Engine, ops: Omit<Op, 'id'>[]) {
  const identity = loadOrCreateDevice(author.store);
  let seq = author.contiguousSeq(author.deviceId);
  let prev = chainAt(author.store, author.deviceId, seq) ?? GENESIS;
  const full: Op[] = ops.map((o) => ({ ...o, id: `${author.deviceId}:${++seq}` }));
  for (const op of full) prev = chainHash(prev, op, JSON.stringify(op.data));
  return { ops: full, from: full.length ? seq - full.length + 1 : seq, head: signHead(author.deviceId, identity.privateKeyPem, author.publicKey, seq, prev) };
}

test('an op of a kind this version does not know is kept, relayed to others, and folded by nobody', async (t) => {
  const { a, b, c } = await team(t);
  const hlc = encodeHlc({ wall: START + 1000, counter: 0 });
  const crafted = craft(c, [{ hlc, type: 'oncall.schedule_created', entity: 'sch_future', data: { name: 'Primary', layers: [] } }]);
  const onA = await a.applyRemoteBatch({ device: c.deviceId, ...crafted, via: c.deviceId }, { trustFounder: null });
  assert.equal(onA.problem, null);
  assert.equal(onA.held, crafted.head.seq);
  // b never met c: it gets c's op through a, and can check that c wrote it.
  const onB = await relay(a, b, c.deviceId);
  assert.equal(onB.problem, null);
  assert.deepEqual(b.opsSince(c.deviceId, 0, 10).map((o) => o.type), ['oncall.schedule_created']);
  assert.equal(b.listIncidents({ limit: 50 }).total, 0);
});

test('a relay that alters a teammate\'s op is refused: the op no longer matches the head its author signed', async (t) => {
  const { a, b, c } = await team(t);
  const svc = await c.createService({ name: 'Payments' });
  await relay(c, a, c.deviceId);
  const held = b.contiguousSeq(c.deviceId);
  const ops = a.opsSince(c.deviceId, held, 100).map((o) => (o.entity === svc.id ? { ...o, data: { ...(o.data as object), name: 'Hijacked' } } : o));
  const r = await b.applyRemoteBatch({ device: c.deviceId, from: held + 1, ops, head: a.headAtOrBelow(c.deviceId, held + ops.length)!, via: a.deviceId }, { trustFounder: null });
  assert.equal(r.problem?.kind, 'forged');
  assert.equal(b.getService(svc.id), null);
  // The honest copy still goes through.
  assert.equal((await relay(a, b, c.deviceId)).problem, null);
  assert.equal(b.getService(svc.id)?.name, 'Payments');
});

test('a device that signed two different ops for one seq is reported as a fork, and its second story is refused', async (t) => {
  const { a, b, c } = await team(t);
  await c.createService({ name: 'First story' });
  await relay(c, a, c.deviceId);
  // c restored from an old copy writes another op under a seq it had used: same key, another chain.
  const seq = c.contiguousSeq(c.deviceId);
  const identity = loadOrCreateDevice(c.store);
  const prev = chainAt(c.store, c.deviceId, seq - 1)!;
  const other: Op = { id: `${c.deviceId}:${seq}`, hlc: encodeHlc({ wall: START + 5000, counter: 0 }), type: 'service.created', entity: 'svc_other', data: { name: 'Second story', routingKey: 'f'.repeat(32), urgencyRule: 'severity', suppressionRules: [] } };
  const hash = chainHash(prev, other, JSON.stringify(other.data));
  const r = await a.applyRemoteBatch({ device: c.deviceId, from: seq, ops: [other], head: signHead(c.deviceId, identity.privateKeyPem, c.publicKey, seq, hash), via: b.deviceId }, { trustFounder: null });
  assert.equal(r.problem?.kind, 'fork');
  assert.deepEqual(a.forks().map((f) => [f.device_id, f.seq]), [[c.deviceId, seq]]);
  assert.equal(a.getService('svc_other'), null);
});

test('a revoked device\'s ops after what its revoker had seen count for nothing, also where they had arrived first', async (t) => {
  const { a, b, c } = await team(t);
  await c.createService({ name: 'Before' });
  await relay(c, a, c.deviceId);
  await a.revokeDevice(c.deviceId, 'lost laptop');
  const after = await c.createService({ name: 'After' });
  // b got c's later op before it heard of the revocation…
  assert.equal((await relay(c, b, c.deviceId)).problem, null);
  assert.equal(b.getService(after.id)?.name, 'After');
  // …and stops counting it when the revocation arrives; a holds it (so both hold the same ops) and never counts it.
  await relay(a, b, a.deviceId);
  assert.equal(b.getService(after.id), null);
  assert.ok(b.listServices().some((s) => s.name === 'Before'));
  assert.equal((await relay(c, a, c.deviceId)).problem, null);
  assert.equal(a.getService(after.id), null);
  assert.deepEqual(a.versionVector(), b.versionVector());
});

test('two admins who revoke each other while apart: every device ends with the same roster, whichever it heard first', async (t) => {
  const { a, b, c } = await team(t);
  await a.setDeviceRole(b.deviceId, 'admin');
  await relay(a, b, a.deviceId);
  await relay(a, c, a.deviceId);
  await a.revokeDevice(b.deviceId, null);
  await b.revokeDevice(a.deviceId, null);
  // c hears a's revocation first; a fourth view (a itself) hears b's after its own.
  await relay(a, c, a.deviceId);
  await relay(b, c, b.deviceId);
  await relay(b, a, b.deviceId);
  await relay(a, b, a.deviceId);
  const view = (e: Engine) => JSON.stringify([...e.roster().devices.values()].map((d) => [d.deviceId, d.revokedAt !== null]).sort());
  assert.equal(view(a), view(c));
  assert.equal(view(b), view(c));
});

test('ops from a peer whose clock is an hour ahead are kept in their order, and do not drag this clock along', async (t) => {
  const { a, b } = await team(t);
  const ahead = encodeHlc({ wall: START + 3_600_000, counter: 0 });
  const crafted = craft(b, [{ hlc: ahead, type: 'user.created', entity: 'usr_fromthefuture', data: { name: 'Marty', by: 'device:b' } }]);
  logs.length = 0;
  const r = await a.applyRemoteBatch({ device: b.deviceId, ...crafted, via: b.deviceId }, { trustFounder: null });
  assert.equal(r.problem, null);
  assert.equal(a.roster().users.get('usr_fromthefuture')?.name, 'Marty');
  assert.ok(logs.some((l) => /clock is more than 5 min ahead/.test(l)), logs.join('\n'));
  await a.createService({ name: 'Written now' });
  const last = a.opsSince(a.deviceId, a.contiguousSeq(a.deviceId) - 1, 1)[0]!;
  assert.ok(decodeHlc(last.hlc).wall <= START + 5 * 60_000, `this device's clock followed the peer: ${last.hlc}`);
});

test('an op too deep to fold is kept aside as it came: its author\'s later ops still chain, and it relays intact', async (t) => {
  const { a, b, c } = await team(t);
  let deep: unknown = 'x';
  for (let i = 0; i < 50; i++) deep = { a: deep };
  const crafted = craft(c, [{ hlc: encodeHlc({ wall: START + 2000, counter: 0 }), type: 'service.created', entity: 'svc_deep', data: { name: 'Deep', routingKey: 'e'.repeat(32), urgencyRule: 'severity', suppressionRules: [], extra: deep } }]);
  // c's own log holds it (as if a newer c had written it), and a receives it from c.
  assert.equal((await c.applyRemoteBatch({ device: c.deviceId, ...crafted, via: c.deviceId }, { trustFounder: null })).problem, null);
  assert.equal((await a.applyRemoteBatch({ device: c.deviceId, ...crafted, via: c.deviceId }, { trustFounder: null })).problem, null);
  assert.deepEqual(a.quarantinedOps().map((q) => q.opId), [crafted.ops[0]!.id]);
  // c writes on; a takes it, and relays both to b, which checks c's signature over the deep op too.
  const svc = await c.createService({ name: 'After the deep one' });
  assert.equal((await relay(c, a, c.deviceId)).problem, null);
  assert.equal((await relay(a, b, c.deviceId)).problem, null);
  assert.equal(b.getService(svc.id)?.name, 'After the deep one');
  assert.deepEqual(a.forks(), []);
});

test('an alert that began after its key\'s incident was resolved elsewhere is never hidden by a merge made in ignorance', async (t) => {
  const { a, b, c } = await team(t);
  const svc = await a.createService({ name: 'API' });
  await a.ingestEvent({ action: 'trigger', routingKey: svc.routingKey, dedupKey: 'api-5xx', summary: 'first', source: 's', severity: 'critical', receivedVia: 'events-api' });
  for (const d of [b, c]) await relay(a, d, a.deviceId);
  const first = c.listIncidents({ limit: 10 }).incidents.find((i) => i.dedupKey === 'api-5xx')!;
  await c.resolve([first.id], 'user:carol');
  await relay(c, b, c.deviceId);
  // b knows it was resolved: the key fires again, a new incident.
  await b.ingestEvent({ action: 'trigger', routingKey: svc.routingKey, dedupKey: 'api-5xx', summary: 'again', source: 's', severity: 'critical', receivedVia: 'events-api' });
  const second = b.listIncidents({ limit: 10 }).incidents.find((i) => i.dedupKey === 'api-5xx' && i.status === 'triggered')!;
  // a has not heard of the resolve: to a, both are open, and it merges the new one into the first…
  await relay(b, a, b.deviceId);
  assert.equal(a.getIncident(second.id).mergedInto, first.id);
  // …until the resolve arrives: the new incident is its own again, and open.
  await relay(c, a, c.deviceId);
  assert.equal(a.getIncident(second.id).mergedInto, null);
  assert.equal(a.getIncident(second.id).status, 'triggered');
  assert.equal(a.getIncident(first.id).status, 'resolved');
  await relay(a, b, a.deviceId);
  assert.equal(b.getIncident(second.id).mergedInto, null);
});
