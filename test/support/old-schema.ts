// Turns a data dir written by this version back into what an older schema looked like, for upgrade tests: every
// table and column added after that schema is dropped, and user_version says the old number.
import type BetterSqlite3 from 'better-sqlite3';

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
