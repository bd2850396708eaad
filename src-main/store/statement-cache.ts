// Statements written out as SQL, prepared once per database: preparing costs more than running these small ones, and
// the outbound runners run them on every commit of an alert storm.
import type BetterSqlite3 from 'better-sqlite3';
import type { Store } from './database.ts';

const cache = new WeakMap<Store, Map<string, BetterSqlite3.Statement>>();

export function stmt(store: Store, sql: string): BetterSqlite3.Statement {
  let byText = cache.get(store);
  if (!byText) { byText = new Map(); cache.set(store, byText); }
  let s = byText.get(sql);
  if (!s) { s = store.db.prepare(sql); byText.set(sql, s); }
  return s;
}
