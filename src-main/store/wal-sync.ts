// Durable commits that do not stop the event loop. The connection commits with synchronous=NORMAL (the commit's
// frames are written to the WAL, not fsynced), then the WAL file is fdatasync'ed on libuv's thread pool, and only
// then does a caller hear "accepted". That is the guarantee synchronous=FULL gives (FULL fsyncs the WAL at the end of
// every commit), but while the disk flushes, the main thread goes on answering requests and committing the next
// batch, and one fdatasync covers every batch committed before it began. Measured on this machine: fdatasync takes
// about 0.2 ms, and a write() to the file from another thread is not held up by it.
//
// Checkpoints stay safe under NORMAL: SQLite syncs the WAL before it copies frames into the database file and syncs
// the database file afterwards. The WAL file keeps its inode while this connection is open (SQLite only deletes it
// when the last connection closes), so one descriptor serves for the store's lifetime.
import { closeSync, fdatasync, fsyncSync, openSync } from 'node:fs';
import path from 'node:path';

interface Waiter { resolve: () => void; reject: (e: Error) => void }

/** The flush itself; replaceable so tests can hold it or make it fail. */
export type FlushFile = (fd: number, done: (err: Error | null) => void) => void;

export class WalSync {
  private fd: number | null = null;
  private dirSynced = false;
  private flushing = false;
  /** Commits that finished after the flush in progress began: the next flush covers them. */
  private waiting: Waiter[] = [];
  private readonly walPath: string;
  private readonly flushFile: FlushFile;

  constructor(walPath: string, flushFile: FlushFile = fdatasync) {
    this.walPath = walPath;
    this.flushFile = flushFile;
  }

  /** Resolves once everything committed before this call is on disk. */
  sync(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ resolve, reject });
      if (!this.flushing) this.flush();
    });
  }

  private flush(): void {
    const group = this.waiting;
    this.waiting = [];
    this.flushing = true;
    const done = (err: Error | null) => {
      this.flushing = false;
      for (const w of group) {
        if (err) w.reject(err);
        else w.resolve();
      }
      if (this.waiting.length > 0) this.flush();
    };
    try {
      // Opened on first use: the WAL file exists once the connection has written anything.
      this.fd ??= openSync(this.walPath, 'r+');
      if (!this.dirSynced) {
        syncDirectoryOf(this.walPath);
        this.dirSynced = true;
      }
    } catch (e) {
      return done(e as Error);
    }
    this.flushFile(this.fd, done);
  }

  /** Call after the last sync() settled, before the database closes (which may delete the WAL file). */
  close(): void {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
  }
}

/**
 * A WAL file created moments ago may exist only in the directory's cached entry: fsync the directory once, so a power
 * cut cannot lose the file itself (SQLite does the same on its first sync of a new file). Windows cannot open a
 * directory this way and needs no such step.
 */
function syncDirectoryOf(file: string): void {
  if (process.platform === 'win32') return;
  const fd = openSync(path.dirname(file), 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
