// Table types for kysely. Kysely builds the queries (typed); better-sqlite3 runs them synchronously, so a command's
// reads and writes happen inside one SQLite transaction without awaiting.

import type { Generated } from 'kysely';

export interface OpsTable {
  id: string;
  device_id: string;
  seq: number;
  hlc: string;
  type: string;
  entity: string;
  data: string;
  received_at: number;
  /** SHA-256 chain over this device's ops up to this one (op-chain.ts); null only before chains were filled. */
  chain: string | null;
}

export interface IncidentsTable {
  id: string;
  service_id: string;
  dedup_key: string | null;
  title: string;
  description: string | null;
  status: string;
  progress: string;
  urgency: string;
  priority: string | null;
  severity: string;
  impact: string | null;
  source: string | null;
  custom_details: string | null;
  extra: string | null;
  assignee_id: string | null;
  acknowledged_at: string | null;
  acknowledged_by: string | null;
  resolved_at: string | null;
  resolved_by: string | null;
  snoozed_until: string | null;
  auto_created: number;
  alert_count: number;
  episode: number;
  escalation_level: number;
  merged_into: string | null;
  created_at: string;
  updated_at: string;
  last_event_at: string;
  last_hlc: string;
  /** When the current triggered spell began by an op (escalation counts from here); migration 6. */
  triggered_at: string | null;
}

export interface ServicesTable {
  id: string;
  name: string;
  routing_key: string;
  urgency_rule: string;
  suppression_rules: string;
  created_at: string;
  last_hlc: string;
}

export interface ApiKeysTable {
  id: string;
  name: string;
  scopes: string;
  prefix: string;
  hash: string;
  created_at: string;
  revoked_at: string | null;
  last_hlc: string;
}

/** Maintenance windows (projection of maintenance.* ops). */
export interface MaintenanceWindowsTable {
  id: string;
  title: string;
  message: string | null;
  impact: string;
  starts_at: string;
  ends_at: string;
  service_ids: string;
  created_at: string;
  created_by: string;
  cancelled_at: string | null;
  cancelled_by: string | null;
  last_hlc: string;
}

/** Incidents by service, stored status and urgency, merged ones left out (kept by triggers, migration 4). */
export interface IncidentCountsTable {
  service_id: string;
  status: string;
  urgency: string;
  n: number;
}

/** Device-local, not replicated: when this device last saw each key used. */
export interface KeyUsageTable {
  key_id: string;
  last_used_at: string;
}

/** Device-local, not replicated: identity, settings. */
export interface MetaTable {
  key: string;
  value: string;
}

export interface OpHeadsTable { device_id: string; seq: number; hash: string; sig: string; public_key: string }
export interface TeamTable { id: string; name: string; founder_device_id: string; created_at: string }
export interface UsersTable { id: string; name: string; created_at: string }
export interface DevicesTable {
  device_id: string; public_key: string; name: string; user_id: string; role: string; enrolled_at: string;
  enrolled_by: string; addresses: string; revoked_at: string | null; revoked_by: string | null; revoked_up_to_seq: number | null;
}
/** Device-local: invites this device issued (hash of the secret only). */
export interface InvitesTable {
  id: string; secret_hash: string; role: string; created_at: number; expires_at: number;
  used_at: number | null; used_by: string | null; revoked_at: number | null;
  /** The person the joining device will belong to (null: a new person, named by the joiner). */
  user_id: string | null;
}
/** Device-local: where peers may be reached. */
export interface PeerAddressesTable { address: string; device_id: string | null; source: string; added_at: number; last_ok_at: number | null }
/** Device-local: what this device last knew of each peer. */
export interface PeerStateTable { device_id: string; last_seen_at: number | null; connected: number; address: string | null; vv: string | null; last_error: string | null }
/** Device-local: seqs a device used twice for different ops. */
export interface ForksTable { device_id: string; seq: number; held_hash: string; offered_hash: string; via: string; detected_at: number }
/** A peer's op stored in the log but never folded, and why (see judgeRemoteOp in src-shared/domain/ops.ts). */
export interface QuarantinedOpsTable {
  op_id: string;
  reason: string;
  received_at: number;
}

/** Folded schedules and escalation policies (migration 6): the API's shape as JSON, plus a tombstone. */
export interface OnCallDocTable { id: string; name: string; doc: string; deleted: number; last_hlc: string }
/** Device-local: calendar feed tokens (hash only). */
export interface CalendarFeedsTable { token_hash: string; kind: string; target_id: string; created_at: number; revoked_at: number | null }

/** Changes (migration 7): the fold of each `change.recorded` op; free-form JSON as text. */
export interface ChangesTable {
  id: string; service_id: string; summary: string; source: string | null; timestamp: string | null; happened_at: string;
  custom_details: string | null; extra: string | null; received_at: string; created_by: string; last_hlc: string;
}

export interface MonitorsTable {
  id: string; service_id: string; name: string; kind: string; config: string; runner_device_id: string; token: string | null;
  paused: number; deleted: number; created_at: string; created_by: string; last_hlc: string;
}

/** The runner's own record of a monitor (device-local): its verdict, the last beat and since when the verdict holds. */
export interface MonitorRunsTable { monitor_id: string; state: string; last_beat_ms: number | null; since_ms: number; message: string | null }

/** Webhook subscriptions (migration 8): the fold of their ops as JSON, plus a tombstone. */
export interface WebhooksTable { id: string; doc: string; deleted: number; last_hlc: string }

/** Device-local: this device's deliveries to webhook subscriptions and their retry schedule (migration 8). */
export interface WebhookDeliveriesTable {
  id: Generated<number>; webhook_id: string; message_id: string; event: string; incident_id: string | null; body: string;
  state: string; attempts: number; created_at: number; next_at: number | null; last_attempt_at: number | null;
  last_status: number | null; last_error: string | null; last_response: string | null; last_duration_ms: number | null;
}

/** Device-local (migration 10): each check's outcome on the runner, kept a day. Times in ms. */
export interface MonitorResultsTable { monitor_id: string; at_ms: number; outcome: string; response_ms: number | null; message: string | null }

/** Hourly and daily summaries of a monitor's checks (migration 10): the fold of replicated `monitor.rollup` ops. */
export interface MonitorRollupsTable {
  monitor_id: string; period: string; start_ms: number; checks: number; up: number; degraded: number; down: number;
  no_data_seconds: number; avg_ms: number | null; p95_ms: number | null; last_hlc: string;
  /** The device whose checks these are (a runner that moved mid-period leaves a part on each). */
  device_id: Generated<string>;
}

/** Status pages (migration 11): the fold of their ops as JSON, plus slug, tombstone and creation order. */
export interface StatusPagesTable { id: string; slug: string; doc: string; deleted: number; created_hlc: string; last_hlc: string }
/** Incidents posted to each status page (migration 11). */
export interface StatusPageIncidentsTable { status_page_id: string; incident_id: string }

/** Status page subscribers (migration 12): the fold of their ops as JSON, with the columns they are found by. */
export interface StatusSubscribersTable {
  id: string; page_id: string; email_hash: string | null; confirm_hash: string | null; state: string; doc: string; last_hlc: string;
}

/** Device-local (migration 12): the mails and webhook bodies this device owes subscribers, and their retry schedule. */
export interface SubscriberNoticesTable {
  id: Generated<number>; subscriber_id: string; message_id: string; kind: string; payload: string; state: string; attempts: number;
  created_at: number; next_at: number | null; last_attempt_at: number | null; last_error: string | null;
}

export interface Database {
  status_pages: StatusPagesTable;
  status_page_incidents: StatusPageIncidentsTable;
  status_subscribers: StatusSubscribersTable;
  subscriber_notices: SubscriberNoticesTable;
  monitor_results: MonitorResultsTable;
  monitor_rollups: MonitorRollupsTable;
  webhooks: WebhooksTable;
  webhook_deliveries: WebhookDeliveriesTable;
  changes: ChangesTable;
  monitors: MonitorsTable;
  monitor_runs: MonitorRunsTable;
  schedules: OnCallDocTable;
  escalation_policies: OnCallDocTable;
  calendar_feeds: CalendarFeedsTable;
  op_heads: OpHeadsTable;
  team: TeamTable;
  users: UsersTable;
  devices: DevicesTable;
  invites: InvitesTable;
  peer_addresses: PeerAddressesTable;
  peer_state: PeerStateTable;
  forks: ForksTable;
  ops: OpsTable;
  incidents: IncidentsTable;
  services: ServicesTable;
  api_keys: ApiKeysTable;
  maintenance_windows: MaintenanceWindowsTable;
  incident_counts: IncidentCountsTable;
  key_usage: KeyUsageTable;
  meta: MetaTable;
  quarantined_ops: QuarantinedOpsTable;
}
