// What an older version leaves in a data dir, for upgrade tests: a data dir written by this version turned back into
// an older schema (every table and column added after it dropped, user_version the old number), and a newer peer's op
// that an older version stored without applying it.
import BetterSqlite3 from 'better-sqlite3';
import path from 'node:path';
import { DB_FILE } from '../../src-main/store/database.ts';
import { encodeHlc } from '../../src-shared/domain/hlc.ts';

/** What each migration added, by the schema version it brings the database to. */
const ADDED: Record<number, { tables?: string[]; columns?: [string, string][]; triggers?: string[]; indexes?: string[] }> = {
  2: { tables: ['maintenance_windows'] },
  3: { tables: ['quarantined_ops'] },
  4: {
    tables: ['op_heads', 'team', 'users', 'devices', 'invites', 'peer_addresses', 'peer_state', 'forks'],
    columns: [['ops', 'chain']],
    indexes: ['incidents_merged'],
  },
  5: {
    triggers: ['incidents_fts_update', 'incidents_fts_delete', 'incident_counts_insert', 'incident_counts_delete', 'incident_counts_update'],
    tables: ['incidents_fts', 'incidents_fts_progress', 'incident_counts'],
    indexes: ['incidents_queue', 'incidents_quiet'],
  },
  6: {
    tables: ['schedules', 'escalation_policies', 'calendar_feeds'],
    indexes: ['incidents_ack_timeout'],
    columns: [['incidents', 'triggered_at']],
  },
  7: { tables: ['changes'], indexes: ['changes_service_time', 'changes_time'] },
  8: { tables: ['monitors', 'monitor_runs'], indexes: ['monitors_token'] },
  9: { tables: ['webhooks', 'webhook_deliveries'], indexes: ['webhook_deliveries_due'] },
  10: { tables: ['monitor_results', 'monitor_rollups'], indexes: ['monitor_results_time'] },
  11: { tables: ['status_pages', 'status_page_incidents'], indexes: ['status_pages_slug', 'status_page_incidents_incident'] },
  12: { tables: ['status_subscribers', 'subscriber_notices'], indexes: ['status_subscribers_page', 'status_subscribers_confirm', 'subscriber_notices_due'] },
  13: { tables: ['local_actions', 'local_action_runs'], indexes: ['local_action_runs_pending'] },
  14: { tables: ['monitor_hour_histograms'] },
};

export function downgradeSchema(db: BetterSqlite3.Database, to: number): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  for (let v = current; v > to; v--) {
    const added = ADDED[v];
    if (!added) throw new Error(`test/support/old-schema.ts does not know what migration ${v} added: add it`);
    for (const t of added.triggers ?? []) db.exec(`DROP TRIGGER IF EXISTS ${t}`);
    for (const i of added.indexes ?? []) db.exec(`DROP INDEX IF EXISTS ${i}`);
    for (const t of added.tables ?? []) db.exec(`DROP TABLE IF EXISTS ${t}`);
    for (const [t, c] of added.columns ?? []) db.exec(`ALTER TABLE ${t} DROP COLUMN ${c}`);
  }
  db.pragma(`user_version = ${to}`);
}

/**
 * What an older Klaxon leaves behind when a newer peer sent it an op of a kind it did not know (on a data dir that is
 * not open): the op in the log (peer9:1, 2026-03-01 09:00 UTC), unapplied, and only incidents and services recorded
 * as the kinds it applied.
 */
export function leaveUnappliedPeerOp(dir: string, op: { type: string; entity: string; data: unknown }): void {
  const db = new BetterSqlite3(path.join(dir, DB_FILE));
  db.prepare("UPDATE meta SET value = ? WHERE key = 'applied_op_types'").run(JSON.stringify(['incident.triggered', 'service.created']));
  db.prepare('INSERT INTO ops (device_id, seq, id, hlc, type, entity, data, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)').run(
    'peer9', 1, 'peer9:1', encodeHlc({ wall: Date.parse('2026-03-01T09:00:00Z'), counter: 0 }), op.type, op.entity, JSON.stringify(op.data), 0);
  db.close();
}
