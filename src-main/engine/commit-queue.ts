// Group commit: commands that arrive while the event loop is busy are run together in ONE SQLite transaction (one
// fsync), each inside its own savepoint so that one refused command does not undo the others. No caller hears back
// before the transaction has committed: that is what makes a 2xx mean "on disk".
import type BetterSqlite3 from 'better-sqlite3';
import { KlaxonError } from '../../src-shared/schemas/errors.ts';

interface Pending<T> {
  run: () => T;
  resolve: (v: T) => void;
  reject: (e: unknown) => void;
  result?: { ok: true; value: T } | { ok: false; error: unknown };
}

export interface CommitHooks {
  /** First thing inside the transaction (the write lock is held): re-read what another process may have written. */
  beginBatch(): void;
  /** Called before each command, to snapshot in-memory state that a rollback must restore (the op seq counter). */
  beforeCommand(): () => void;
  /** How many ops this batch has written so far: tells whether a failing command had already written some. */
  opsWritten(): number;
  /** After the transaction committed (or failed): announce what changed. */
  afterBatch(committed: boolean): void;
}

/** A command failed after writing ops: the batch must run again with savepoints. */
class HalfWritten extends Error {}

export class CommitQueue {
  private queue: Pending<unknown>[] = [];
  private scheduled = false;
  private closed = false;
  private readonly db: BetterSqlite3.Database;
  private readonly hooks: CommitHooks;
  private readonly maxQueued: number;
  private idle: (() => void)[] = [];

  constructor(db: BetterSqlite3.Database, hooks: CommitHooks, maxQueued = 20_000) {
    this.db = db;
    this.hooks = hooks;
    this.maxQueued = maxQueued;
  }

  submit<T>(run: () => T): Promise<T> {
    if (this.closed) return Promise.reject(new KlaxonError('UNAVAILABLE', 'Klaxon is shutting down; retry shortly'));
    // Backpressure: a sender that outruns the disk is told to retry (503), never refused as if its event were bad.
    if (this.queue.length >= this.maxQueued) return Promise.reject(new KlaxonError('UNAVAILABLE', 'Too many events queued; retry shortly'));
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ run, resolve, reject } as Pending<unknown>);
      if (!this.scheduled) {
        this.scheduled = true;
        // setImmediate (not a microtask) lets the requests already read from sockets join this batch.
        setImmediate(() => this.flush());
      }
    });
  }

  private flush(): void {
    this.scheduled = false;
    const batch = this.queue;
    this.queue = [];
    if (batch.length === 0) return this.notifyIdle();
    // Most refusals (unknown routing key, missing incident, illegal move) happen before a command writes anything,
    // so commands first run without a savepoint each (two statements fewer per event). A command that fails after
    // writing would leave half its ops in the batch: then the whole batch rolls back and runs again with a
    // savepoint per command, so that only the failing command's writes are undone.
    let committed = this.runBatch(batch, false);
    if (committed === 'retry') committed = this.runBatch(batch, true);
    this.hooks.afterBatch(committed === true);
    for (const p of batch) {
      if (p.result?.ok) p.resolve(p.result.value);
      else p.reject(p.result?.error);
    }
    if (this.queue.length === 0) this.notifyIdle();
  }

  private runBatch(batch: Pending<unknown>[], savepoints: boolean): boolean | 'retry' {
    const restores: (() => void)[] = [];
    try {
      // IMMEDIATE takes the write lock up front, so a CLI command writing the same file waits instead of failing.
      this.db.transaction(() => {
        this.hooks.beginBatch();
        for (const p of batch) {
          const restore = this.hooks.beforeCommand();
          restores.push(restore);
          const written = this.hooks.opsWritten();
          try {
            p.result = { ok: true, value: savepoints ? this.db.transaction(p.run)() : p.run() };
          } catch (error) {
            if (!savepoints && this.hooks.opsWritten() !== written) throw new HalfWritten();
            restore();
            p.result = { ok: false, error };
          }
        }
      }).immediate();
      return true;
    } catch (error) {
      for (const r of restores.reverse()) r();
      if (error instanceof HalfWritten) return 'retry';
      // The commit itself failed (disk full, I/O error): nothing of this batch is on disk.
      const unavailable = new KlaxonError('UNAVAILABLE', `Could not write to the database (${(error as Error).message}); retry shortly`);
      for (const p of batch) p.result = { ok: false, error: unavailable };
      return false;
    }
  }

  private notifyIdle(): void {
    const waiters = this.idle;
    this.idle = [];
    for (const w of waiters) w();
  }

  /** Stops taking commands and resolves once everything queued has committed. */
  drain(): Promise<void> {
    this.closed = true;
    if (this.queue.length === 0 && !this.scheduled) return Promise.resolve();
    return new Promise((resolve) => this.idle.push(resolve));
  }
}
