// `q` in SQL (what it means: src-shared/domain/search.ts). The FTS5 index (migration 4, caught up before each
// search) gives the candidates: rows with q's words, from their start. For one word that is the match; for several, the substring check then keeps the
// rows where q really occurs (the words together, in order). A service whose name holds q, or an exact id, matches
// too. Without the index (q of punctuation only, a service name matching, or a word SQLite splits differently) the
// substring check runs over every row, as it did before the index.
import { sql, type RawBuilder, type SqlBool } from 'kysely';
import { ftsQueryFor, indexDecides } from '../../src-shared/domain/search.ts';
import type { Store } from './database.ts';

export interface SearchPlan {
  /** The substring check, alone (no index) or on the candidates. */
  matches: RawBuilder<SqlBool>;
  /** The FTS5 query giving a superset of the matching rows (exactly them when `indexDecides`); null: no index. */
  fts: string | null;
  /** The exact id a row may have to match, whatever its words. */
  id: string;
  indexDecides: boolean;
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (m) => `\\${m}`);

export function planSearch(store: Store, q: string, opts: { useIndex?: boolean } = {}): SearchPlan | null {
  const needle = q.trim();
  if (needle === '') return null;
  const like = `%${escapeLike(needle)}%`;
  const contains = (column: string) => sql<SqlBool>`${sql.ref(column)} LIKE ${like} ESCAPE '\\'`;
  // Few services, read once per search; their ids then take part like any other filter.
  const serviceIds = store.all(store.q.selectFrom('services').select('id').where(contains('name'))).map((r) => r.id);
  const matches = sql<SqlBool>`(${sql.join([
    contains('title'), contains('dedup_key'), contains('source'), sql`id = ${needle}`,
    ...(serviceIds.length > 0 ? [sql`service_id IN (${sql.join(serviceIds)})`] : []),
  ], sql` OR `)})`;
  // A matching service name brings all its incidents, words or not: the index cannot narrow that.
  const fts = serviceIds.length > 0 || opts.useIndex === false ? null : ftsQueryFor(needle);
  return { matches, fts, id: needle, indexDecides: fts !== null && indexDecides(needle) };
}

/** How many rows the index offers as candidates (to choose how to list them). */
export function countCandidates(store: Store, plan: SearchPlan): number {
  if (plan.fts === null) return Infinity;
  return (store.db.prepare('SELECT count(*) AS n FROM incidents_fts WHERE incidents_fts MATCH ?').get(plan.fts) as { n: number }).n;
}

/**
 * The search as a WHERE term. `drive`: SQLite may start from the candidates (few: look them up, then sort).
 * `check`: it only tests membership while it walks an index or the table in order (many: cheaper than lookups).
 */
export function searchSql(plan: SearchPlan, mode: 'drive' | 'check'): RawBuilder<SqlBool> {
  if (plan.fts === null) return plan.matches;
  // A unary + keeps SQLite from using the term to pick rows (sqlite.org/optoverview.html, "disqualifying" terms).
  const rowid = mode === 'drive' ? sql`rowid` : sql`+rowid`;
  const candidates = sql`${rowid} IN (SELECT rowid FROM incidents_fts WHERE incidents_fts MATCH ${plan.fts})`;
  return plan.indexDecides
    ? sql<SqlBool>`(${candidates} OR id = ${plan.id})`
    : sql<SqlBool>`((${candidates} OR id = ${plan.id}) AND ${plan.matches})`;
}

/** Whether matching needs the rows' text (the substring check), not only the index. */
export const searchReadsRows = (plan: SearchPlan): boolean => plan.fts === null || !plan.indexDecides;

const BUSY = /^SQLITE_(BUSY|LOCKED|READONLY|IOERR|FULL)/;

/**
 * Indexes, in one batch, the incidents written since the last search (migration 4: the index is not kept on the
 * ingest path). Rowids only grow, so those are the rows past `indexed_up_to`. False when the database will not take
 * the write now (another process holds it, the disk refuses): search without the index then.
 */
export function catchUpSearchIndex(store: Store): boolean {
  const { db } = store;
  const upTo = db.prepare('SELECT indexed_up_to FROM incidents_fts_progress').pluck().get() as number;
  const last = (db.prepare('SELECT max(rowid) FROM incidents').pluck().get() as number | null) ?? 0;
  if (last <= upTo) return true;
  // A search must not wait on another process's write lock (the CLI while serving).
  const timeout = db.pragma('busy_timeout', { simple: true }) as number;
  db.pragma('busy_timeout = 0');
  try {
    db.transaction(() => {
      db.prepare(`INSERT INTO incidents_fts (rowid, title, dedup_key, source)
        SELECT rowid, title, dedup_key, source FROM incidents WHERE rowid > ? AND rowid <= ?`).run(upTo, last);
      db.prepare('UPDATE incidents_fts_progress SET indexed_up_to = ?').run(last);
    })();
    return true;
  } catch (err) {
    if (BUSY.test(String((err as { code?: unknown }).code ?? ''))) return false;
    throw err;
  } finally {
    db.pragma(`busy_timeout = ${timeout}`);
  }
}

/** SQLite refusing an FTS5 query (a word our tokenizing and unicode61's disagree on): search without the index. */
export const isFtsQueryError = (err: unknown): boolean =>
  err instanceof Error && (err as { code?: string }).code === 'SQLITE_ERROR' && /\bfts5\b/i.test(err.message);
