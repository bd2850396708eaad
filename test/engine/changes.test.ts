// Changes in the engine: one op each, never an incident and never a page; a teammate's change arrives through sync
// like any op (a malformed one is kept aside); an older data dir (schema 6) gains the table and applies changes a
// newer peer had sent it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import BetterSqlite3 from 'better-sqlite3';
import path from 'node:path';
import { createEngine } from '../../src-main/engine/engine.ts';
import { FakeClock } from '../../src-main/clock.ts';
import { silentLogger } from '../../src-main/log.ts';
import { DB_FILE } from '../../src-main/store/database.ts';
import type { EngineChange } from '../../src-main/engine/types.ts';
import { encodeHlc } from '../../src-shared/domain/hlc.ts';
import { downgradeSchema, leaveUnappliedPeerOp } from '../support/old-schema.ts';
import { tempDir } from '../support/temp-dir.ts';

const T0 = Date.parse('2026-08-22T10:00:00Z');
const open = (dir: string, clock = new FakeClock(T0)) => createEngine({ dataDir: dir, clock, log: silentLogger });

test('a change is recorded on its service and listed; it opens no incident, and what the engine announces is no incident op', async (t) => {
  const engine = open(tempDir(t));
  t.after(() => engine.close());
  const svc = await engine.createService({ name: 'Billing' });
  const announced: EngineChange[] = [];
  engine.onChange((c) => announced.push(c));
  const change = await engine.recordChange({ routingKey: svc.routingKey, summary: 'Deployed v4.2', source: 'argo', timestamp: '2026-08-22T09:50:00', links: [{ href: 'https://ci.example.com/1' }] });
  assert.equal(change.serviceName, 'Billing');
  assert.equal(change.timestamp, '2026-08-22T09:50:00', 'as sent');
  assert.equal(change.happenedAt, '2026-08-22T09:50:00.000Z', 'no zone: read as UTC');
  assert.deepEqual(change.links, [{ href: 'https://ci.example.com/1' }]);
  assert.deepEqual(engine.listChanges({ limit: 10 }).map((c) => c.id), [change.id]);
  assert.equal(engine.listIncidents({ limit: 10 }).total, 0);
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(announced.flatMap((c) => c.ops.map((o) => o.type)), ['change.recorded']);
  assert.equal(announced[0]?.changes, true);
  assert.deepEqual(announced[0]?.incidentIds, []);
  await assert.rejects(engine.recordChange({ routingKey: 'nope', summary: 'x' }), /Routing key not found/);
});

test('a teammate\'s change arrives through sync and is listed; one whose details nest too deep is kept aside, not folded', async (t) => {
  const engine = open(tempDir(t));
  t.after(() => engine.close());
  const svc = await engine.createService({ name: 'API' });
  const op = (seq: number, entity: string, customDetails: unknown) => ({
    id: `peer7:${seq}`, hlc: encodeHlc({ wall: T0 - 60_000 + seq, counter: 0 }), type: 'change.recorded', entity,
    data: { serviceId: svc.id, summary: `from a peer ${seq}`, source: null, timestamp: null, happenedAt: '2026-08-22T09:59:00.000Z', customDetails, extra: null, by: 'integration:x' },
  });
  let deep: unknown = 'bottom';
  for (let i = 0; i < 35; i++) deep = { d: deep };
  const result = await engine.applyRemoteOps([op(1, 'chg_peer0000000000001', { ok: true }), op(2, 'chg_peer0000000000002', deep)]);
  assert.deepEqual(result, { applied: 1, quarantined: 1, skipped: 0 });
  assert.deepEqual(engine.listChanges({ serviceId: svc.id, limit: 10 }).map((c) => c.summary), ['from a peer 1']);
});

test('a data dir from schema 6 gains the changes table at start, and applies the change a newer peer had sent it', async (t) => {
  const dir = tempDir(t);
  const first = open(dir);
  const svc = await first.createService({ name: 'Web' });
  await first.close();
  const db = new BetterSqlite3(path.join(dir, DB_FILE));
  downgradeSchema(db, 6);
  db.close();
  leaveUnappliedPeerOp(dir, {
    type: 'change.recorded', entity: 'chg_old00000000000000',
    data: { serviceId: svc.id, summary: 'Deployed while this laptop was on the old version', source: 'ci', timestamp: null, happenedAt: '2026-03-01T08:55:00.000Z', customDetails: null, extra: null, by: 'integration:x' },
  });
  const upgraded = open(dir);
  t.after(() => upgraded.close());
  assert.deepEqual(upgraded.listChanges({ limit: 10 }).map((c) => c.summary), ['Deployed while this laptop was on the old version']);
});
