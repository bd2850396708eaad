// The engine's face to the rest of src-main: commands (async: they resolve only after their SQLite transaction
// commits), queries (sync: better-sqlite3 reads are fast and consistent), and the change feed.
import type { z } from 'zod';
import type { EventCommand, EventResult } from '../../src-shared/schemas/events.ts';
import type {
  Incident, IncidentDetail, ListIncidentsQuery, ListIncidentsResponse, CreateIncident, UpdateIncident,
  StatusUpdate, AddNote,
} from '../../src-shared/schemas/incidents.ts';
import type { Service, CreateService, UpdateService, ApiKeyInfo, CreateApiKey, CreatedApiKey } from '../../src-shared/schemas/admin.ts';
import type { Settings, UpdateSettings } from '../../src-shared/schemas/settings.ts';
import type { Maintenance, CreateMaintenance, ListMaintenanceQuery } from '../../src-shared/schemas/maintenance.ts';
import type { Op } from '../../src-shared/domain/ops.ts';
import type { IncidentState } from '../../src-shared/domain/incident-fold.ts';
import type { Clock } from '../clock.ts';
import type { QuarantinedOp } from '../store/quarantine.ts';

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
  /** Written by another process on the same data dir (the CLI while serving), noticed here afterwards. */
  fromOtherProcess?: boolean;
}

export interface AuthenticatedKey { key: ApiKeyInfo }

export interface Engine {
  readonly deviceId: string;
  readonly clock: Clock;
  /** The data dir whose SQLite file this engine owns (the browser bridge keeps its sign-in tables there too). */
  readonly dataDir: string;

  // ── commands: each resolves after its ops are committed (group commit may share one transaction) ──
  ingestEvent(cmd: EventCommand): Promise<EventResult>;
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
  /**
   * Ops from a peer (sync): appended idempotently by id, entities re-folded when they arrive out of order. Never
   * fails because of one op: a malformed envelope is skipped (logged), an op whose data breaks the rules (op schemas,
   * free-form limits) is stored but never folded, and listed by `quarantinedOps` with its reason. Counts leave
   * out ops already held.
   */
  applyRemoteOps(ops: readonly unknown[]): Promise<{ applied: number; quarantined: number; skipped: number }>;
  /** Peers' ops kept aside (held in the log, never folded), oldest first. */
  quarantinedOps(): QuarantinedOp[];

  // ── queries (throw KlaxonError NOT_FOUND where a single thing is asked for and missing) ──
  listIncidents(query: z.output<typeof ListIncidentsQuery>): ListIncidentsResponse;
  getIncident(id: string): IncidentDetail;
  /** Folded state of open incidents (for the pager, which derives paging from state and clock). */
  openIncidentStates(): IncidentState[];
  /** The API shape of incidents by id (missing ids are left out). */
  incidentsByIds(ids: string[]): Incident[];
  listServices(): Service[];
  getService(id: string): Service | null;
  serviceByRoutingKey(routingKey: string): Service | null;
  listKeys(): ApiKeyInfo[];
  /** Checks a presented API key (constant-time hash compare); records last use. Null if unknown or revoked. */
  authenticate(secret: string): AuthenticatedKey | null;
  getSettings(): Settings;
  listMaintenance(query: z.output<typeof ListMaintenanceQuery>): Maintenance[];
  getMaintenance(id: string): Maintenance;
  /** Ops after a device's seq (sync). */
  /** This device's own ops only once they are on disk. */
  opsSince(deviceId: string, afterSeq: number, limit: number): Op[];
  /** `{deviceId → highest contiguous seq}` of the ops held here. */
  versionVector(): Record<string, number>;

  /** Null while writes are taken; otherwise why every write is refused until a restart (the disk refused a flush). */
  writesRefused(): string | null;
  onChange(listener: (change: EngineChange) => void): () => void;
  /** Finishes queued commands, then closes the database. */
  close(): Promise<void>;
}
