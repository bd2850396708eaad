// Schedules and policies in the store: what another process writes on the same data dir (the CLI while serving) is
// seen by the host at once, and a schedule a newer peer wrote before this version knew schedules is applied when it
// starts. Both are about the held copy in memory and the projection agreeing with the op log.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createEngine } from '../../src-main/engine/engine.ts';
import { systemClock } from '../../src-main/clock.ts';
import { silentLogger } from '../../src-main/log.ts';
import type { EngineChange } from '../../src-main/engine/types.ts';
import { CreateSchedule } from '../../src-shared/schemas/oncall.ts';
import { tempDir } from '../support/temp-dir.ts';
import { leaveUnappliedPeerOp } from '../support/old-schema.ts';

test('a schedule written by another process on the data dir is announced and listed by the host at once', async (t) => {
  const dir = tempDir(t);
  const serving = createEngine({ dataDir: dir, clock: systemClock, log: silentLogger, otherWritersPollMs: 20 });
  t.after(() => serving.close());
  const alice = await serving.createUser('Alice');
  assert.deepEqual(serving.listSchedules(), [], 'nothing held yet (and the empty list is now in memory)');
  const announced = new Promise<EngineChange>((resolve) => serving.onChange((c) => { if (c.fromOtherProcess) resolve(c); }));
  const cli = createEngine({ dataDir: dir, clock: systemClock, log: silentLogger });
  await cli.createSchedule(CreateSchedule.parse({ name: 'From the CLI', timeZone: 'UTC', layers: [{ start: '2026-03-06T09:00', rotation: 'weekly', userIds: [alice] }] }), 'system');
  await cli.close();
  assert.equal((await announced).oncall, true);
  assert.deepEqual(serving.listSchedules().map((s) => s.name), ['From the CLI']);
});

test('a schedule a newer peer wrote, kept unapplied by an older version, is applied when this version starts', async (t) => {
  const dir = tempDir(t);
  await createEngine({ dataDir: dir, clock: systemClock, log: silentLogger }).close();
  leaveUnappliedPeerOp(dir, {
    type: 'schedule.created', entity: 'sch_old0000000000000',
    data: { name: 'From a newer peer', description: null, timeZone: 'Europe/Berlin', layers: [{ start: '2026-03-01T09:00', rotation: 'daily', userIds: ['usr_x'] }], by: 'user:peer' },
  });
  const engine = createEngine({ dataDir: dir, clock: systemClock, log: silentLogger });
  t.after(() => engine.close());
  const s = engine.getSchedule('sch_old0000000000000');
  assert.equal(s.name, 'From a newer peer');
  assert.deepEqual(s.layers[0]!.restrictions, [], 'read through the current schema, defaults and all');
});
