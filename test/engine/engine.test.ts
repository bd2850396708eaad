// The engine against real SQLite files: dedup, lifecycle, group commit, restart, schema guard, replication.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import BetterSqlite3 from 'better-sqlite3';
import { downgradeSchema, leaveUnappliedPeerOp } from '../support/old-schema.ts';
import path from 'node:path';
import { createEngine } from '../../src-main/engine/engine.ts';
import { FakeClock, systemClock, type Clock } from '../../src-main/clock.ts';
import { silentLogger } from '../../src-main/log.ts';
import { DB_FILE } from '../../src-main/store/database.ts';
import type { EventCommand } from '../../src-shared/schemas/events.ts';
import type { EngineChange } from '../../src-main/engine/types.ts';
import { foldIncident } from '../../src-shared/domain/incident-fold.ts';
import { encodeHlc } from '../../src-shared/domain/hlc.ts';
import { tempDir } from '../support/temp-dir.ts';

const open = (dataDir: string, clock: Clock = systemClock) => createEngine({ dataDir, clock, log: silentLogger });

async function withService(t: { after(fn: () => unknown): void }, clock?: Clock) {
  const dir = tempDir(t);
  const engine = open(dir, clock);
  t.after(() => engine.close());
  const svc = await engine.createService({ name: 'API Gateway' });
  const trigger = (dedupKey: string, extra: Partial<EventCommand> = {}) => engine.ingestEvent({
    action: 'trigger', routingKey: svc.routingKey, dedupKey, summary: `Alert ${dedupKey}`, source: 'prometheus',
    severity: 'critical', receivedVia: 'events-api', ...extra,
  });
  const act = (action: 'acknowledge' | 'resolve', dedupKey: string) => engine.ingestEvent({ action, routingKey: svc.routingKey, dedupKey, receivedVia: 'events-api' });
  return { dir, engine, svc, trigger, act };
}

test('a repeated trigger with the same dedup key is appended to the open incident, not a new one', async (t) => {
  const { engine, trigger } = await withService(t);
  const first = await trigger('cpu-high');
  const second = await trigger('cpu-high');
  assert.equal(first.outcome, 'created');
  assert.equal(second.outcome, 'deduplicated');
  assert.equal(second.incidentId, first.incidentId);
  const inc = engine.getIncident(first.incidentId!);
  assert.equal(inc.alertCount, 2);
  assert.deepEqual(inc.timeline.map((e) => e.kind), ['triggered', 'alert']);
  assert.equal(engine.listIncidents({ limit: 50 }).total, 1);
});

test('after resolve, the same dedup key opens a new incident', async (t) => {
  const { engine, trigger, act } = await withService(t);
  const first = await trigger('disk');
  assert.equal((await act('resolve', 'disk')).outcome, 'resolved');
  const again = await trigger('disk');
  assert.equal(again.outcome, 'created');
  assert.notEqual(again.incidentId, first.incidentId);
  assert.equal(engine.getIncident(first.incidentId!).status, 'resolved');
  assert.equal(engine.getIncident(again.incidentId!).status, 'triggered');
});

test('acknowledge or resolve of an unknown key succeeds and changes nothing, saying so', async (t) => {
  const { engine, act } = await withService(t);
  const r = await act('acknowledge', 'never-seen');
  assert.equal(r.outcome, 'unchanged');
  assert.equal(r.incidentId, null);
  assert.match(r.message, /no open incident/);
  assert.equal((await act('resolve', 'never-seen')).outcome, 'unchanged');
  assert.equal(engine.listIncidents({ limit: 50 }).total, 0);
});

test('one refused command in a batch does not undo the others committed with it', async (t) => {
  const { engine, trigger } = await withService(t);
  const results = await Promise.allSettled([
    trigger('a'),
    engine.ingestEvent({ action: 'trigger', routingKey: 'no-such-key', dedupKey: 'b', summary: 's', source: 's', severity: 'info', receivedVia: 'enqueue' }),
    trigger('c'),
  ]);
  assert.deepEqual(results.map((r) => r.status), ['fulfilled', 'rejected', 'fulfilled']);
  assert.match(String((results[1] as PromiseRejectedResult).reason), /Routing key not found/);
  assert.equal(engine.listIncidents({ limit: 50 }).total, 2);
  // The op log stays gapless for this device, so sync can name exactly what it holds.
  assert.equal(engine.versionVector()[engine.deviceId], 3); // service.created + two incident.triggered
});

test('everything is there after a restart on the same data dir, and the device keeps its identity', async (t) => {
  const dir = tempDir(t);
  const a = open(dir);
  const svc = await a.createService({ name: 'Web' });
  const key = await a.createKey({ name: 'ci', scopes: ['events:write'] });
  const ev = await a.ingestEvent({ action: 'trigger', routingKey: svc.routingKey, dedupKey: 'x', summary: 'down', source: 's', severity: 'error', receivedVia: 'enqueue' });
  const deviceId = a.deviceId;
  await a.close();

  const b = open(dir);
  t.after(() => b.close());
  assert.equal(b.deviceId, deviceId);
  assert.equal(b.getIncident(ev.incidentId!).title, 'down');
  assert.equal(b.serviceByRoutingKey(svc.routingKey)?.name, 'Web');
  assert.equal(b.authenticate(key.key)?.key.id, key.id);
  await b.addNote(ev.incidentId!, { text: 'after restart' }, 'user:me');
  assert.equal(b.versionVector()[deviceId], 4);
});

test('a data dir from the first schema is brought up to date at start, its incidents kept', async (t) => {
  const { dir, engine, trigger } = await withService(t);
  await trigger('kept');
  await engine.close();
  // What a data dir written before maintenance windows (and the tables after them) existed looks like.
  const db = new BetterSqlite3(path.join(dir, DB_FILE));
  downgradeSchema(db, 1);
  db.close();
  const upgraded = open(dir);
  t.after(() => upgraded.close());
  assert.equal(upgraded.listIncidents({ limit: 50 }).incidents[0]?.dedupKey, 'kept');
  const w = await upgraded.scheduleMaintenance({ title: 'After the upgrade', scheduledStart: '2030-01-01T00:00:00Z', scheduledEnd: '2030-01-01T01:00:00Z' }, 'user:me');
  assert.equal(upgraded.getMaintenance(w.id).title, 'After the upgrade');
  const check = new BetterSqlite3(path.join(dir, DB_FILE), { readonly: true });
  assert.ok((check.pragma('user_version', { simple: true }) as number) >= 2);
  check.close();
});

test('a data dir written by a newer Klaxon is refused with a clear error and left untouched', async (t) => {
  const dir = tempDir(t);
  await open(dir).close();
  const db = new BetterSqlite3(path.join(dir, DB_FILE));
  db.pragma('user_version = 99');
  db.close();
  assert.throws(() => open(dir), /newer Klaxon \(schema 99/);
  const check = new BetterSqlite3(path.join(dir, DB_FILE));
  assert.equal(check.pragma('user_version', { simple: true }), 99);
  check.close();
});

test('a snooze ends by the clock alone: no timer writes anything', async (t) => {
  const clock = new FakeClock(Date.parse('2026-03-01T10:00:00Z'));
  const { engine, trigger } = await withService(t, clock);
  const { incidentId } = await trigger('mem');
  await engine.snooze([incidentId!], 15, 'user:me');
  const opsAfterSnooze = engine.versionVector()[engine.deviceId];
  assert.equal(engine.getIncident(incidentId!).status, 'snoozed');
  assert.equal(engine.listIncidents({ limit: 50, status: 'triggered' }).total, 0);
  clock.advance(15 * 60_000);
  assert.equal(engine.getIncident(incidentId!).status, 'triggered');
  assert.equal(engine.listIncidents({ limit: 50, status: 'triggered' }).total, 1);
  assert.equal(engine.versionVector()[engine.deviceId], opsAfterSnooze);
});

test('revoked and wrong keys do not authenticate; a good key records when it was last used', async (t) => {
  const { engine } = await withService(t);
  const k = await engine.createKey({ name: 'grafana', scopes: ['events:write'] });
  assert.equal(engine.authenticate(`${k.key}x`), null);
  assert.equal(engine.authenticate('Bearer nonsense'), null);
  assert.ok(engine.authenticate(k.key));
  assert.ok(engine.listKeys().find((x) => x.id === k.id)?.lastUsedAt);
  await engine.revokeKey(k.id);
  assert.equal(engine.authenticate(k.key), null);
});

test('the change feed speaks only after commit: another connection already sees the data', async (t) => {
  const { dir, engine, trigger } = await withService(t);
  const seen = new Promise<number>((resolve) => engine.onChange((c) => {
    if (c.incidentIds.length === 0) return;
    const other = new BetterSqlite3(path.join(dir, DB_FILE), { readonly: true });
    const n = (other.prepare('SELECT COUNT(*) AS n FROM incidents').get() as { n: number }).n;
    other.close();
    resolve(n);
  }));
  await trigger('z');
  assert.equal(await seen, 1);
});

test('a peer that receives the ops in reverse order ends with the same incident', async (t) => {
  const { engine: a, trigger, act } = await withService(t);
  const { incidentId } = await trigger('replicated');
  await trigger('replicated');
  await a.updateIncident(incidentId!, { urgency: 'LOW', assigneeId: 'user_123' }, 'user:alice');
  await a.addNote(incidentId!, { text: 'looking' }, 'user:alice');
  await act('acknowledge', 'replicated');
  await a.postStatusUpdate(incidentId!, { status: 'identified', message: 'Root cause identified.' }, 'user:alice');

  const b = open(tempDir(t));
  t.after(() => b.close());
  const ops = a.opsSince(a.deviceId, 0, 1000);
  await b.applyRemoteOps([...ops].reverse());
  await b.applyRemoteOps(ops.slice(0, 3)); // duplicates are harmless
  assert.deepEqual(b.getIncident(incidentId!), a.getIncident(incidentId!));
  assert.deepEqual(b.versionVector(), { [a.deviceId]: ops.length });
});

test('the version vector stops at the first gap in a device\'s ops', async (t) => {
  const { engine: a, trigger } = await withService(t);
  await trigger('1'); await trigger('2'); await trigger('3');
  const ops = a.opsSince(a.deviceId, 0, 100); // seq 1..4
  const b = open(tempDir(t));
  t.after(() => b.close());
  await b.applyRemoteOps([ops[0]!, ops[1]!, ops[3]!]);
  assert.deepEqual(b.versionVector(), { [a.deviceId]: 2 });
  await b.applyRemoteOps([ops[2]!]);
  assert.deepEqual(b.versionVector(), { [a.deviceId]: 4 });
});

test('a command refused after it had written ops leaves none of them, and its batch-mates still commit', async (t) => {
  const { engine, trigger, act } = await withService(t);
  const { incidentId } = await trigger('half');
  await act('resolve', 'half');
  const before = engine.versionVector()[engine.deviceId]!;
  // In one batch: a valid trigger, a PATCH that would change urgency and then make an illegal move, another trigger.
  const results = await Promise.allSettled([
    trigger('mate-1'),
    engine.updateIncident(incidentId!, { urgency: 'LOW', status: 'acknowledged' }, 'user:me'),
    trigger('mate-2'),
  ]);
  assert.deepEqual(results.map((r) => r.status), ['fulfilled', 'rejected', 'fulfilled']);
  assert.match(String((results[1] as PromiseRejectedResult).reason), /re-open it first/);
  assert.equal(engine.getIncident(incidentId!).urgency, 'HIGH', 'the urgency change was undone with its command');
  assert.equal(engine.versionVector()[engine.deviceId], before + 2, 'exactly the two triggers were written, gapless');
});

test('a hand-made incident may not open a second incident for a dedup key that is already open', async (t) => {
  const { engine, svc, trigger, act } = await withService(t);
  const { incidentId } = await trigger('db-failover');
  await assert.rejects(
    engine.createIncident({ title: 'DB failover (by hand)', serviceId: svc.id, dedupKey: 'db-failover' }, 'user:me'),
    (e: Error & { code?: string }) => e.code === 'CONFLICT' && e.message.includes(incidentId!),
  );
  assert.equal(engine.listIncidents({ limit: 50 }).total, 1);
  await act('resolve', 'db-failover');
  const byHand = await engine.createIncident({ title: 'DB failover again', serviceId: svc.id, dedupKey: 'db-failover' }, 'user:me');
  assert.equal((await trigger('db-failover')).incidentId, byHand.id, 'the monitor now dedups into the hand-made one');
});

test('search finds incidents by title, dedup key, source, service name or exact id, like the window does', async (t) => {
  const { engine, trigger } = await withService(t); // service "API Gateway"
  const { incidentId } = await trigger('disk-full', { summary: 'Disk full on db-1', source: 'node-exporter' });
  const other = await engine.createService({ name: 'Payments' });
  await engine.ingestEvent({ action: 'trigger', routingKey: other.routingKey, dedupKey: 'stripe', summary: 'Stripe webhooks failing', source: 'stripe', severity: 'error', receivedVia: 'enqueue' });
  const found = (q: string) => engine.listIncidents({ limit: 50, q }).incidents.map((i) => i.title);
  assert.deepEqual(found('DISK FULL'), ['Disk full on db-1']);
  assert.deepEqual(found('disk-full'), ['Disk full on db-1']);
  assert.deepEqual(found('node-exp'), ['Disk full on db-1']);
  assert.deepEqual(found('payments'), ['Stripe webhooks failing']);
  assert.deepEqual(found(incidentId!), ['Disk full on db-1']);
  assert.deepEqual(found('50%_off'), []);
});

test('ops written by another process on the same data dir (a CLI command while serving) keep the log gapless', async (t) => {
  const { dir, engine, trigger } = await withService(t);
  await trigger('before');
  // A second engine on the same file stands for `klaxon services create` run while the host serves.
  const other = open(dir);
  await other.createService({ name: 'Created by the CLI' });
  await other.close();
  await trigger('after');
  assert.equal(engine.listServices().length, 2);
  // service, trigger, the CLI's service, trigger: one device, seq 1..4 with no gap and no clash.
  assert.equal(engine.versionVector()[engine.deviceId], 4);
  assert.equal(engine.listIncidents({ limit: 50 }).total, 2);
});

test('after repeats, acks and re-triggers, each incident row is exactly the fold of its ops', async (t) => {
  const clock = new FakeClock(Date.parse('2026-02-01T08:00:00Z'));
  const { engine, trigger, act } = await withService(t, clock);
  for (let i = 0; i < 12; i++) {
    clock.advance(1_500);
    await trigger(`k${i % 3}`, { summary: `repeat ${i}`, customDetails: { round: i } });
    if (i === 4) await act('acknowledge', 'k1');
    if (i === 7) await act('resolve', 'k2');
  }
  const ops = engine.opsSince(engine.deviceId, 0, 1000);
  const open = engine.openIncidentStates();
  assert.deepEqual(open.map((s) => s.dedupKey).sort(), ['k0', 'k1', 'k2'], 'k2 was resolved, then opened again');
  for (const s of open) {
    const folded = foldIncident(ops.filter((o) => o.entity === s.id)).state;
    assert.deepEqual(s, folded, `row of ${s.dedupKey} equals its fold`);
  }
  assert.equal(engine.openIncidentStates().find((s) => s.dedupKey === 'k0')?.alertCount, 4);
  assert.equal(engine.openIncidentStates().find((s) => s.dedupKey === 'k0')?.lastEventAt, new Date(clock.now() - 2 * 1_500).toISOString());
});

test("one of this device's own ops coming back from a peer does not make the next local op collide with it", async (t) => {
  const { engine, trigger } = await withService(t);
  await trigger('first');
  const held = engine.versionVector()[engine.deviceId]!;
  // As if a peer handed back an op this device wrote before a restore from backup.
  const echoed = {
    id: `${engine.deviceId}:${held + 1}`, hlc: encodeHlc({ wall: Date.now(), counter: 0 }), type: 'incident.triggered', entity: 'inc_echoed0000000000',
    data: {
      serviceId: engine.listServices()[0]!.id, dedupKey: 'echoed', title: 'From before the restore', description: null, severity: 'error',
      urgency: 'HIGH', priority: null, impact: null, source: null, customDetails: null, extra: null, autoCreated: true, suppressed: false, by: 'system',
    },
  };
  assert.deepEqual(await engine.applyRemoteOps([echoed]), { applied: 1, quarantined: 0, skipped: 0 });
  const next = await trigger('after-echo');
  assert.equal(next.outcome, 'created');
  assert.equal(engine.getIncident(next.incidentId!).dedupKey, 'after-echo', 'the answered incident really exists');
  assert.equal(engine.listIncidents({ limit: 50 }).total, 3);
  assert.equal(engine.versionVector()[engine.deviceId], held + 2);
});

test("a peer's maintenance window applied in the same batch as a trigger already silences it", async (t) => {
  const clock = new FakeClock(Date.parse('2026-03-01T10:00:00Z'));
  const { engine, svc, trigger } = await withService(t, clock);
  const window = {
    id: 'peer1:1', hlc: encodeHlc({ wall: Date.parse('2026-03-01T09:30:00Z'), counter: 0 }), type: 'maintenance.scheduled', entity: 'mnt_frompeer00000000',
    data: { title: 'Peer window', message: null, impact: 'minor', startsAt: '2026-03-01T09:00:00.000Z', endsAt: '2026-03-01T12:00:00.000Z', serviceIds: [svc.id], by: 'user:peer' },
  };
  await trigger('before-the-peer-window'); // the engine now holds "no windows" in memory
  const [, r] = await Promise.all([engine.applyRemoteOps([window]), trigger('during-peer-window')]);
  assert.equal(engine.getIncident(r.incidentId!).status, 'suppressed');
});

test('ops of a kind an older version stored without applying them are applied when this version starts', async (t) => {
  const dir = tempDir(t);
  await open(dir).close();
  // What an older Klaxon leaves behind: a peer's maintenance window in the log, unknown to it and so unapplied.
  leaveUnappliedPeerOp(dir, {
    type: 'maintenance.scheduled', entity: 'mnt_old0000000000000',
    data: { title: 'From a newer peer', message: null, impact: 'none', startsAt: '2030-01-01T00:00:00.000Z', endsAt: '2030-01-01T01:00:00.000Z', serviceIds: [], by: 'user:peer' },
  });
  const engine = open(dir);
  t.after(() => engine.close());
  assert.equal(engine.getMaintenance('mnt_old0000000000000').title, 'From a newer peer');
});

test('a service or maintenance window written by another process (the CLI while serving) is announced to listeners', async (t) => {
  const dir = tempDir(t);
  const serving = createEngine({ dataDir: dir, clock: systemClock, log: silentLogger, otherWritersPollMs: 20 });
  t.after(() => serving.close());
  await serving.createService({ name: 'First' });
  const announced = new Promise<EngineChange>((resolve) => serving.onChange((c) => { if (c.fromOtherProcess) resolve(c); }));
  const cli = open(dir);
  await cli.createService({ name: 'Made by the CLI' });
  await cli.close();
  const change = await announced;
  assert.equal(change.services, true);
  assert.deepEqual(change.ops.map((o) => o.type), ['service.created'], 'the ops it wrote, for the pager and the window');
  assert.deepEqual(serving.listServices().map((s) => s.name).sort(), ['First', 'Made by the CLI']);
  assert.equal(serving.versionVector()[serving.deviceId], 2, 'and offered to peers, flushed by the CLI before it exited');
  // Its own writes are not mistaken for another process's.
  let spurious = 0;
  serving.onChange((c) => { if (c.fromOtherProcess) spurious++; });
  await serving.createService({ name: 'Mine' });
  await new Promise((r) => setTimeout(r, 100));
  assert.equal(spurious, 0);
});
