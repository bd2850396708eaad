// Maintenance windows in the engine, on a real SQLite file and a fake clock: while a window is in progress, new
// incidents of the services it names are recorded as suppressed (never paged); before, after, for other services,
// or once cancelled, triggers open incidents as usual. Nothing is written when a window starts or ends.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createEngine } from '../../src-main/engine/engine.ts';
import { FakeClock } from '../../src-main/clock.ts';
import { silentLogger } from '../../src-main/log.ts';
import { KlaxonError } from '../../src-shared/schemas/errors.ts';
import { CreateMaintenance } from '../../src-shared/schemas/maintenance.ts';
import { effectiveStatus } from '../../src-shared/domain/lifecycle.ts';
import { tempDir } from '../support/temp-dir.ts';

const MIN = 60_000;
const T0 = Date.parse('2026-03-01T10:00:00Z');

async function setup(t: { after(fn: () => unknown): void }) {
  const clock = new FakeClock(T0);
  const dir = tempDir(t);
  const engine = createEngine({ dataDir: dir, clock, log: silentLogger });
  t.after(() => engine.close());
  const db = await engine.createService({ name: 'Database' });
  const web = await engine.createService({ name: 'Web' });
  const trigger = (svc: { routingKey: string }, dedupKey: string) => engine.ingestEvent({
    action: 'trigger', routingKey: svc.routingKey, dedupKey, summary: `Alert ${dedupKey}`, source: 'prometheus', severity: 'critical', receivedVia: 'enqueue',
  });
  const statusOf = async (p: Promise<{ incidentId: string | null }>) => engine.getIncident((await p).incidentId!).status;
  const schedule = (startMin: number, endMin: number, serviceIds: string[]) => engine.scheduleMaintenance(CreateMaintenance.parse({
    title: 'Database Maintenance', scheduledStart: new Date(T0 + startMin * MIN).toISOString(),
    scheduledEnd: new Date(T0 + endMin * MIN).toISOString(), impact: 'minor', message: 'Expect brief interruptions.', serviceIds,
  }), 'key:test');
  return { clock, dir, engine, db, web, trigger, statusOf, schedule };
}

test('during a window, new incidents of its services are suppressed and say why; before and after they page', async (t) => {
  const { clock, engine, db, web, trigger, statusOf, schedule } = await setup(t);
  const w = await schedule(10, 70, [db.id]);
  assert.equal(w.status, 'scheduled');
  assert.deepEqual(w.services, [{ id: db.id, name: 'Database' }]);

  assert.equal(await statusOf(trigger(db, 'before')), 'triggered');
  clock.advance(15 * MIN);
  assert.equal(engine.getMaintenance(w.id).status, 'in_progress');
  const during = await trigger(db, 'during');
  assert.equal(engine.getIncident(during.incidentId!).status, 'suppressed');
  const timeline = engine.getIncident(during.incidentId!).timeline;
  assert.match(timeline[0]!.message, /Suppressed \(During maintenance window "Database Maintenance"/);
  assert.equal(await statusOf(trigger(web, 'other-service')), 'triggered', 'a service the window does not name still pages');
  // A repeat of an incident opened before the window is still counted on it (dedup is not maintenance's business).
  assert.equal((await trigger(db, 'before')).outcome, 'deduplicated');

  clock.advance(60 * MIN);
  assert.equal(engine.getMaintenance(w.id).status, 'completed');
  assert.equal(await statusOf(trigger(db, 'after')), 'triggered');
  assert.deepEqual(engine.listMaintenance({}), [], 'the default list is what is on or coming');
  assert.deepEqual(engine.listMaintenance({ status: ['completed'] }).map((m) => m.id), [w.id]);
});

test('an alert that began during maintenance and still fires after it is triggered (and pages) when the window ends', async (t) => {
  const { clock, engine, db, trigger, schedule } = await setup(t);
  await schedule(0, 60, [db.id]);
  const during = await trigger(db, 'db-down');
  assert.equal(engine.getIncident(during.incidentId!).status, 'suppressed');
  assert.equal(engine.getIncident(during.incidentId!).snoozedUntil, new Date(T0 + 60 * MIN).toISOString(), 'quiet until the planned end');
  assert.deepEqual(engine.listIncidents({ limit: 50, status: 'triggered' }).incidents, []);

  clock.advance(61 * MIN);
  assert.equal(engine.getIncident(during.incidentId!).status, 'triggered', 'nothing written: the end of the window did it');
  assert.deepEqual(engine.listIncidents({ limit: 50, status: 'triggered' }).incidents.map((i) => i.id), [during.incidentId]);
  const pageable = engine.openIncidentStates().find((s) => s.id === during.incidentId)!;
  assert.equal(effectiveStatus(pageable, clock.now()), 'triggered', 'what the pager derives its pages from');
  // Alertmanager's next repeat lands on the same incident, which is now an ordinary triggered one.
  const repeat = await trigger(db, 'db-down');
  assert.equal(repeat.outcome, 'deduplicated');
  assert.equal(engine.getIncident(during.incidentId!).status, 'triggered');
});

test('cancelling a window in progress ends it at once, and what it kept quiet pages now; a window over already cannot be cancelled', async (t) => {
  const { clock, engine, db, trigger, statusOf, schedule } = await setup(t);
  const w = await schedule(0, 60, [db.id]);
  const quiet = await trigger(db, 'a');
  assert.equal(engine.getIncident(quiet.incidentId!).status, 'suppressed');
  const cancelled = await engine.cancelMaintenance(w.id, 'user:alex');
  assert.equal(cancelled.status, 'cancelled');
  assert.equal(cancelled.cancelledBy, 'user:alex');
  assert.equal(engine.getIncident(quiet.incidentId!).status, 'triggered', 'released at once, not at the planned end');
  assert.match(engine.getIncident(quiet.incidentId!).timeline.at(-1)!.message, /ended early/);
  assert.equal(await statusOf(trigger(db, 'b')), 'triggered');

  const old = await schedule(1, 2, [db.id]);
  clock.advance(5 * MIN);
  await assert.rejects(engine.cancelMaintenance(old.id, 'user:alex'), (e: unknown) => e instanceof KlaxonError && e.code === 'CONFLICT');
  await assert.rejects(engine.cancelMaintenance('mnt_nope', 'user:alex'), (e: unknown) => e instanceof KlaxonError && e.code === 'NOT_FOUND');
});

test('a window that names no service is an announcement only; one that names an unknown service is refused', async (t) => {
  const { engine, db, trigger, statusOf, schedule } = await setup(t);
  const announcement = await schedule(0, 60, []);
  assert.equal(announcement.status, 'in_progress');
  assert.equal(await statusOf(trigger(db, 'x')), 'triggered');
  await assert.rejects(schedule(0, 60, [db.id, 'svc_missing']),
    (e: unknown) => e instanceof KlaxonError && e.code === 'INVALID_SERVICE' && e.field === 'serviceIds.1');
  assert.equal(engine.listMaintenance({}).length, 1);
});

test('windows survive a restart, and their times are kept in one spelling whatever offset they were given in', async (t) => {
  const { clock, dir, engine, db } = await setup(t);
  const w = await engine.scheduleMaintenance(CreateMaintenance.parse({
    title: 'Failover test', scheduledStart: '2026-03-01T12:00:00+02:00', scheduledEnd: '2026-03-01T13:00:00+02:00', serviceIds: [db.id],
  }), 'key:test');
  assert.equal(w.scheduledStart, '2026-03-01T10:00:00.000Z');
  assert.equal(w.impact, 'none', "seed 002's default impact for planned maintenance");
  await engine.close();
  const again = createEngine({ dataDir: dir, clock, log: silentLogger });
  t.after(() => again.close());
  assert.equal(again.getMaintenance(w.id).status, 'in_progress');
  const r = await again.ingestEvent({ action: 'trigger', routingKey: db.routingKey, dedupKey: 'y', summary: 's', source: 's', severity: 'critical', receivedVia: 'enqueue' });
  assert.equal(again.getIncident(r.incidentId!).status, 'suppressed');
});

test("a suppression rule's incident stays suppressed after a window ends; a back-to-back follow-up window keeps the quiet going", async (t) => {
  const { clock, engine, db, trigger, schedule } = await setup(t);
  await engine.updateService(db.id, { suppressionRules: [{ field: 'summary', contains: 'noisy' }] });
  await schedule(0, 60, [db.id]);
  await schedule(60, 120, [db.id]); // the follow-up, scheduled before the first ends
  const noisy = await trigger(db, 'noisy');
  const real = await trigger(db, 'db-down');
  assert.equal(engine.getIncident(real.incidentId!).snoozedUntil, new Date(T0 + 120 * MIN).toISOString(), 'quiet through both windows');
  clock.advance(61 * MIN);
  assert.equal(engine.getIncident(real.incidentId!).status, 'suppressed', 'still in maintenance: the follow-up is on');
  clock.advance(60 * MIN);
  assert.equal(engine.getIncident(real.incidentId!).status, 'triggered');
  assert.equal(engine.getIncident(noisy.incidentId!).status, 'suppressed', 'a rule silences for good');
});

test('a window cancelled from another process (the CLI) releases what it kept quiet in the serving engine, which tells the pager', async (t) => {
  const clock = new FakeClock(T0);
  const dir = tempDir(t);
  const serving = createEngine({ dataDir: dir, clock, log: silentLogger, otherWritersPollMs: 20 });
  t.after(() => serving.close());
  const db = await serving.createService({ name: 'Database' });
  const w = await serving.scheduleMaintenance(CreateMaintenance.parse({
    title: 'Upgrade', scheduledStart: new Date(T0).toISOString(), scheduledEnd: new Date(T0 + 60 * MIN).toISOString(), serviceIds: [db.id],
  }), 'key:test');
  const quiet = await serving.ingestEvent({ action: 'trigger', routingKey: db.routingKey, dedupKey: 'db-down', summary: 'DB down', source: 's', severity: 'critical', receivedVia: 'enqueue' });
  assert.equal(serving.getIncident(quiet.incidentId!).status, 'suppressed');

  const told = new Promise<string[]>((resolve) => serving.onChange((c) => { if (c.fromOtherProcess) resolve(c.incidentIds); }));
  const cli = createEngine({ dataDir: dir, clock, log: silentLogger });
  await cli.cancelMaintenance(w.id, 'system');
  await cli.close();
  assert.deepEqual(await told, [quiet.incidentId], 'the change names the incident, as a local one would');
  assert.equal(serving.openIncidentStates().find((s) => s.id === quiet.incidentId)?.status, 'triggered');
});