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
  // 4 (team sync): the hash chain of each device's ops, signed heads, the roster, and this device's sync state
  `
  -- chain = SHA-256 over the previous op's chain and this op (store/op-chain.ts): a device's ops form a chain whose
  -- head the device signs, so an op relayed by a third device is provably its author's.
  ALTER TABLE ops ADD COLUMN chain TEXT;

  -- Heads signed by their device (Ed25519 over the chain at that seq). Every op held is covered by a head held,
  -- which is what lets any device relay any other's ops.
  CREATE TABLE op_heads (
    device_id TEXT NOT NULL, seq INTEGER NOT NULL, hash TEXT NOT NULL, sig TEXT NOT NULL, public_key TEXT NOT NULL,
    PRIMARY KEY (device_id, seq)
  ) STRICT, WITHOUT ROWID;

  -- The roster (projection of team.*, user.*, device.* ops; folded as a whole, it is small).
  CREATE TABLE team (id TEXT PRIMARY KEY, name TEXT NOT NULL, founder_device_id TEXT NOT NULL, created_at TEXT NOT NULL) STRICT;
  CREATE TABLE users (id TEXT PRIMARY KEY, name TEXT NOT NULL, created_at TEXT NOT NULL) STRICT;
  CREATE TABLE devices (
    device_id TEXT PRIMARY KEY, public_key TEXT NOT NULL, name TEXT NOT NULL, user_id TEXT NOT NULL, role TEXT NOT NULL,
    enrolled_at TEXT NOT NULL, enrolled_by TEXT NOT NULL, addresses TEXT NOT NULL,
    revoked_at TEXT, revoked_by TEXT, revoked_up_to_seq INTEGER
  ) STRICT;

  -- Device-local, not replicated ──
  -- Invites this device issued: only a hash of the one-time secret is kept; checked by this device alone, since the
  -- joiner connects to it.
  CREATE TABLE invites (
    id TEXT PRIMARY KEY, secret_hash TEXT NOT NULL, role TEXT NOT NULL, created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL, used_at INTEGER, used_by TEXT, revoked_at INTEGER,
    -- The person the joining device will belong to, when the inviter chose one (a person's second laptop).
    user_id TEXT
  ) STRICT;
  -- Where peers may be reached: typed by hand (klaxon team connect), learnt from an invite, mDNS, or the roster.
  CREATE TABLE peer_addresses (
    address TEXT PRIMARY KEY, device_id TEXT, source TEXT NOT NULL, added_at INTEGER NOT NULL, last_ok_at INTEGER
  ) STRICT;
  -- What this device last knew of each peer: seen when, and its version vector (how far behind it is).
  CREATE TABLE peer_state (
    device_id TEXT PRIMARY KEY, last_seen_at INTEGER, connected INTEGER NOT NULL DEFAULT 0, address TEXT,
    vv TEXT, last_error TEXT
  ) STRICT;
  -- Incidents merged into another (the survivor's losers, checked when the survivor is resolved).
  CREATE INDEX incidents_merged ON incidents (merged_into) WHERE merged_into IS NOT NULL;
  -- A device that reused a seq with a different op (restored from an old backup, or worse): reported, never merged.
  CREATE TABLE forks (
    device_id TEXT NOT NULL, seq INTEGER NOT NULL, held_hash TEXT NOT NULL, offered_hash TEXT NOT NULL,
    via TEXT NOT NULL, detected_at INTEGER NOT NULL, PRIMARY KEY (device_id, seq)
  ) STRICT;
  `,
  // 5: the window's queue as a window onto the host (issue 2 §4). Each part keeps itself in step with the incidents
  // projection through triggers, so no write path has to remember it.
  `
  -- Search (src-shared/domain/search.ts): an external-content FTS5 index over the fields q searches, keyed by the
  -- incidents' rowid (stable: incidents are never deleted, and Klaxon never runs VACUUM; after one, empty the index
  -- with INSERT INTO incidents_fts(incidents_fts) VALUES ('delete-all') and set indexed_up_to to 0). detail=none and
  -- no column sizes: q needs only which rows hold a word.
  CREATE VIRTUAL TABLE IF NOT EXISTS incidents_fts USING fts5(
    title, dedup_key, source, content='incidents', content_rowid='rowid', tokenize='unicode61', detail=none, columnsize=0
  );
  -- New incidents are not indexed as they are written (a trigger per new incident doubled what the database does for
  -- one on the ingest path): incidents past indexed_up_to (rowids only grow) are indexed in one batch before the next
  -- search (src-main/store/incident-search.ts), at a small part of the cost.
  CREATE TABLE IF NOT EXISTS incidents_fts_progress (indexed_up_to INTEGER NOT NULL) STRICT;
  INSERT INTO incidents_fts_progress (indexed_up_to) SELECT 0 WHERE NOT EXISTS (SELECT 1 FROM incidents_fts_progress);
  -- An indexed incident whose searched words change (a new title; a status change rewrites the whole row, a repeat
  -- alert only its counters) is indexed again at once.
  CREATE TRIGGER IF NOT EXISTS incidents_fts_update AFTER UPDATE OF title, dedup_key, source ON incidents
  WHEN (old.title IS NOT new.title OR old.dedup_key IS NOT new.dedup_key OR old.source IS NOT new.source)
    AND old.rowid <= (SELECT indexed_up_to FROM incidents_fts_progress) BEGIN
    INSERT INTO incidents_fts (incidents_fts, rowid, title, dedup_key, source) VALUES ('delete', old.rowid, old.title, old.dedup_key, old.source);
    INSERT INTO incidents_fts (rowid, title, dedup_key, source) VALUES (new.rowid, new.title, new.dedup_key, new.source);
  END;
  CREATE TRIGGER IF NOT EXISTS incidents_fts_delete AFTER DELETE ON incidents
  WHEN old.rowid <= (SELECT indexed_up_to FROM incidents_fts_progress) BEGIN
    INSERT INTO incidents_fts (incidents_fts, rowid, title, dedup_key, source) VALUES ('delete', old.rowid, old.title, old.dedup_key, old.source);
  END;

  -- The queue order (compareForQueue in src-shared/domain/lifecycle.ts) of the stored status, as an index: a window
  -- at any offset is a walk along it, never a sort of every open incident. src-main/store/incident-queue-order.ts
  -- writes these expressions the same way (SQLite matches them by their form), and its test checks the plan. The
  -- trailing columns let filters be checked without reading the row.
  CREATE INDEX IF NOT EXISTS incidents_queue ON incidents (
    CASE status WHEN 'triggered' THEN 0 WHEN 'acknowledged' THEN 1 WHEN 'snoozed' THEN 2 WHEN 'suppressed' THEN 3 ELSE 4 END,
    CASE urgency WHEN 'HIGH' THEN 0 ELSE 1 END,
    COALESCE(priority, 'P9'),
    created_at, id, status, snoozed_until, service_id, urgency
  ) WHERE merged_into IS NULL;
  -- Incidents the clock will turn triggered (a snooze or a maintenance suppression that ends), or already has.
  CREATE INDEX IF NOT EXISTS incidents_quiet ON incidents (snoozed_until, status, service_id, urgency)
    WHERE status IN ('snoozed', 'suppressed') AND merged_into IS NULL;

  -- How many incidents there are by service, stored status and urgency (merged ones left out): counts and totals
  -- without counting rows, whatever the size of a storm.
  CREATE TABLE IF NOT EXISTS incident_counts (
    service_id TEXT NOT NULL,
    status TEXT NOT NULL,
    urgency TEXT NOT NULL,
    n INTEGER NOT NULL,
    PRIMARY KEY (service_id, status, urgency)
  ) STRICT, WITHOUT ROWID;
  CREATE TRIGGER IF NOT EXISTS incident_counts_insert AFTER INSERT ON incidents WHEN new.merged_into IS NULL BEGIN
    INSERT INTO incident_counts (service_id, status, urgency, n) VALUES (new.service_id, new.status, new.urgency, 1)
      ON CONFLICT DO UPDATE SET n = n + 1;
  END;
  CREATE TRIGGER IF NOT EXISTS incident_counts_delete AFTER DELETE ON incidents WHEN old.merged_into IS NULL BEGIN
    UPDATE incident_counts SET n = n - 1 WHERE service_id = old.service_id AND status = old.status AND urgency = old.urgency;
  END;
  CREATE TRIGGER IF NOT EXISTS incident_counts_update AFTER UPDATE OF service_id, status, urgency, merged_into ON incidents
  WHEN old.service_id IS NOT new.service_id OR old.status IS NOT new.status OR old.urgency IS NOT new.urgency
    OR old.merged_into IS NOT new.merged_into BEGIN
    UPDATE incident_counts SET n = n - 1
      WHERE old.merged_into IS NULL AND service_id = old.service_id AND status = old.status AND urgency = old.urgency;
    INSERT INTO incident_counts (service_id, status, urgency, n) SELECT new.service_id, new.status, new.urgency, 1
      WHERE new.merged_into IS NULL ON CONFLICT DO UPDATE SET n = n + 1;
  END;
  DELETE FROM incident_counts;
  INSERT INTO incident_counts (service_id, status, urgency, n)
    SELECT service_id, status, urgency, count(*) FROM incidents WHERE merged_into IS NULL GROUP BY service_id, status, urgency;
  `,
  // 6: on-call (issue 9): schedules and escalation policies (projections of their ops), the escalation anchor of an
  // incident, acknowledgement timeouts, calendar feed tokens.
  `
  -- When the incident's current triggered spell began by an op (created, re-opened, back to triggered, escalated by
  -- hand): escalation counts its delays from here. Rows written before it existed start from their creation.
  ALTER TABLE incidents ADD COLUMN triggered_at TEXT;
  UPDATE incidents SET triggered_at = created_at;
  -- An acknowledgement with a timeout keeps its end in snoozed_until (the same "quiet until" as a snooze): the
  -- incidents the clock will turn triggered again are found by this index, as incidents_quiet finds snoozes.
  CREATE INDEX IF NOT EXISTS incidents_ack_timeout ON incidents (snoozed_until, status, service_id, urgency)
    WHERE status = 'acknowledged' AND snoozed_until IS NOT NULL AND merged_into IS NULL;
  -- Folded schedules and escalation policies, one JSON document each (they are few and always read whole).
  CREATE TABLE IF NOT EXISTS schedules (id TEXT PRIMARY KEY, name TEXT NOT NULL, doc TEXT NOT NULL, deleted INTEGER NOT NULL, last_hlc TEXT NOT NULL) STRICT;
  CREATE TABLE IF NOT EXISTS escalation_policies (id TEXT PRIMARY KEY, name TEXT NOT NULL, doc TEXT NOT NULL, deleted INTEGER NOT NULL, last_hlc TEXT NOT NULL) STRICT;
  -- Device-local: calendar feed tokens (SHA-256 only). A feed is a schedule's or a person's; rotating one revokes it.
  CREATE TABLE IF NOT EXISTS calendar_feeds (
    token_hash TEXT PRIMARY KEY, kind TEXT NOT NULL, target_id TEXT NOT NULL, created_at INTEGER NOT NULL, revoked_at INTEGER
  ) STRICT;
  `,
  // 7: changes (PagerDuty Change Events, issue 11): the projection of `change.recorded` ops, found by service and time.
  `
  CREATE TABLE IF NOT EXISTS changes (
    id TEXT PRIMARY KEY,
    service_id TEXT NOT NULL,
    summary TEXT NOT NULL,
    source TEXT,
    timestamp TEXT,
    happened_at TEXT NOT NULL,
    custom_details TEXT,
    extra TEXT,
    received_at TEXT NOT NULL,
    created_by TEXT NOT NULL,
    last_hlc TEXT NOT NULL
  ) STRICT;
  -- A service's changes in a span (the ones next to an incident), and every service's (the list).
  CREATE INDEX IF NOT EXISTS changes_service_time ON changes (service_id, happened_at);
  CREATE INDEX IF NOT EXISTS changes_time ON changes (happened_at);
  `,
  // 8: monitors (issue 10): the projection of `monitor.*` ops, a heartbeat found by its push token; and the runner's
  // own record of each monitor it runs (device-local: beats are facts one device observes, replicated only as flips).
  `
  CREATE TABLE IF NOT EXISTS monitors (
    id TEXT PRIMARY KEY,
    service_id TEXT NOT NULL,
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    config TEXT NOT NULL,
    runner_device_id TEXT NOT NULL,
    token TEXT,
    paused INTEGER NOT NULL,
    deleted INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL,
    last_hlc TEXT NOT NULL
  ) STRICT;
  CREATE UNIQUE INDEX IF NOT EXISTS monitors_token ON monitors (token) WHERE token IS NOT NULL;
  CREATE TABLE IF NOT EXISTS monitor_runs (
    monitor_id TEXT PRIMARY KEY,
    state TEXT NOT NULL,
    last_beat_ms INTEGER,
    since_ms INTEGER NOT NULL,
    message TEXT
  ) STRICT;
  `,
  // 9: outbound webhooks (issue 11 §2): the projection of `webhook.*` ops, one JSON document each (few, read whole).
  `
  CREATE TABLE IF NOT EXISTS webhooks (id TEXT PRIMARY KEY, doc TEXT NOT NULL, deleted INTEGER NOT NULL, last_hlc TEXT NOT NULL) STRICT;
  -- Device-local: what this device owes each subscription (the events it wrote), with the body as first built, so a
  -- retry sends the same bytes, and where the retry schedule stands, so a restart resumes it. Times in ms.
  CREATE TABLE IF NOT EXISTS webhook_deliveries (
    id INTEGER PRIMARY KEY,
    webhook_id TEXT NOT NULL,
    message_id TEXT NOT NULL,
    event TEXT NOT NULL,
    incident_id TEXT,
    body TEXT NOT NULL,
    state TEXT NOT NULL,
    attempts INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    next_at INTEGER,
    last_attempt_at INTEGER,
    last_status INTEGER,
    last_error TEXT,
    last_response TEXT,
    last_duration_ms INTEGER,
    UNIQUE (webhook_id, message_id)
  ) STRICT;
  CREATE INDEX IF NOT EXISTS webhook_deliveries_due ON webhook_deliveries (next_at) WHERE state = 'pending';
  `,
  // 10: monitor results (issue 10 §1). `monitor_results`: every check's outcome at full detail, device-local (only the
  // runner sees its checks), kept a day. `monitor_rollups`: hourly and daily summaries, the projection of replicated
  // `monitor.rollup` ops, kept over a year, so every device's window and status page show the same history.
  `
  CREATE TABLE IF NOT EXISTS monitor_results (
    monitor_id TEXT NOT NULL,
    at_ms INTEGER NOT NULL,
    outcome TEXT NOT NULL,
    response_ms INTEGER,
    message TEXT,
    PRIMARY KEY (monitor_id, at_ms)
  ) STRICT, WITHOUT ROWID;
  CREATE INDEX IF NOT EXISTS monitor_results_time ON monitor_results (at_ms);
  CREATE TABLE IF NOT EXISTS monitor_rollups (
    monitor_id TEXT NOT NULL,
    period TEXT NOT NULL,
    start_ms INTEGER NOT NULL,
    checks INTEGER NOT NULL,
    up INTEGER NOT NULL,
    degraded INTEGER NOT NULL,
    down INTEGER NOT NULL,
    no_data_seconds INTEGER NOT NULL,
    avg_ms REAL,
    p95_ms REAL,
    last_hlc TEXT NOT NULL,
    -- The device that ran the checks: a monitor whose runner moved mid-hour has a part from each, added up on read.
    device_id TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (monitor_id, period, start_ms, device_id)
  ) STRICT, WITHOUT ROWID;
  `,
  // 11: status pages (issue 10 §2): the projection of `statuspage.*` ops, one JSON document each (few, read whole), and
  // the incidents posted to each, to answer an incident's `statusPageIds` and a page's published incidents by index.
  // The slug is not UNIQUE: two devices may take one while apart, and a replicated op must never fail to apply (the
  // page created first is served; see status-page-rows.ts).
  `
  CREATE TABLE IF NOT EXISTS status_pages (
    id TEXT PRIMARY KEY, slug TEXT NOT NULL, doc TEXT NOT NULL, deleted INTEGER NOT NULL, created_hlc TEXT NOT NULL, last_hlc TEXT NOT NULL
  ) STRICT;
  CREATE INDEX IF NOT EXISTS status_pages_slug ON status_pages (slug);
  CREATE TABLE IF NOT EXISTS status_page_incidents (
    status_page_id TEXT NOT NULL, incident_id TEXT NOT NULL, PRIMARY KEY (status_page_id, incident_id)
  ) STRICT, WITHOUT ROWID;
  CREATE INDEX IF NOT EXISTS status_page_incidents_incident ON status_page_incidents (incident_id);
  `,
  // 12: status page subscribers (issue 10 §2). `status_subscribers`: the projection of `subscriber.*` ops, found by
  // page, by address (its hash) and by confirmation token (its hash). `subscriber_notices`: device-local, what this
  // device owes each subscriber (the confirmation mail for a subscription it took, a notice for each update it
  // wrote), with the mail or body as first built and where its retry schedule stands, so a restart resumes it.
  `
  CREATE TABLE IF NOT EXISTS status_subscribers (
    id TEXT PRIMARY KEY,
    page_id TEXT NOT NULL,
    email_hash TEXT,
    confirm_hash TEXT,
    state TEXT NOT NULL,
    doc TEXT NOT NULL,
    last_hlc TEXT NOT NULL
  ) STRICT;
  CREATE INDEX IF NOT EXISTS status_subscribers_page ON status_subscribers (page_id, email_hash);
  CREATE INDEX IF NOT EXISTS status_subscribers_confirm ON status_subscribers (confirm_hash) WHERE confirm_hash IS NOT NULL;
  CREATE TABLE IF NOT EXISTS subscriber_notices (
    id INTEGER PRIMARY KEY,
    subscriber_id TEXT NOT NULL,
    message_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    payload TEXT NOT NULL,
    state TEXT NOT NULL,
    attempts INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    next_at INTEGER,
    last_attempt_at INTEGER,
    last_error TEXT,
    UNIQUE (subscriber_id, message_id)
  ) STRICT;
  CREATE INDEX IF NOT EXISTS subscriber_notices_due ON subscriber_notices (next_at) WHERE state = 'pending';
  `,
  // 13: local actions (issue 11 §2): commands this device runs on incident events, and their runs. Device-local and
  // never replicated: a teammate's command must never run on this machine. Times in ms.
  `
  CREATE TABLE IF NOT EXISTS local_actions (id TEXT PRIMARY KEY, doc TEXT NOT NULL, created_at INTEGER NOT NULL) STRICT;
  CREATE TABLE IF NOT EXISTS local_action_runs (
    id INTEGER PRIMARY KEY,
    action_id TEXT NOT NULL,
    message_id TEXT NOT NULL,
    event TEXT NOT NULL,
    incident_id TEXT,
    body TEXT NOT NULL,
    state TEXT NOT NULL,
    attempts INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    last_attempt_at INTEGER,
    exit_code INTEGER,
    signal TEXT,
    timed_out INTEGER NOT NULL DEFAULT 0,
    error TEXT,
    stdout TEXT,
    stderr TEXT,
    duration_ms INTEGER,
    UNIQUE (action_id, message_id)
  ) STRICT;
  CREATE INDEX IF NOT EXISTS local_action_runs_pending ON local_action_runs (id) WHERE state = 'pending';
  `,
  // 14: the histogram of each hour's response times per monitor, device-local (the runner's own, never replicated):
  // what the day's p95 is summed from, kept until that day is summed. Compact JSON (domain/monitors/rollup.ts).
  `
  CREATE TABLE IF NOT EXISTS monitor_hour_histograms (
    monitor_id TEXT NOT NULL,
    hour_ms INTEGER NOT NULL,
    histogram TEXT NOT NULL,
    PRIMARY KEY (hour_ms, monitor_id)
  ) STRICT, WITHOUT ROWID;
  `,
];

export const SCHEMA_VERSION = MIGRATIONS.length;
