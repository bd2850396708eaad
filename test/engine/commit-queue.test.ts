// Group commit with the flush to disk off the main thread: no caller hears back before its batch is on disk, the next
// batch waits for that flush (and takes everything that queued meanwhile), and a flush the disk refuses is a retry.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import BetterSqlite3 from 'better-sqlite3';
import path from 'node:path';
import { writeFileSync } from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import { createEngine } from '../../src-main/engine/engine.ts';
import { systemClock } from '../../src-main/clock.ts';
import { silentLogger } from '../../src-main/log.ts';
import { CommitQueue } from '../../src-main/engine/commit-queue.ts';
import { WalSync } from '../../src-main/store/wal-sync.ts';
import { KlaxonError } from '../../src-shared/schemas/errors.ts';
import { tempDir } from '../support/temp-dir.ts';

/** A disk flush the test completes by hand. */
function manualFlush() {
  const pending: { resolve: () => void; reject: (e: Error) => void }[] = [];
  return {
    durable: () => new Promise<void>((resolve, reject) => { pending.push({ resolve, reject }); }),
    get waiting() { return pending.length; },
    complete: () => pending.shift()!.resolve(),
    fail: (e: Error) => pending.shift()!.reject(e),
  };
}

function setup(t: { after(fn: () => void): void }) {
  const db = new BetterSqlite3(path.join(tempDir(t), 'q.db'));
  t.after(() => db.close());
  db.pragma('journal_mode = WAL');
  db.exec('CREATE TABLE facts (v TEXT NOT NULL)');
  const flush = manualFlush();
  let batches = 0;
  const announced: number[] = [];
  const broken: string[] = [];
  const queue = new CommitQueue(db, {
    beginBatch: () => { batches++; },
    beforeCommand: () => () => {},
    opsWritten: () => 0,
    afterBatch: (committed) => { const b = batches; return () => { if (committed) announced.push(b); }; },
    onBroken: (e) => { broken.push(e.message); },
  }, flush.durable);
  const insert = (v: string) => queue.submit(() => db.prepare('INSERT INTO facts (v) VALUES (?)').run(v).changes);
  const rows = () => (db.prepare('SELECT v FROM facts ORDER BY rowid').all() as { v: string }[]).map((r) => r.v);
  return { queue, flush, insert, rows, batches: () => batches, announced, broken };
}

const turn = () => new Promise((r) => setImmediate(r));

/** Settles to 'pending' if the promise has not settled by the next turn of the event loop. */
const state = async (p: Promise<unknown>) => Promise.race([p.then(() => 'fulfilled', () => 'rejected'), turn().then(() => 'pending')]);

test('a caller hears back only once its batch is flushed to disk, and the change is announced only then', async (t) => {
  const { flush, insert, rows, announced } = setup(t);
  const a = insert('a');
  const b = insert('b');
  await turn();
  assert.deepEqual(rows(), ['a', 'b'], 'committed in one transaction');
  assert.equal(flush.waiting, 1);
  assert.equal(await state(a), 'pending');
  assert.equal(await state(b), 'pending');
  assert.deepEqual(announced, []);
  flush.complete();
  assert.deepEqual(await Promise.all([a, b]), [1, 1]);
  assert.deepEqual(announced, [1]);
});

test('while a batch is flushing, new commands wait and then go to disk together in the next batch', async (t) => {
  const { flush, insert, rows, batches } = setup(t);
  const first = insert('a');
  await turn();
  const later = ['b', 'c', 'd'].map(insert);
  await turn();
  await turn();
  assert.deepEqual(rows(), ['a'], 'the next transaction has not started');
  assert.equal(batches(), 1);
  flush.complete();
  await first;
  await turn();
  await turn();
  assert.deepEqual(rows(), ['a', 'b', 'c', 'd']);
  assert.equal(batches(), 2, 'the three waiting commands shared one transaction');
  flush.complete();
  assert.deepEqual(await Promise.all(later), [1, 1, 1]);
});

test('a flush the disk refuses is a retry (503) for its callers and for every write after it, until a restart', async (t) => {
  const { queue, flush, insert, announced, broken } = setup(t);
  const a = insert('a');
  await turn();
  const waiting = insert('queued meanwhile');
  flush.fail(new Error('EIO: i/o error, fdatasync'));
  const unavailable = (e: unknown) => e instanceof KlaxonError && e.code === 'UNAVAILABLE' && /fdatasync/.test(e.message) && /restart/.test(e.message);
  await assert.rejects(a, unavailable);
  await assert.rejects(waiting, unavailable);
  await assert.rejects(insert('later'), unavailable, 'fail closed: a later flush could report success over a hole');
  assert.deepEqual(announced, [], 'nothing announced that a restart may not find');
  assert.equal(broken.length, 1);
  assert.equal(flush.waiting, 0, 'no further transaction was started');
  assert.equal(await state(queue.drain()), 'fulfilled');
});

test('drain waits for the batch still on its way to disk', async (t) => {
  const { queue, flush, insert } = setup(t);
  const a = insert('a');
  await turn();
  const drained = queue.drain();
  assert.equal(await state(drained), 'pending');
  flush.complete();
  await a;
  assert.equal(await state(drained), 'fulfilled');
  await assert.rejects(insert('late'), /shutting down/);
});

test('the WAL flush: a caller waits for it, flushes requested meanwhile share the next one, a failure reaches its waiters', async (t) => {
  const file = path.join(tempDir(t), 'x.db-wal');
  writeFileSync(file, 'frames');
  const held: ((err: Error | null) => void)[] = [];
  const sync = new WalSync(file, (_fd, done) => { held.push(done); });
  t.after(() => sync.close());
  const first = sync.sync();
  assert.equal(held.length, 1);
  const second = sync.sync();
  const third = sync.sync();
  assert.equal(held.length, 1, 'one flush at a time');
  assert.equal(await state(first), 'pending');
  held[0]!(null);
  assert.equal(await state(first), 'fulfilled');
  assert.equal(held.length, 2, 'one more flush covers both that waited');
  held[1]!(new Error('EIO'));
  await assert.rejects(second, /EIO/);
  await assert.rejects(third, /EIO/);
});

test("the engine's answer, and sync's view of its ops, wait for fdatasync of the WAL (durability full, as shipped)", async (t) => {
  const fs = (await import('node:fs')).default;
  const held: (() => void)[] = [];
  const flushed: string[] = [];
  const real = fs.fdatasync;
  // Replace fdatasync for everything that imported it (wal-sync.ts included), holding each call until released.
  t.mock.method(fs, 'fdatasync', (fd: number, done: (err: Error | null) => void) => {
    flushed.push(fs.readlinkSync(`/proc/self/fd/${fd}`));
    held.push(() => real(fd, done));
  });
  syncBuiltinESMExports();
  t.after(() => { t.mock.restoreAll(); syncBuiltinESMExports(); });

  const dir = tempDir(t);
  const engine = createEngine({ dataDir: dir, clock: systemClock, log: silentLogger });
  t.after(() => engine.close());
  const creating = engine.createService({ name: 'Durable' });
  for (let i = 0; i < 500 && held.length === 0; i++) await turn();
  assert.ok(held.length > 0, 'the WAL was flushed');
  assert.equal(await state(creating), 'pending', 'no answer before the flush');
  assert.match(flushed[0]!, /klaxon\.db-wal$/, 'the file flushed is the WAL');
  // Committed but not yet on disk: sync must not offer it to peers yet.
  assert.deepEqual(engine.opsSince(engine.deviceId, 0, 100), []);
  assert.equal(engine.versionVector()[engine.deviceId], 0);
  held.shift()!();
  const svc = await creating;
  assert.equal(svc.name, 'Durable');
  assert.deepEqual(engine.opsSince(engine.deviceId, 0, 100).map((o) => o.type), ['service.created']);
  assert.equal(engine.versionVector()[engine.deviceId], 1);
  // From now on release every flush as it comes, so the engine can close.
  t.mock.method(fs, 'fdatasync', real);
  syncBuiltinESMExports();
  for (const release of held.splice(0)) release();
});

test('when the disk refuses to flush the WAL, the engine refuses every write after it and says why (for /healthz)', async (t) => {
  const fs = (await import('node:fs')).default;
  const real = fs.fdatasync;
  t.mock.method(fs, 'fdatasync', (_fd: number, done: (err: Error | null) => void) => {
    queueMicrotask(() => done(Object.assign(new Error('EIO: i/o error, fdatasync'), { code: 'EIO' })));
  });
  syncBuiltinESMExports();
  t.after(() => { t.mock.restoreAll(); syncBuiltinESMExports(); });

  const engine = createEngine({ dataDir: tempDir(t), clock: systemClock, log: silentLogger });
  t.after(() => engine.close());
  assert.equal(engine.writesRefused(), null);
  await assert.rejects(engine.createService({ name: 'Lost?' }), (e: unknown) => e instanceof KlaxonError && e.code === 'UNAVAILABLE');
  assert.match(engine.writesRefused() ?? '', /EIO.*restart Klaxon/);
  t.mock.method(fs, 'fdatasync', real);
  syncBuiltinESMExports();
  await assert.rejects(engine.createService({ name: 'After' }), /restart Klaxon/, 'still refused once the disk seems fine again');
});
