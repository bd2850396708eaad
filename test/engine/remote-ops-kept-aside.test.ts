// A peer's batch through engine.applyRemoteOps on a real store: one bad op never fails the batch. A malformed
// envelope is skipped; an op beyond the free-form limits (too deep, too large, too deep even to store) is kept aside
// — held in the op log so the device's seqs stay gapless, listed with its reason, never folded — and the rest apply.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createEngine } from '../../src-main/engine/engine.ts';
import { systemClock } from '../../src-main/clock.ts';
import type { Logger } from '../../src-main/log.ts';
import { encodeHlc } from '../../src-shared/domain/hlc.ts';
import { KlaxonError } from '../../src-shared/schemas/errors.ts';
import { tempDir } from '../support/temp-dir.ts';

const PEER = 'peerdevice000001';
const deep = (levels: number): unknown => { let v: unknown = {}; for (let i = 1; i < levels; i++) v = { a: v }; return v; };

function peerOps() {
  let seq = 0;
  const t0 = Date.now() - 60_000;
  const op = (type: string, entity: string, data: unknown) => ({ id: `${PEER}:${++seq}`, hlc: encodeHlc({ wall: t0 + seq, counter: 0 }), type, entity, data });
  const triggered = (entity: string, customDetails: unknown) => op('incident.triggered', entity, {
    serviceId: 'svc_peer0000000000', dedupKey: entity, title: `From the peer: ${entity}`, description: null, severity: 'critical',
    urgency: 'HIGH', priority: null, impact: null, source: 'peer', customDetails, extra: null, autoCreated: true, suppressed: false, by: 'system',
  });
  return [
    op('service.created', 'svc_peer0000000000', { name: 'Peer service', routingKey: 'peerroutingkey', urgencyRule: 'severity', suppressionRules: [] }),
    triggered('inc_fine0000000000', { region: 'eu-west-1' }),
    triggered('inc_deep0000000000', deep(36)),
    triggered('inc_abyss000000000', deep(5000)),
    triggered('inc_huge0000000000', { log: 'x'.repeat(100_000) }),
    op('incident.acknowledged', 'inc_fine0000000000', { episode: 1, by: 'user:peer' }),
  ];
}

const malformed: unknown[] = [
  null,
  42,
  { id: 'not-an-op-id', hlc: encodeHlc({ wall: Date.now(), counter: 0 }), type: 'incident.note_added', entity: 'inc_fine0000000000', data: { text: 'x', by: 'x' } },
  { id: `${PEER}:99`, hlc: encodeHlc({ wall: Date.now(), counter: 0 }), type: 'incident.note_added', entity: 'inc_fine0000000000' }, // no data
];

function open(dir: string) {
  const lines: string[] = [];
  const log: Logger = { info: (m) => lines.push(m), warn: (m) => lines.push(m), error: (m) => lines.push(m) };
  return { engine: createEngine({ dataDir: dir, clock: systemClock, log }), lines };
}

test('one bad op never fails a peer batch: malformed envelopes are skipped, ops beyond the limits kept aside with their reason', async (t) => {
  const dir = tempDir(t);
  const { engine, lines } = open(dir);
  const ops = peerOps();
  const batch = [ops[0], malformed[0], ops[1], ops[2], malformed[1], ops[3], malformed[2], ops[4], malformed[3], ops[5]];

  const result = await engine.applyRemoteOps(batch);
  assert.deepEqual(result, { applied: 3, quarantined: 3, skipped: 4 });

  // The good ops are folded: the service exists, the fine incident is there and acknowledged.
  assert.equal(engine.getService('svc_peer0000000000')?.name, 'Peer service');
  assert.equal(engine.getIncident('inc_fine0000000000').status, 'acknowledged');
  // The kept-aside ops are never folded.
  for (const id of ['inc_deep0000000000', 'inc_abyss000000000', 'inc_huge0000000000']) {
    assert.throws(() => engine.getIncident(id), (e: unknown) => e instanceof KlaxonError && e.code === 'NOT_FOUND', id);
  }
  assert.deepEqual(engine.listIncidents({ limit: 50 }).incidents.map((i) => i.id), ['inc_fine0000000000']);

  // Held in the log all the same: the peer's seqs are gapless, so sync will not ask for them forever.
  assert.deepEqual(engine.versionVector(), { [PEER]: 6 });
  const held = engine.opsSince(PEER, 0, 100);
  assert.deepEqual(held.map((o) => o.id), ops.map((o) => o.id));
  assert.doesNotThrow(() => JSON.stringify(held), 'every held op can be sent on');
  assert.equal((held[3]!.data as { _truncated?: boolean })._truncated, true, 'data too deep to store is kept as a marker');

  const aside = engine.quarantinedOps();
  assert.deepEqual(aside.map((q) => q.opId), [`${PEER}:3`, `${PEER}:4`, `${PEER}:5`]);
  assert.match(aside[0]!.reason, /^invalid incident\.triggered: customDetails: nested deeper than 32 levels/);
  assert.match(aside[1]!.reason, /data nested deeper than 64 levels/);
  assert.match(aside[2]!.reason, /customDetails and extra together larger than 64 KiB/);
  assert.ok(aside.every((q) => !Number.isNaN(Date.parse(q.receivedAt))));

  // Each kept-aside op and each skipped envelope is a log line naming it.
  for (const n of [3, 4, 5]) assert.ok(lines.some((l) => l.includes(`kept op ${PEER}:${n} `)), `no log line for ${PEER}:${n}:\n${lines.join('\n')}`);
  assert.equal(lines.filter((l) => l.includes('malformed envelope')).length, 4);
  assert.ok(lines.some((l) => l.includes('id "not-an-op-id"')));

  // The same batch again: nothing new applied or kept aside.
  assert.deepEqual(await engine.applyRemoteOps(batch), { applied: 0, quarantined: 0, skipped: 4 });
  assert.equal(engine.quarantinedOps().length, 3);
  await engine.close();

  // After a restart they are still held and still not folded.
  const again = open(dir).engine;
  t.after(() => again.close());
  assert.equal(again.quarantinedOps().length, 3);
  assert.deepEqual(again.listIncidents({ limit: 50 }).incidents.map((i) => i.id), ['inc_fine0000000000']);
  assert.equal(again.getIncident('inc_fine0000000000').timeline.length, 2);
});

test('an op kept aside stays out of its incident even when the incident is folded again from all its ops', async (t) => {
  const { engine } = open(tempDir(t));
  t.after(() => engine.close());
  const ops = peerOps();
  const base = ops[1]!;
  // An alert beyond the limits, arriving before the creation (out of order): a refold reads it from the log.
  const hugeAlert = { id: `${PEER}:7`, hlc: encodeHlc({ wall: Date.now(), counter: 0 }), type: 'incident.alert_received', entity: base.entity,
    data: { summary: 'again', severity: 'critical', source: 'peer', customDetails: deep(50), extra: null, by: 'system' } };
  const r = await engine.applyRemoteOps([hugeAlert, ops[0], base]);
  assert.deepEqual(r, { applied: 2, quarantined: 1, skipped: 0 });
  const incident = engine.getIncident(base.entity);
  assert.equal(incident.alertCount, 1, 'the kept-aside alert is not counted');
  assert.deepEqual(incident.timeline.map((e) => e.kind), ['triggered']);
});
