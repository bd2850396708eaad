// The statements every event runs, prepared once per database. Kysely builds the composed queries (listing,
// filters); compiling a query costs more than running it on the ingest path, so these few are written out here.
import type BetterSqlite3 from 'better-sqlite3';
import type { Store } from './database.ts';

/** Positional parameters for `upsertIncident` (positional binding is cheaper than 29 named ones). */
export const incidentParams = (row: Record<(typeof INCIDENT_COLUMNS)[number], unknown>): unknown[] => INCIDENT_COLUMNS.map((c) => row[c]);

export interface HotStatements {
  appendOp: BetterSqlite3.Statement;
  chainAt: BetterSqlite3.Statement;
  incidentById: BetterSqlite3.Statement;
  openByDedupKey: BetterSqlite3.Statement;
  upsertIncident: BetterSqlite3.Statement;
  touchIncident: BetterSqlite3.Statement;
}

const INCIDENT_COLUMNS = [
  'id', 'service_id', 'dedup_key', 'title', 'description', 'status', 'progress', 'urgency', 'priority', 'severity',
  'impact', 'source', 'custom_details', 'extra', 'assignee_id', 'acknowledged_at', 'acknowledged_by', 'resolved_at',
  'resolved_by', 'snoozed_until', 'auto_created', 'alert_count', 'episode', 'escalation_level', 'merged_into',
  'created_at', 'updated_at', 'last_event_at', 'last_hlc', 'triggered_at',
] as const;

const cache = new WeakMap<Store, HotStatements>();

export function hotStatements(store: Store): HotStatements {
  let s = cache.get(store);
  if (!s) {
    const { db } = store;
    s = {
      appendOp: db.prepare(`INSERT INTO ops (device_id, seq, id, hlc, type, entity, data, received_at, chain)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`),
      chainAt: db.prepare('SELECT chain FROM ops WHERE device_id = ? AND seq = ?').pluck(),
      incidentById: db.prepare('SELECT * FROM incidents WHERE id = ?'),
      // No ORDER BY: it cost more than the search (a temp B-tree per event). There is at most one row but while two
      // devices' incidents for the same key wait to be merged; the caller picks the earliest then.
      openByDedupKey: db.prepare(`SELECT * FROM incidents
        WHERE service_id = ? AND dedup_key = ? AND status <> 'resolved' AND merged_into IS NULL`),
      upsertIncident: db.prepare(`INSERT INTO incidents (${INCIDENT_COLUMNS.join(', ')})
        VALUES (${INCIDENT_COLUMNS.map(() => '?').join(', ')})
        ON CONFLICT (id) DO UPDATE SET ${INCIDENT_COLUMNS.filter((c) => c !== 'id').map((c) => `${c} = excluded.${c}`).join(', ')}`),
      touchIncident: db.prepare('UPDATE incidents SET alert_count = ?, last_event_at = ?, updated_at = ?, last_hlc = ? WHERE id = ?'),
    };
    cache.set(store, s);
  }
  return s;
}
