// The engine's face to the rest of src-main: commands (async: they resolve only after their SQLite transaction
// commits), queries (sync: better-sqlite3 reads are fast and consistent), and the change feed.
import type { z } from 'zod';
import type { EventCommand, EventResult } from '../../src-shared/schemas/events.ts';
import type { Change, ChangeCommand, ListChangesQuery } from '../../src-shared/schemas/changes.ts';
import type {
  Incident, IncidentDetail, ListIncidentsQuery, ListIncidentsResponse, CreateIncident, UpdateIncident,
  StatusUpdate, AddNote, IncidentCounts,
} from '../../src-shared/schemas/incidents.ts';
import type { Service, CreateService, UpdateService, ApiKeyInfo, CreateApiKey, CreatedApiKey } from '../../src-shared/schemas/admin.ts';
import type { Settings, UpdateSettings } from '../../src-shared/schemas/settings.ts';
import type { Maintenance, CreateMaintenance, ListMaintenanceQuery } from '../../src-shared/schemas/maintenance.ts';
import type { Webhook, CreateWebhook, UpdateWebhook } from '../../src-shared/schemas/webhooks.ts';
import type { WebhookState } from '../../src-shared/domain/webhooks/fold.ts';
import type { SubscriberFacet } from './subscriber-facet.ts';
import type { Op } from '../../src-shared/domain/ops.ts';
import type { IncidentState } from '../../src-shared/domain/incident-fold.ts';
import type { Clock } from '../clock.ts';
import type { RosterState, DeviceRole } from '../../src-shared/domain/roster.ts';
import type { SignedHead } from '../store/op-chain.ts';
import type { ForksTable } from '../store/schema.ts';
import type { Store } from '../store/database.ts';
import type { InviteRow } from '../store/invites.ts';
import type { RemoteBatch, BatchCheck } from './remote-batch.ts';
import type { JoinRequest } from './commands/team-commands.ts';
import type { QuarantinedOp } from '../store/quarantine.ts';
import type {
  Schedule, CreateSchedule, UpdateSchedule, CreateOverride, Override, EscalationPolicy, CreateEscalationPolicy, UpdateEscalationPolicy,
  Shift, OnCallNow, EscalationState, ReportQuery, ReportResponse,
} from '../../src-shared/schemas/oncall.ts';
import type { CalendarFeedKind } from '../store/calendar-feeds.ts';
import type { MonitorMethods } from './monitor-facet.ts';
import type { StatusPageMethods } from './status-page-facet.ts';

/** Who did it: `user:<name>`, `key:<id>`, `integration:<serviceId>`, `device:<id>`, `system`. */
export type Actor = string;

/** Announced after a transaction commits: the ops it appended and what they touched. */
export interface EngineChange {
  ops: Op[];
  incidentIds: string[];
  services: boolean;
  keys: boolean;
  maintenance: boolean;
  settings: boolean;
  /** The team's roster (team, people, devices) changed. */
  roster?: boolean;
  /** Schedules, overrides or escalation policies changed. */
  oncall?: boolean;
  /** Changes (change events) were recorded. */
  changes?: boolean;
  /** Monitors changed, or their runners' hourly or daily rollups arrived. */
  monitors?: boolean;
  /** Written by another process on the same data dir (the CLI while serving), noticed here afterwards. */
  fromOtherProcess?: boolean;
}

export interface AuthenticatedKey { key: ApiKeyInfo }

/** Monitors, status pages and their subscribers (issue 10): see monitor-facet.ts, status-page-facet.ts, subscriber-facet.ts. */
export interface Engine extends MonitorMethods, StatusPageMethods, SubscriberFacet {
  readonly deviceId: string;
  readonly clock: Clock;
  /** The data dir whose SQLite file this engine owns (the browser bridge keeps its sign-in tables there too). */
  readonly dataDir: string;
  /**
   * The store, for sync's device-local tables (peer addresses and state, the device certificate in meta). Ops and
   * projections are written only through the commands above.
   */
  readonly store: Store;

  // ── commands: each resolves after its ops are committed (group commit may share one transaction) ──
  ingestEvent(cmd: EventCommand): Promise<EventResult>;
  /** A change (PagerDuty Change Events) on the routing key's service; 400 INVALID_ROUTING_KEY if it names none. Never pages. */
  recordChange(cmd: ChangeCommand): Promise<Change>;
  createIncident(input: z.output<typeof CreateIncident>, actor: Actor): Promise<Incident>;
  updateIncident(id: string, patch: z.output<typeof UpdateIncident>, actor: Actor): Promise<Incident>;
  acknowledge(ids: string[], actor: Actor): Promise<Incident[]>;
  resolve(ids: string[], actor: Actor): Promise<Incident[]>;
  snooze(ids: string[], minutes: number, actor: Actor): Promise<Incident[]>;
  postStatusUpdate(id: string, update: z.output<typeof StatusUpdate>, actor: Actor): Promise<IncidentDetail>;
  addNote(id: string, note: z.output<typeof AddNote>, actor: Actor): Promise<IncidentDetail>;
  createService(input: z.output<typeof CreateService>): Promise<Service>;
  updateService(id: string, patch: z.output<typeof UpdateService>): Promise<Service>;
  createKey(input: z.output<typeof CreateApiKey>): Promise<CreatedApiKey>;
  revokeKey(id: string): Promise<ApiKeyInfo>;
  updateSettings(patch: z.output<typeof UpdateSettings>): Promise<Settings>;
  /** A maintenance window (seed 002); 400 INVALID_SERVICE if it names a service that does not exist. */
  scheduleMaintenance(input: z.output<typeof CreateMaintenance>, actor: Actor): Promise<Maintenance>;
  /** Cancels a window that has not ended (ends it now if it is in progress); 409 if it is over already. */
  cancelMaintenance(id: string, actor: Actor): Promise<Maintenance>;
  /** An outbound webhook subscription with a new signing secret; 400 INVALID_SERVICE if it names an unknown service. */
  createWebhook(input: z.output<typeof CreateWebhook>, actor: Actor): Promise<Webhook>;
  /** 404 NOT_FOUND if there is no such subscription (or it was deleted). */
  updateWebhook(id: string, patch: z.output<typeof UpdateWebhook>, actor: Actor): Promise<Webhook>;
  /** Answers the subscription as it was; 404 if there is none. */
  deleteWebhook(id: string, actor: Actor): Promise<Webhook>;
  /**
   * Ops from a peer (sync): appended idempotently by id, entities re-folded when they arrive out of order. Never
   * fails because of one op: a malformed envelope is skipped (logged), an op whose data breaks the rules (op schemas,
   * free-form limits) is stored but never folded, and listed by `quarantinedOps` with its reason. Counts leave
   * out ops already held.
   */
  applyRemoteOps(ops: readonly unknown[]): Promise<{ applied: number; quarantined: number; skipped: number }>;
  /** Peers' ops kept aside (held in the log, never folded), oldest first. */
  quarantinedOps(): QuarantinedOp[];
  /**
   * One device's ops as sync delivers them, closed by the head that device signed: checked (chain, signature,
   * roster, forks) and applied in one transaction. `held`: that device's contiguous seq here afterwards.
   */
  applyRemoteBatch(batch: RemoteBatch, opts: { trustFounder: string | null }): Promise<{ applied: number; held: number; problem: Extract<BatchCheck, { ok: false }> | null }>;

  // ── the team ──
  /** This device's public key (base64url SPKI DER); its fingerprint is the device id. */
  readonly publicKey: string;
  roster(): RosterState;
  /** Who acts from this device: its person (`user:<userId>`) once it has one, else `user:<settings' name>`. */
  localActor(): string;
  createTeam(input: { name: string; deviceName: string; userName: string }): Promise<{ teamId: string; userId: string }>;
  enrolWithInvite(req: JoinRequest): Promise<{ userId: string; role: DeviceRole }>;
  revokeDevice(deviceId: string, reason: string | null): Promise<void>;
  setDeviceRole(deviceId: string, role: DeviceRole): Promise<void>;
  /** Announces this device's name or sync addresses to the team if they changed; false if nothing to say. */
  describeSelf(fields: { name?: string; addresses?: string[] }): Promise<boolean>;
  createUser(name: string): Promise<string>;
  /** Before a join's first sync: the team this device is joining (its roster takes no other team's founding). */
  joiningTeam(teamId: string): Promise<void>;
  /** An invite (device-local: only this device checks it); the secret is returned once and kept only hashed. */
  /** `userId`: the joining device will be this person's (another laptop of someone already in the team). */
  createInvite(input: { role: DeviceRole; expiresAt: number; userId?: string }): Promise<{ id: string; secret: string }>;
  listInvites(): InviteRow[];
  revokeInvite(id: string): boolean;
  /** This device's signed head at `seq` (at most what is on disk), signing it if needed; null before any op. */
  ownHead(seq: number): SignedHead | null;
  headAtOrBelow(deviceId: string, seq: number): SignedHead | null;
  /** Up to which seq every op of this device is held here (this device's own: on disk). */
  contiguousSeq(deviceId: string): number;
  forks(): ForksTable[];

  // ── on-call (issue 9): schedules, overrides, escalation policies; who is on call and who is paged ──
  /** This device's person: the roster's in a team, else its own (meta `self_user_id`); null before it has one. */
  localUserId(): string | null;
  /** This device's person, created (a `user.created` op named after settings' userName) if it has none yet. */
  ensureLocalUser(): Promise<string>;
  /** 400 VALIDATION_FAILED naming the field for an unknown person or an impossible wall time. */
  createSchedule(input: z.output<typeof CreateSchedule>, actor: Actor): Promise<Schedule>;
  updateSchedule(id: string, patch: z.output<typeof UpdateSchedule>, actor: Actor): Promise<Schedule>;
  /** 409 CONFLICT while an escalation policy pages it. Answers the schedule as it was. */
  deleteSchedule(id: string, actor: Actor): Promise<Schedule>;
  addOverride(id: string, input: z.output<typeof CreateOverride>, actor: Actor): Promise<Override>;
  removeOverride(id: string, overrideId: string, actor: Actor): Promise<Schedule>;
  /** 400 VALIDATION_FAILED naming the target that is no known person or schedule. */
  createPolicy(input: z.output<typeof CreateEscalationPolicy>, actor: Actor): Promise<EscalationPolicy>;
  updatePolicy(id: string, patch: z.output<typeof UpdateEscalationPolicy>, actor: Actor): Promise<EscalationPolicy>;
  /** 409 CONFLICT while a service uses it. Answers the policy as it was. */
  deletePolicy(id: string, actor: Actor): Promise<EscalationPolicy>;
  /** Schedules not deleted, by name, each with the overrides that have not ended. */
  listSchedules(): Schedule[];
  getSchedule(id: string): Schedule;
  listPolicies(): EscalationPolicy[];
  getPolicy(id: string): EscalationPolicy;
  /** Contiguous spells of one person each within [fromMs, toMs), overrides applied; 404 for an unknown schedule. */
  shifts(id: string, fromMs: number, toMs: number): Shift[];
  /** Who is on call at `atMs` for every schedule (until when, and who next) and every policy level. */
  onCallNow(atMs: number): OnCallNow;
  /**
   * "Escalate now": the level after the current one (after the last: level 1), paged at once even after an
   * acknowledgement. 409 CONFLICT when the service has no escalation policy, ILLEGAL_TRANSITION when resolved.
   */
  escalate(id: string, actor: Actor): Promise<IncidentDetail>;
  /**
   * For the pager: where the incident's escalation stands at `nowMs` (null: its service has no policy, every device
   * pages) and the next instant that may change by the clock alone (null: none until an op arrives). The answer is
   * kept and handed out again (the same object, not to be changed) until the incident, its service, the schedules and
   * policies change or that instant comes.
   */
  pagingFor(incident: IncidentState, nowMs: number): { escalation: EscalationState | null; wakeAt: number | null };
  /**
   * One person's shifts on every schedule overlapping [fromMs, toMs), instants in ms, each whole: its true start and
   * end, an override next to their own turn joined to it (shift reminders). None for null.
   */
  shiftsOfUser(userId: string | null, fromMs: number, toMs: number): { scheduleId: string; scheduleName: string; start: number; end: number }[];
  /** Weekly MTTA, MTTR, counts and pages of the incidents created in the range, per service or person (reports.ts). */
  report(query: z.output<typeof ReportQuery>): ReportResponse;
  /** Calendar feed tokens (device-local, kept hashed): the token in a feed's URL is its only credential. */
  readonly calendarFeeds: {
    /**
     * A new URL token for the feed (returned once) if it has none or `rotate`: every earlier one stops working.
     * Otherwise when its live one was made (checked and made in one transaction, so two asks cannot both make one).
     */
    issue(kind: CalendarFeedKind, id: string, rotate: boolean): Promise<{ token: string; createdAt: number } | { liveSince: number }>;
    /** Whether the token opens this very feed now. */
    opens(kind: CalendarFeedKind, id: string, token: string): boolean;
  };

  // ── queries (throw KlaxonError NOT_FOUND where a single thing is asked for and missing) ──
  listIncidents(query: z.output<typeof ListIncidentsQuery>): ListIncidentsResponse;
  getIncident(id: string): IncidentDetail;
  /** Changes that happened in the span (all services, or one), newest first. */
  listChanges(query: z.output<typeof ListChangesQuery>): Change[];
  /**
   * How many incidents there are by effective status and urgency now (merged ones left out), from the maintained
   * counts: cheap at any size (GET /metrics reads it at every scrape).
   */
  incidentCounts(): IncidentCounts;
  /** Folded state of open incidents (for the pager, which derives paging from state and clock). */
  openIncidentStates(): IncidentState[];
  /**
   * Incidents opened since `sinceMs`, per service (how big an alert storm is; see src-shared/domain/storm.ts),
   * counting no further than `atMost` in all.
   */
  incidentsOpenedSince(sinceMs: number, atMost?: number): { serviceId: string; count: number }[];
  /** The API shape of incidents by id (missing ids are left out). */
  incidentsByIds(ids: string[]): Incident[];
  /** The folded states of these incidents (those that exist), for the pager's planning. */
  incidentStatesByIds(ids: string[]): IncidentState[];
  /** Every op held of one incident (any order). */
  incidentOps(id: string): Op[];
  listServices(): Service[];
  getService(id: string): Service | null;
  serviceByRoutingKey(routingKey: string): Service | null;
  listKeys(): ApiKeyInfo[];
  /** Checks a presented API key (constant-time hash compare); records last use. Null if unknown or revoked. */
  authenticate(secret: string): AuthenticatedKey | null;
  getSettings(): Settings;
  listMaintenance(query: z.output<typeof ListMaintenanceQuery>): Maintenance[];
  getMaintenance(id: string): Maintenance;
  listWebhooks(): Webhook[];
  getWebhook(id: string): Webhook;
  /** The subscriptions as folded, for the delivery runner. */
  webhookStates(): WebhookState[];
  /** Ops after a device's seq (sync). */
  /** This device's own ops only once they are on disk. */
  opsSince(deviceId: string, afterSeq: number, limit: number): Op[];
  /** `{deviceId → highest contiguous seq}` of the ops held here. */
  versionVector(): Record<string, number>;

  /** Null while writes are taken; otherwise why every write is refused until a restart (the disk refused a flush). */
  writesRefused(): string | null;
  onChange(listener: (change: EngineChange) => void): () => void;
  /**
   * What `kill -9` does to this engine, for crash tests in one process: queued commands are dropped unanswered and the
   * database is closed where it stands (committed transactions survive, as they would on disk).
   */
  abandon(): void;
  /** Finishes queued commands, then closes the database. */
  close(): Promise<void>;
}
