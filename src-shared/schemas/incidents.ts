// The Incidents API (seed 001) and the status-page updates (seed 002): request bodies, query parameters and the
// shapes the API answers with. The API speaks camelCase as seed 001 does.
import { z } from 'zod';
import { Change } from './changes.ts';
import {
  Urgency, Priority, Severity, Impact, Progress, IsoDateTime, JsonObject,
  RESPONDER_STATUSES, PROGRESS_STATUSES, IMPACTS, SEVERITIES, URGENCIES, PRIORITIES,
} from './common.ts';
import { MAX_SEARCH_LENGTH } from '../domain/search.ts';
import { EscalationState } from './oncall.ts';

/**
 * Status names a client may send. Seed 001 filters with `triggered` and patches with `OPEN`; both mean the same
 * responder state. Mapping (case-insensitive): OPEN → triggered, TRIGGERED → triggered, ACKNOWLEDGED → acknowledged,
 * RESOLVED → resolved, SNOOZED → snoozed, SUPPRESSED → suppressed (filter only).
 */
export const StatusFilter = z.preprocess(
  (v) => (typeof v === 'string' ? (v.toLowerCase() === 'open' ? 'triggered' : v.toLowerCase()) : v),
  z.enum(RESPONDER_STATUSES),
);
export const PatchStatus = z.preprocess(
  (v) => (typeof v === 'string' ? (v.toLowerCase() === 'open' ? 'triggered' : v.toLowerCase()) : v),
  z.enum(['triggered', 'acknowledged', 'resolved', 'snoozed']),
);
export type PatchStatus = z.infer<typeof PatchStatus>;

export const TIMELINE_KINDS = [
  'triggered', 'alert', 'acknowledged', 'unacknowledged', 'snoozed', 'resolved', 'reopened', 'suppressed',
  'changed', 'status_update', 'note', 'escalated', 'merged',
] as const;
export type TimelineKind = (typeof TIMELINE_KINDS)[number];

export const TimelineEntry = z.object({
  id: z.string(),
  at: IsoDateTime,
  kind: z.enum(TIMELINE_KINDS),
  actor: z.string().nullable(),
  message: z.string(),
  data: JsonObject,
});
export type TimelineEntry = z.infer<typeof TimelineEntry>;

export const ServiceRef = z.object({ id: z.string(), name: z.string() });

/** One incident as the API answers it. `status` is the effective responder status at the time of the answer. */
export const Incident = z.object({
  id: z.string(),
  title: z.string(),
  description: z.string().nullable(),
  status: z.enum(RESPONDER_STATUSES),
  progress: z.enum(PROGRESS_STATUSES),
  urgency: z.enum(URGENCIES),
  priority: z.enum(PRIORITIES).nullable(),
  severity: z.enum(SEVERITIES),
  impact: z.enum(IMPACTS).nullable(),
  service: ServiceRef,
  serviceId: z.string(),
  dedupKey: z.string().nullable(),
  source: z.string().nullable(),
  customDetails: z.unknown().nullable(),
  extra: JsonObject.nullable(),
  assignee: z.object({ id: z.string() }).nullable(),
  acknowledgedAt: IsoDateTime.nullable(),
  acknowledgedBy: z.string().nullable(),
  resolvedAt: IsoDateTime.nullable(),
  resolvedBy: z.string().nullable(),
  /** While snoozed, or suppressed by a maintenance window: when it is triggered again by itself. */
  snoozedUntil: IsoDateTime.nullable(),
  /** While acknowledged on a service with an acknowledgement timeout: when it goes back to triggered by itself. */
  acknowledgedUntil: IsoDateTime.nullable(),
  autoCreated: z.boolean(),
  /** The monitors it is about (seed 004's `affected_http_job_ids`): a monitor's own incident names it. */
  affectedMonitorIds: z.array(z.string()),
  alertCount: z.number().int(),
  episode: z.number().int(),
  /**
   * In a list (and the changes pushed to the window): the level last escalated to by hand ("escalate now"), 0 for
   * none. In an incident's detail, on a service with an escalation policy: the level escalation is at now, as
   * `escalation.level` (0 while it has stopped).
   */
  escalationLevel: z.number().int(),
  mergedInto: z.string().nullable(),
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
  lastEventAt: IsoDateTime,
  /**
   * The status pages that publish it (seed 004's `status_page_id`): those it was posted to, and those that publish
   * every incident of its service. Always answered by the API; optional for snapshots made before status pages.
   */
  statusPageIds: z.array(z.string()).optional(),
});
export type Incident = z.infer<typeof Incident>;

export const IncidentDetail = Incident.extend({
  timeline: z.array(TimelineEntry),
  /** Where escalation stands now (derived from the service's policy, the schedules and the clock); null: no policy. */
  escalation: EscalationState.nullable(),
  /** Changes to the incident's service in the hour before it was created, newest first: what may have caused it. */
  recentChanges: z.array(Change),
});
export type IncidentDetail = z.infer<typeof IncidentDetail>;

/** How a list is ordered: `newest` first (the API's default, paged by cursor), or the window's `queue` order. */
export const LIST_ORDERS = ['newest', 'queue'] as const;

/** A yes/no query parameter: `true`/`false` (or `1`/`0`) in a URL, a boolean through the bridge. */
const QueryFlag = z.preprocess((v) => (v === 'true' || v === '1' ? true : v === 'false' || v === '0' ? false : v), z.boolean());

export const ListIncidentsQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  status: z.union([StatusFilter, z.array(StatusFilter)]).optional(),
  serviceId: z.string().optional(),
  urgency: Urgency.optional(),
  /** Free-text search: see src-shared/domain/search.ts (title, dedup key, source, service name, id). */
  q: z.string().max(MAX_SEARCH_LENGTH).optional(),
  cursor: z.string().optional(),
  /**
   * `newest` (when left out): newest first. `queue`: the window's order (compareForQueue: triggered, acknowledged,
   * snoozed, suppressed, resolved; HIGH first; P1 first; oldest first), paged with `offset`.
   */
  order: z.enum(LIST_ORDERS).optional(),
  /** Skips this many matching incidents: a window at any depth of the list (instead of a cursor). */
  offset: z.coerce.number().int().min(0).max(2 ** 31 - 1).optional(),
  /** Also answer `counts` (and `nextStatusChangeAt`), for the window's filters and header. */
  counts: QueryFlag.optional(),
}).superRefine((q, ctx) => {
  if (q.cursor === undefined) return;
  if (q.offset !== undefined) ctx.addIssue({ code: 'custom', path: ['cursor'], message: 'give either cursor or offset, not both' });
  else if (q.order === 'queue') ctx.addIssue({ code: 'custom', path: ['cursor'], message: 'the queue order pages with offset, not cursor' });
});
export type ListIncidentsQuery = z.input<typeof ListIncidentsQuery>;

const UrgencyCounts = z.object({ HIGH: z.number().int(), LOW: z.number().int() });

/**
 * Incidents matching `serviceId` and `q` (whatever `status` and `urgency` ask) by effective status and urgency:
 * the numbers a filter on status or urgency would show.
 */
export const IncidentCounts = z.object(
  Object.fromEntries(RESPONDER_STATUSES.map((s) => [s, UrgencyCounts])) as Record<(typeof RESPONDER_STATUSES)[number], typeof UrgencyCounts>,
);
export type IncidentCounts = z.infer<typeof IncidentCounts>;

export const ListIncidentsResponse = z.object({
  incidents: z.array(Incident),
  total: z.number().int(),
  nextCursor: z.string().nullable(),
  /** With `counts=true`. */
  counts: IncidentCounts.optional(),
  /** With `counts=true`: the next instant the clock alone moves an incident to another status (a snooze ends), if any. */
  nextStatusChangeAt: IsoDateTime.nullable().optional(),
});
export type ListIncidentsResponse = z.infer<typeof ListIncidentsResponse>;

export const CreateIncident = z.object({
  title: z.string().trim().min(1).max(1024),
  /**
   * Seed 001 requires it; seed 002's status-page example creates an incident without one. Both work: without a
   * serviceId the incident belongs to the default service (the first one, made by `klaxon init`).
   */
  serviceId: z.string().min(1).optional(),
  description: z.string().max(64 * 1024).optional(),
  urgency: Urgency.optional(),
  priority: Priority.optional(),
  severity: Severity.optional(),
  impact: Impact.optional(),
  /** Seed 002 lets the creator set the public progress and post a first message in the same call. */
  status: Progress.optional(),
  message: z.string().max(64 * 1024).optional(),
  dedupKey: z.string().min(1).max(255).optional(),
}).strict();
export type CreateIncident = z.input<typeof CreateIncident>;

export const UpdateIncident = z.object({
  status: PatchStatus.optional(),
  urgency: Urgency.optional(),
  priority: z.union([Priority, z.literal(''), z.null()]).optional(),
  /** A user id, or empty string / null to unassign (seed 001). */
  assigneeId: z.union([z.string(), z.null()]).optional(),
  title: z.string().trim().min(1).max(1024).optional(),
  description: z.string().max(64 * 1024).optional(),
  severity: Severity.optional(),
  impact: Impact.optional(),
  /** With status SNOOZED: for how long (minutes) or until when. Default one hour. */
  snoozeMinutes: z.number().int().min(1).max(60 * 24 * 30).optional(),
  snoozedUntil: IsoDateTime.optional(),
}).strict().refine((p) => Object.keys(p).length > 0, { message: 'nothing to update' });
export type UpdateIncident = z.input<typeof UpdateIncident>;

/** Seed 002's status-page update: progress + message (+ impact). */
export const StatusUpdate = z.object({
  status: Progress,
  message: z.string().trim().min(1).max(64 * 1024),
  impact: Impact.optional(),
}).strict();
export type StatusUpdate = z.input<typeof StatusUpdate>;

export const AddNote = z.object({ text: z.string().trim().min(1).max(64 * 1024) }).strict();
export type AddNote = z.input<typeof AddNote>;

export const IncidentIdParam = z.object({ id: z.string().min(1) });

/** An alert storm on now (src-shared/domain/storm.ts), as the window shows it above the queue. */
export const Storm = z.object({
  count: z.number().int().min(0),
  windowMinutes: z.number().int().min(1),
  services: z.array(z.object({ id: z.string(), name: z.string(), count: z.number().int().min(0) })),
});
export type Storm = z.infer<typeof Storm>;
