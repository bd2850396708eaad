// `q` in SQL (what it means: src-shared/domain/search.ts). The FTS5 index (migration 4) narrows the rows to those
// with words starting as q's words; the substring check then keeps the rows where q really occurs. A service whose
// name holds q, or an exact id, matches too. The index only ever narrows: without it (q of punctuation only, or a
// service name matching) the check runs over every row, as it did before the index.
import { sql, type RawBuilder, type SqlBool } from 'kysely';
import { ftsQueryFor } from '../../src-shared/domain/search.ts';
import type { Store } from './database.ts';

export interface SearchPlan {
  /** The whole condition a matching row meets. */
  matches: RawBuilder<SqlBool>;
  /** A superset of the matching rows' rowids, from the index; null when the index cannot narrow this q. */
  candidates: RawBuilder<unknown> | null;
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
  const fts = ftsQueryFor(needle);
  // A matching service name brings all its incidents, words or not: the index cannot narrow that.
  if (fts === null || serviceIds.length > 0 || opts.useIndex === false) return { matches, candidates: null };
  return {
    matches,
    candidates: sql`SELECT rowid FROM incidents_fts WHERE incidents_fts MATCH ${fts} UNION SELECT rowid FROM incidents WHERE id = ${needle}`,
  };
}

/**
 * The search as a WHERE term. `drive`: SQLite may start from the candidates (few matches: look them up, then sort).
 * `check`: it only tests membership while walking an index in order (many matches: a page is found near its start).
 */
export function searchSql(plan: SearchPlan, mode: 'drive' | 'check'): RawBuilder<SqlBool> {
  if (!plan.candidates) return plan.matches;
  // A unary + keeps SQLite from using the term to pick rows (https://sqlite.org/optoverview.html#disqualifying_where_clause_terms_using_unary_).
  const rowid = mode === 'drive' ? sql`rowid` : sql`+rowid`;
  return sql<SqlBool>`(${rowid} IN (${plan.candidates}) AND ${plan.matches})`;
}

/** SQLite refusing an FTS5 query (a word our tokenizing and unicode61's disagree on): search without the index. */
export const isFtsQueryError = (err: unknown): boolean =>
  err instanceof Error && (err as { code?: string }).code === 'SQLITE_ERROR' && /\bfts5\b/i.test(err.message);
