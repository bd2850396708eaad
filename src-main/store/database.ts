// Opens the one SQLite file in the data dir: WAL, foreign keys on, migrations applied, durability as configured.
import BetterSqlite3 from 'better-sqlite3';
import { realpathSync } from 'node:fs';
import path from 'node:path';
import { Kysely, SqliteAdapter, SqliteIntrospector, SqliteQueryCompiler, DummyDriver, type CompiledQuery } from 'kysely';
import { MIGRATIONS, SCHEMA_VERSION } from './migrations.ts';
import { silentLogger, type Logger } from '../log.ts';
import type { Database } from './schema.ts';
import { WalSync } from './wal-sync.ts';
import { ensurePrivateDir, ensurePrivateFile, privateIfExists, privateDirFiles } from '../private-files.ts';

export type Durability = 'full' | 'normal';

export interface Store {
  db: BetterSqlite3.Database;
  /** Query builder only (never executes): compile, then run through `run`/`all`/`get` synchronously. */
  q: Kysely<Database>;
  all<R>(query: { compile(): CompiledQuery<R> }): R[];
  get<R>(query: { compile(): CompiledQuery<R> }): R | undefined;
  run(query: { compile(): CompiledQuery<unknown> }): BetterSqlite3.RunResult;
  /**
   * Resolves once every transaction committed so far is on disk (durability 'full'); null under 'normal', where a
   * commit survives the process being killed but not a power cut.
   */
  durable: (() => Promise<void>) | null;
  /** Where the store says what it could not read (a damaged row) or repaired. */
  log: Logger;
  close(): void;
}

export const DB_FILE = 'klaxon.db';

/**
 * `log` hears what the store could not read or had to repair, and each loosened permission that had to be fixed
 * (the data dir or a database file readable by others). A data dir or database that belongs to another user is
 * refused with an error.
 */
export function openStore(dataDir: string, durability: Durability = 'full', log: Logger = silentLogger): Store {
  const onFixed = (note: string) => log.warn(`data dir: ${note}`);
  const fixed = [...ensurePrivateDir(dataDir), ...privateDirFiles(dataDir)];
  const file = path.join(dataDir, DB_FILE);
  // Made (or fixed) 0600 before SQLite opens it: SQLite gives the -wal and -shm files the database's own mode.
  fixed.push(...ensurePrivateFile(file));
  const db = new BetterSqlite3(file);
  db.pragma('journal_mode = WAL');
  // Left by an older Klaxon with the umask's mode: SQLite keeps an existing file's mode.
  for (const companion of ['-wal', '-shm']) fixed.push(...privateIfExists(`${realpathSync(file)}${companion}`));
  for (const note of fixed) onFixed(note);
  // Commits are not fsynced by SQLite: under 'full' (the default) the WAL is fdatasync'ed off the main thread before
  // any caller hears "accepted" (wal-sync.ts), which is what synchronous=FULL would do, without stalling the event
  // loop. 'normal' skips that: a commit survives kill -9, not a power cut; it is the benchmark's comparison point.
  db.pragma('synchronous = NORMAL');
  // SQLite puts the WAL beside the real file when klaxon.db is a symlink; so must we.
  const walSync = durability === 'full' ? new WalSync(`${realpathSync(file)}-wal`) : null;
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  migrate(db, log);

  const q = new Kysely<Database>({
    dialect: {
      createAdapter: () => new SqliteAdapter(),
      createDriver: () => new DummyDriver(),
      createIntrospector: (k) => new SqliteIntrospector(k),
      createQueryCompiler: () => new SqliteQueryCompiler(),
    },
  });
  // Prepared statements are cached by SQL text: the hot paths compile to the same few statements.
  const cache = new Map<string, BetterSqlite3.Statement>();
  const prepare = (c: CompiledQuery<unknown>) => {
    let s = cache.get(c.sql);
    if (!s) { s = db.prepare(c.sql); cache.set(c.sql, s); }
    return s;
  };
  return {
    db, q,
    all: <R>(query: { compile(): CompiledQuery<R> }) => { const c = query.compile(); return prepare(c).all(...(c.parameters as unknown[])) as R[]; },
    get: <R>(query: { compile(): CompiledQuery<R> }) => { const c = query.compile(); return prepare(c).get(...(c.parameters as unknown[])) as R | undefined; },
    run: (query) => { const c = query.compile(); return prepare(c).run(...(c.parameters as unknown[])); },
    durable: walSync ? () => walSync.sync() : null,
    log,
    close: () => { walSync?.close(); db.close(); },
  };
}

function migrate(db: BetterSqlite3.Database, log: Logger): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > SCHEMA_VERSION) {
    throw new Error(
      `This data dir was written by a newer Klaxon (schema ${current}; this version knows up to ${SCHEMA_VERSION}). ` +
      'Upgrade Klaxon, or point --data-dir elsewhere. Nothing was changed.',
    );
  }
  for (let v = current; v < SCHEMA_VERSION; v++) {
    const m = MIGRATIONS[v]!;
    db.transaction(() => {
      db.exec(typeof m === 'string' ? m : m.sql);
      if (typeof m !== 'string') m.after(db, log);
      db.pragma(`user_version = ${v + 1}`);
    })();
  }
}
