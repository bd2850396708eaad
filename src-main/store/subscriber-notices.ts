// Device-local subscriber notices (migration 12): the mails and webhook bodies this device owes, and how each try
// went. A notice is recorded before it is tried; its payload (which holds the address, and a confirmation mail's
// token) is emptied once it is sent or given up, so no copy is kept.
import type BetterSqlite3 from 'better-sqlite3';
import type { Store } from './database.ts';
import type { SubscriberNoticesTable } from './schema.ts';

// Prepared once per database: an update to thousands of subscribers runs these thousands of times.
const prepared = new WeakMap<Store, Map<string, BetterSqlite3.Statement>>();
function stmt(store: Store, sql: string): BetterSqlite3.Statement {
  let m = prepared.get(store);
  if (!m) prepared.set(store, (m = new Map()));
  let s = m.get(sql);
  if (!s) m.set(sql, (s = store.db.prepare(sql)));
  return s;
}

export type NoticeRow = Omit<SubscriberNoticesTable, 'id'> & { id: number };
export type NoticeKind = 'confirmation' | 'update';

/** Records a notice due now; null if this message was already owed to this subscriber (idempotent). */
export function addNotice(store: Store, n: { subscriberId: string; messageId: string; kind: NoticeKind; payload: string; nowMs: number }): number | null {
  const r = stmt(store, `INSERT INTO subscriber_notices (subscriber_id, message_id, kind, payload, state, attempts, created_at, next_at)
    VALUES (?, ?, ?, ?, 'pending', 0, ?, ?) ON CONFLICT DO NOTHING`).run(n.subscriberId, n.messageId, n.kind, n.payload, n.nowMs, n.nowMs);
  return r.changes === 1 ? Number(r.lastInsertRowid) : null;
}

export const noticeRow = (store: Store, id: number): NoticeRow | null =>
  (store.get(store.q.selectFrom('subscriber_notices').selectAll().where('id', '=', id)) as NoticeRow | undefined) ?? null;

/** Pending notices due at `nowMs`, soonest due first (as the index runs: no sort of them all), `limit` at most. */
export const dueNotices = (store: Store, nowMs: number, limit: number): NoticeRow[] =>
  store.all(store.q.selectFrom('subscriber_notices').selectAll().where('state', '=', 'pending').where('next_at', '<=', nowMs).orderBy('next_at').orderBy('id').limit(limit)) as NoticeRow[];

/** A try begins: out of the schedule until its outcome is recorded. */
export function claimNotice(store: Store, id: number): void {
  stmt(store, 'UPDATE subscriber_notices SET next_at = NULL WHERE id = ?').run(id);
}

/** At start: tries cut short by a stop (claimed, never recorded) are due again. */
export function unclaimNotices(store: Store, nowMs: number): void {
  stmt(store, "UPDATE subscriber_notices SET next_at = ? WHERE state = 'pending' AND next_at IS NULL").run(nowMs);
}

export function nextNoticeDueAt(store: Store): number | null {
  return stmt(store, "SELECT min(next_at) FROM subscriber_notices WHERE state = 'pending'").pluck().get() as number | null;
}

/** How long a notice sent or given up is kept (its payload is gone already; what is left says when and how it went). */
export const KEEP_DONE_MS = 30 * 24 * 60 * 60 * 1000;

/** Forgets notices done before `nowMs - KEEP_DONE_MS`. */
export function pruneNotices(store: Store, nowMs: number): number {
  return stmt(store, "DELETE FROM subscriber_notices WHERE state <> 'pending' AND created_at < ?").run(nowMs - KEEP_DONE_MS).changes;
}

/** A subscriber's notices on this device, newest first. */
export const noticesOf = (store: Store, subscriberId: string): NoticeRow[] =>
  store.all(store.q.selectFrom('subscriber_notices').selectAll().where('subscriber_id', '=', subscriberId).orderBy('id', 'desc')) as NoticeRow[];

export function recordNoticeAttempt(store: Store, id: number, o: { state: 'pending' | 'sent' | 'failed'; nextAt: number | null; atMs: number; error: string | null }): void {
  stmt(store, `UPDATE subscriber_notices SET state = ?, next_at = ?, attempts = attempts + 1, last_attempt_at = ?, last_error = ?,
    payload = CASE WHEN ? = 'pending' THEN payload ELSE '' END WHERE id = ?`).run(o.state, o.nextAt, o.atMs, o.error, o.state, id);
}
