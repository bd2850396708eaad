// Group commit: commands that arrive while the event loop is busy are run together in ONE SQLite transaction, and one
// fdatasync makes it durable; a refused command does not undo the others. No caller hears back before the transaction
// has committed and is on disk: that is what makes a 2xx mean "on disk". The flush to disk runs off the main thread,
// so the next batch is built and committed while the previous one is being flushed (the store's `durable`).
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
  /**
   * Right after the transaction committed (or failed), before the next batch starts: reset per-batch state. Returns
   * what to announce once the batch is on disk.
   */
  afterBatch(committed: boolean): () => void;
  /** The disk refused a flush: from now on every command is refused (503) until a restart. */
  onBroken(error: Error): void;
}

function settle(batch: Pending<unknown>[]): void {
  for (const p of batch) {
    if (p.result?.ok) p.resolve(p.result.value);
    else p.reject(p.result?.error);
  }
}

/** Commands per transaction at most. */
const MAX_BATCH = 1000;

/** A command failed after writing ops: the batch must run again with savepoints. */
class HalfWritten extends Error {}

export class CommitQueue {
  private queue: Pending<unknown>[] = [];
  private scheduled = false;
  private closed = false;
  private readonly db: BetterSqlite3.Database;
  private readonly hooks: CommitHooks;
  private readonly maxQueued: number;
  private readonly durable: (() => Promise<void>) | null;
  /** A committed batch is being flushed to disk; the next batch waits for it (and grows meanwhile). */
  private flushing = false;
  /**
   * The disk refused a flush. The OS may have dropped those pages and report later flushes as fine, which would
   * leave a hole in the WAL before commits we had answered: so nothing more is written until a restart recovers
   * from what really is on disk (fail closed).
   */
  private broken: KlaxonError | null = null;
  private idle: (() => void)[] = [];

  constructor(db: BetterSqlite3.Database, hooks: CommitHooks, durable: (() => Promise<void>) | null, maxQueued = 20_000) {
    this.db = db;
    this.hooks = hooks;
    this.durable = durable;
    this.maxQueued = maxQueued;
  }

  submit<T>(run: () => T): Promise<T> {
    if (this.broken) return Promise.reject(this.broken);
    if (this.closed) return Promise.reject(new KlaxonError('UNAVAILABLE', 'Klaxon is shutting down; retry shortly'));
    // Backpressure: a sender that outruns the disk is told to retry (503), never refused as if its event were bad.
    if (this.queue.length >= this.maxQueued) return Promise.reject(new KlaxonError('UNAVAILABLE', 'Too many events queued; retry shortly'));
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ run, resolve, reject } as Pending<unknown>);
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled || this.flushing || this.queue.length === 0) return;
    this.scheduled = true;
    // setImmediate (not a microtask) lets the requests already read from sockets join this batch.
    setImmediate(() => this.flush());
  }

  private flush(): void {
    this.scheduled = false;
    // One transaction at a time on its way to disk: while it flushes (off the main thread) the queue fills, so the
    // next batch is larger and its fixed cost (commit, WAL header pages, flush) is shared by more commands. A cap
    // keeps one transaction from holding the event loop for long after a burst.
    const batch = this.queue.splice(0, MAX_BATCH);
    // Most refusals (unknown routing key, missing incident, illegal move) happen before a command writes anything,
    // so commands first run without a savepoint each (two statements fewer per event). A command that fails after
    // writing would leave half its ops in the batch: then the whole batch rolls back and runs again with a
    // savepoint per command, so that only the failing command's writes are undone.
    let committed = this.runBatch(batch, false);
    if (committed === 'retry') committed = this.runBatch(batch, true);
    const announce = this.hooks.afterBatch(committed === true);
    if (committed !== true || !this.durable) {
      announce();
      settle(batch);
      this.next();
      return;
    }
    this.flushing = true;
    this.durable().then(
      () => {
        announce();
        settle(batch);
      },
      (error: unknown) => {
        // The disk did not confirm: the senders must retry (dedup absorbs a repeat), and this store takes no more
        // writes (see `broken`). Nothing is announced: after a restart this batch may not be there.
        this.broken = new KlaxonError('UNAVAILABLE', `Could not flush the database to disk (${(error as Error).message}); restart Klaxon, then retry`);
        this.hooks.onBroken(error as Error);
        for (const p of [...batch, ...this.queue.splice(0)]) p.reject(this.broken);
      },
    ).finally(() => {
      this.flushing = false;
      this.next();
    });
  }

  private next(): void {
    if (this.queue.length > 0) this.schedule();
    else if (!this.flushing && !this.scheduled) this.notifyIdle();
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

  /** Why writes are refused for good (the disk refused a flush), or null while they are taken. */
  get brokenReason(): string | null {
    return this.broken?.message ?? null;
  }

  private notifyIdle(): void {
    const waiters = this.idle;
    this.idle = [];
    for (const w of waiters) w();
  }

  /** Drops everything queued, unanswered (a crash); takes no more commands. */
  abandon(): void {
    this.closed = true;
    this.queue.length = 0;
  }

  /** Stops taking commands and resolves once everything queued has committed. */
  drain(): Promise<void> {
    this.closed = true;
    if (this.queue.length === 0 && !this.scheduled && !this.flushing) return Promise.resolve();
    return new Promise((resolve) => this.idle.push(resolve));
  }
}
