// Group commit with the flush to disk off the main thread: no caller hears back before its batch is on disk, the next
// batch waits for that flush (and takes everything that queued meanwhile), and a flush the disk refuses is a retry.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import BetterSqlite3 from 'better-sqlite3';
import path from 'node:path';
import { CommitQueue } from '../../src-main/engine/commit-queue.ts';
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
  const queue = new CommitQueue(db, {
    beginBatch: () => { batches++; },
    beforeCommand: () => () => {},
    opsWritten: () => 0,
    afterBatch: (committed) => { const b = batches; return () => { if (committed) announced.push(b); }; },
  }, flush.durable);
  const insert = (v: string) => queue.submit(() => db.prepare('INSERT INTO facts (v) VALUES (?)').run(v).changes);
  const rows = () => (db.prepare('SELECT v FROM facts ORDER BY rowid').all() as { v: string }[]).map((r) => r.v);
  return { queue, flush, insert, rows, batches: () => batches, announced };
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

test('a flush the disk refuses is a retry for its callers (503), and the queue carries on', async (t) => {
  const { queue, flush, insert } = setup(t);
  const a = insert('a');
  await turn();
  flush.fail(new Error('EIO: i/o error, fdatasync'));
  await assert.rejects(a, (e: unknown) => e instanceof KlaxonError && e.code === 'UNAVAILABLE' && /fdatasync/.test(e.message));
  const b = insert('b');
  await turn();
  flush.complete();
  assert.equal(await b, 1);
  const drained = queue.drain();
  assert.equal(await state(drained), 'fulfilled');
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
