// Versioned schema migrations, run at start in one transaction each. PRAGMA user_version records the version.
// A database written by a newer Klaxon is refused with a clear error: never a silent downgrade.
import type BetterSqlite3 from 'better-sqlite3';
import type { Logger } from '../log.ts';
import { repairFreeForm } from './repair-free-form.ts';

/** SQL, or SQL plus a step in JS that runs after it in the same transaction (a repair of rows already stored). */
export type Migration = string | { sql: string; after(db: BetterSqlite3.Database, log: Logger): void };

export const MIGRATIONS: readonly Migration[] = [
  // 1: op log, projections, local tables
  `
  CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;

  -- Keyed by (device, seq): the op id is "<device>:<seq>", so this key is also what makes appending idempotent,
  -- and it is the order sync reads a device's ops in. The entity index serves folds and timelines.
  CREATE TABLE ops (
    device_id TEXT NOT NULL,
    seq INTEGER NOT NULL,
    id TEXT NOT NULL,
    hlc TEXT NOT NULL,
    type TEXT NOT NULL,
    entity TEXT NOT NULL,
    data TEXT NOT NULL,
    received_at INTEGER NOT NULL,
    PRIMARY KEY (device_id, seq)
  ) STRICT, WITHOUT ROWID;
  CREATE INDEX ops_entity ON ops (entity, hlc, id);

  -- No foreign key to services: under sync an incident's ops may arrive before its service's.
  CREATE TABLE incidents (
    id TEXT PRIMARY KEY,
    service_id TEXT NOT NULL,
    dedup_key TEXT,
    title TEXT NOT NULL,
    description TEXT,
    status TEXT NOT NULL,
    progress TEXT NOT NULL,
    urgency TEXT NOT NULL,
    priority TEXT,
    severity TEXT NOT NULL,
    impact TEXT,
    source TEXT,
    custom_details TEXT,
    extra TEXT,
    assignee_id TEXT,
    acknowledged_at TEXT,
    acknowledged_by TEXT,
    resolved_at TEXT,
    resolved_by TEXT,
    snoozed_until TEXT,
    auto_created INTEGER NOT NULL,
    alert_count INTEGER NOT NULL,
    episode INTEGER NOT NULL,
    escalation_level INTEGER NOT NULL,
    merged_into TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    last_event_at TEXT NOT NULL,
    last_hlc TEXT NOT NULL
  ) STRICT;
  -- The dedup lookup: the open incident of a service with a given key.
  CREATE INDEX incidents_open_dedup ON incidents (service_id, dedup_key) WHERE status <> 'resolved' AND merged_into IS NULL;
  CREATE INDEX incidents_created ON incidents (created_at DESC, id DESC);
  -- No timeline table: an incident's timeline is the fold of its ops (ops_entity), read when one incident is opened.

  CREATE TABLE services (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    routing_key TEXT NOT NULL,
    urgency_rule TEXT NOT NULL,
    suppression_rules TEXT NOT NULL,
    created_at TEXT NOT NULL,
    last_hlc TEXT NOT NULL
  ) STRICT;
  CREATE UNIQUE INDEX services_routing_key ON services (routing_key);

  CREATE TABLE api_keys (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    scopes TEXT NOT NULL,
    prefix TEXT NOT NULL,
    hash TEXT NOT NULL,
    created_at TEXT NOT NULL,
    revoked_at TEXT,
    last_hlc TEXT NOT NULL
  ) STRICT;
  CREATE INDEX api_keys_prefix ON api_keys (prefix);

  CREATE TABLE key_usage (key_id TEXT PRIMARY KEY, last_used_at TEXT NOT NULL) STRICT;
  `,
  // 2: maintenance windows (seed 002)
  `
  CREATE TABLE maintenance_windows (
    id TEXT PRIMARY KEY,
    title TEXT NOT NULL,
    message TEXT,
    impact TEXT NOT NULL,
    starts_at TEXT NOT NULL,
    ends_at TEXT NOT NULL,
    service_ids TEXT NOT NULL,
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL,
    cancelled_at TEXT,
    cancelled_by TEXT,
    last_hlc TEXT NOT NULL
  ) STRICT;
  -- What is on or coming: windows that have not ended yet.
  CREATE INDEX maintenance_windows_ends ON maintenance_windows (ends_at);
  `,
  // 3: peers' ops kept aside (stored in the log, never folded), and free-form JSON stored before it had limits
  {
    sql: `
    CREATE TABLE quarantined_ops (op_id TEXT PRIMARY KEY, reason TEXT NOT NULL, received_at INTEGER NOT NULL) STRICT;
    `,
    after: repairFreeForm,
  },
];

export const SCHEMA_VERSION = MIGRATIONS.length;
