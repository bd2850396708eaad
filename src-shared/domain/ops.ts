// Ops: the facts the op log records and sync replicates. An op says what happened ("acknowledged by user_123"),
// never a whole row; every projection is a fold of ops. Unknown op types are stored and kept (mixed app versions
// can sync), and folds ignore them.
import { z } from 'zod';
import { JsonObject, SEVERITIES, URGENCIES, PRIORITIES, IMPACTS, PROGRESS_STATUSES, SCOPES } from '../schemas/common.ts';
import { URGENCY_RULES, SuppressionRule, RateLimit } from '../schemas/admin.ts';
import { Layer, PolicyLevels, PolicyRepeat, SupportHours } from '../schemas/oncall.ts';
import { JSON_LIMITS } from '../schemas/limits.ts';
import { nestingDepth, stringifyDeep } from '../schemas/json-measure.ts';
import { freeFormIssues, truncationMarker } from '../schemas/free-form.ts';
import { MonitorConfig, ROLLUP_PERIODS } from '../schemas/monitors.ts';
import { WEBHOOK_EVENTS, WEBHOOK_FORMATS } from '../schemas/webhooks.ts';
import { LAST_BUCKET } from './monitors/rollup.ts';
import { StatusPageGroup } from '../schemas/status-pages.ts';

export interface Op<T extends string = string, D = unknown> {
  /** `<deviceId>:<seq>`, seq gapless per device. */
  id: string;
  /** Hybrid logical clock, see hlc.ts. Ops of one entity are folded in (hlc, id) order. */
  hlc: string;
  type: T;
  /** The entity the op is about: `inc_…`, `svc_…`, `key_…`, `mnt_…`, `usr_…`, `team_…`, `dev_<deviceId>`, `sch_…`, `pol_…`, `chg_…`, `whk_…`, `mon_…`, `sp_…`, `sub_…`. */
  entity: string;
  data: D;
}

/** An instant as `Date.toISOString()` writes it, the one spelling under which instants compare as strings. */
const instant = z.string().refine((s) => { const t = Date.parse(s); return !Number.isNaN(t) && new Date(t).toISOString() === s; }, 'not a canonical ISO instant');

/** Who did it: `user:<name>`, `key:<id>`, `integration:<serviceId>`, `device:<id>`, `system`. */
const by = z.string();
const episode = z.number().int().min(1);
const count = z.number().int().min(0);

/** An event's free-form JSON within the limits (limits.ts), as this version always writes it: a peer's op beyond them is kept aside, never folded. */
const withinFreeFormLimits = (d: { customDetails: unknown; extra: unknown }, ctx: z.RefinementCtx) => {
  for (const issue of freeFormIssues(d)) ctx.addIssue({ code: 'custom', path: issue.path, message: issue.message });
};

export const OP_DATA = {
  'incident.triggered': z.object({
    serviceId: z.string(),
    dedupKey: z.string().nullable(),
    title: z.string(),
    description: z.string().nullable(),
    severity: z.enum(SEVERITIES),
    urgency: z.enum(URGENCIES),
    priority: z.enum(PRIORITIES).nullable(),
    impact: z.enum(IMPACTS).nullable(),
    progress: z.enum(PROGRESS_STATUSES).optional(),
    message: z.string().optional(),
    source: z.string().nullable(),
    customDetails: z.unknown().nullable(),
    extra: JsonObject.nullable(),
    autoCreated: z.boolean(),
    suppressed: z.boolean(),
    /** LOW because it came outside the service's support hours: raised to HIGH when they begin (domain/oncall/support-hours.ts). */
    outsideSupportHours: z.boolean().optional(),
    /** Suppressed by a maintenance window: until its planned end (then it is triggered by itself). */
    suppressedUntil: instant.nullable().optional(),
    by,
  }).superRefine(withinFreeFormLimits),
  /** A trigger deduplicated into this incident: counted and recorded, never pages again. */
  'incident.alert_received': z.object({
    summary: z.string().nullable(),
    severity: z.enum(SEVERITIES).nullable(),
    source: z.string().nullable(),
    customDetails: z.unknown().nullable(),
    extra: JsonObject.nullable(),
    by,
  }).superRefine(withinFreeFormLimits),
  /** `until`: the service's acknowledgement timeout at that moment; triggered again after it (older versions omit it). */
  'incident.acknowledged': z.object({ episode, until: instant.optional(), by }),
  /** Back to triggered within the same episode (PATCH status OPEN on an acknowledged or snoozed incident). */
  'incident.unacknowledged': z.object({ episode, by }),
  'incident.snoozed': z.object({ episode, until: instant, by }),
  'incident.resolved': z.object({ episode, by }),
  /** The maintenance window that suppressed it ended early (cancelled): triggered now, so it pages. */
  'incident.unsuppressed': z.object({ episode, reason: z.string(), by }),
  /** Starts a new episode; `episode` is the new episode's number. */
  'incident.reopened': z.object({ episode, by }),
  /** Last-writer-wins fields, by HLC. `assigneeId: null` unassigns, `priority: null` clears. */
  'incident.changed': z.object({
    fields: z.object({
      title: z.string().optional(),
      description: z.string().nullable().optional(),
      urgency: z.enum(URGENCIES).optional(),
      priority: z.enum(PRIORITIES).nullable().optional(),
      severity: z.enum(SEVERITIES).optional(),
      impact: z.enum(IMPACTS).nullable().optional(),
      assigneeId: z.string().nullable().optional(),
    }),
    by,
  }),
  'incident.status_updated': z.object({
    progress: z.enum(PROGRESS_STATUSES),
    message: z.string(),
    impact: z.enum(IMPACTS).optional(),
    by,
  }),
  'incident.note_added': z.object({ text: z.string(), by }),
  /**
   * Escalated by hand to `level` (1-based): the incident pages that level from now, even if it was acknowledged.
   * `episode`: the episode it was escalated in (ignored in any other; older versions omit it).
   */
  'incident.escalated': z.object({ level: z.number().int().min(1), episode: episode.optional(), by }),
  /** This incident duplicates `into` (sync converged two incidents for the same service and dedup key). */
  'incident.merged': z.object({ into: z.string(), by }),
  /**
   * A merge made in error: the incident it was merged `from` had already ended when this one began (a device that
   * had not heard of the resolve merged them). This incident is its own again, and pages.
   */
  'incident.unmerged': z.object({ from: z.string(), by }),

  'service.created': z.object({
    name: z.string(),
    routingKey: z.string(),
    urgencyRule: z.enum(URGENCY_RULES),
    suppressionRules: z.array(SuppressionRule),
  }),
  'service.changed': z.object({
    fields: z.object({
      name: z.string().optional(),
      urgencyRule: z.enum(URGENCY_RULES).optional(),
      suppressionRules: z.array(SuppressionRule).optional(),
      /** `null`: back to the default. Older versions drop the field (they know no limits). */
      rateLimit: RateLimit.nullable().optional(),
      // On-call (issue 9); each `null` turns it off.
      escalationPolicyId: z.string().nullable().optional(),
      ackTimeoutMinutes: z.number().int().min(1).nullable().optional(),
      autoResolveMinutes: z.number().int().min(1).nullable().optional(),
      supportHours: SupportHours.nullable().optional(),
    }),
  }),

  // ── on-call: schedules and escalation policies (src-shared/domain/oncall/fold.ts folds these) ──
  /** Entity `sch_…`. Layers in the order added: a later layer wins where it has someone on call. */
  'schedule.created': z.object({ name: z.string(), description: z.string().nullable(), timeZone: z.string(), layers: z.array(Layer), by }),
  /** Last writer wins per field, by HLC; `layers` is replaced whole. */
  'schedule.changed': z.object({
    fields: z.object({ name: z.string().optional(), description: z.string().nullable().optional(), timeZone: z.string().optional(), layers: z.array(Layer).optional() }),
    by,
  }),
  'schedule.deleted': z.object({ by }),
  /** A person covers [start, end); where overrides overlap, the one created last (by HLC) wins. */
  'schedule.override_added': z.object({ overrideId: z.string(), userId: z.string(), start: instant, end: instant, by }),
  'schedule.override_removed': z.object({ overrideId: z.string(), by }),
  /** Entity `pol_…`. Within the API's bounds (a peer's policy beyond them is kept aside, never walked). */
  'policy.created': z.object({ name: z.string(), description: z.string().nullable(), levels: PolicyLevels, repeat: PolicyRepeat, by }),
  'policy.changed': z.object({
    fields: z.object({ name: z.string().optional(), description: z.string().nullable().optional(), levels: PolicyLevels.optional(), repeat: PolicyRepeat.optional() }),
    by,
  }),
  'policy.deleted': z.object({ by }),
  /** A maintenance window (seed 002). Its times are the planned ones; status comes from them and the clock. */
  'maintenance.scheduled': z.object({
    title: z.string(),
    message: z.string().nullable(),
    impact: z.enum(IMPACTS),
    startsAt: instant,
    endsAt: instant,
    serviceIds: z.array(z.string()),
    by,
  }),
  /** `at`: the cancelling device's clock (an HLC may run ahead of it after meeting a fast peer). */
  'maintenance.cancelled': z.object({ at: instant.optional(), by }),

  /**
   * A change (PagerDuty Change Events: a deploy, a config push), entity `chg_…`. Never pages. `timestamp` is what the
   * sender said, as sent; `happenedAt` the instant the writing device read from it (or its arrival), the same everywhere.
   */
  'change.recorded': z.object({
    serviceId: z.string(),
    summary: z.string(),
    source: z.string().nullable(),
    timestamp: z.string().nullable(),
    happenedAt: instant,
    customDetails: z.unknown().nullable(),
    /** `links`, free-form like an event's. */
    extra: JsonObject.nullable(),
    by,
  }).superRefine(withinFreeFormLimits),

  // ── monitors (issue 10; src-shared/domain/monitors/fold.ts folds these) ──
  /**
   * Entity `mon_…`. `runnerDeviceId`: the one device that runs its checks and writes what they find (only on a flip,
   * never one op per check). `token`: a heartbeat's push-URL secret, shared with the team like the monitor itself.
   */
  'monitor.created': z.object({ config: MonitorConfig, runnerDeviceId: z.string(), token: z.string().nullable(), by }),
  /** Last writer wins per field, by HLC; the folded settings must still make a valid monitor, or the change is ignored. */
  'monitor.changed': z.object({ fields: JsonObject, runnerDeviceId: z.string().optional(), by }),
  'monitor.paused': z.object({ by }),
  'monitor.resumed': z.object({ by }),
  /** Forward-only. */
  'monitor.deleted': z.object({ by }),
  /**
   * A runner's summary of one closed hour or UTC day (`start`) of every monitor it ran then: one op per period per
   * device, never one per check. Entity `mru_<deviceId>_<period>_<startMs>`. Each (monitor, period, start) keeps the
   * latest by HLC. Only what the team shows: the histogram a day's p95 is summed from stays on the runner.
   * `histogram` (optional): the response times, compact (domain/monitors/rollup.ts), carried by ops written before
   * then; such ops still project, and their runner still sums its day from it.
   */
  'monitor.rollup': z.object({
    period: z.enum(ROLLUP_PERIODS),
    start: instant,
    monitors: z.array(z.object({
      monitorId: z.string().min(1),
      checks: count, up: count, degraded: count, down: count, noDataSeconds: count,
      avgMs: z.number().min(0).nullable(), p95Ms: z.number().min(0).nullable(),
      histogram: z.array(count).max(LAST_BUCKET + 2).optional(),
    })),
  }),
  /**
   * An outbound webhook subscription, entity `whk_…`. Its signing secret replicates with it, so that the device that
   * wrote an event (the one that delivers it) can sign it wherever the subscription was made.
   */
  'webhook.created': z.object({
    url: z.string(), events: z.array(z.enum(WEBHOOK_EVENTS)), serviceIds: z.array(z.string()), format: z.enum(WEBHOOK_FORMATS),
    description: z.string().nullable(), secret: z.string(), by,
  }),
  'webhook.changed': z.object({
    fields: z.object({
      url: z.string().optional(), events: z.array(z.enum(WEBHOOK_EVENTS)).optional(), serviceIds: z.array(z.string()).optional(),
      format: z.enum(WEBHOOK_FORMATS).optional(), description: z.string().nullable().optional(),
      /** false: paused, no event is owed to it until it is true again (created enabled). */
      enabled: z.boolean().optional(),
    }),
    by,
  }),
  'webhook.deleted': z.object({ by }),

  // ── status pages (issue 10 §2; src-shared/domain/status/fold.ts folds these) ──
  /**
   * Entity `sp_…`. `idKey`: the page's secret for deriving its public ids (a keyed hash of each internal id), the same
   * on every device, so a page's links and feed items stay put wherever it is served from.
   */
  'statuspage.created': z.object({
    name: z.string(), slug: z.string(), description: z.string().nullable(), groups: z.array(StatusPageGroup), idKey: z.string(), by,
    /** Where the public reads the page (absolute, no trailing slash), for the links in subscribers' mail; absent: none set. */
    publicUrl: z.string().nullable().optional(),
  }),
  /** Last writer wins per field, by HLC; `groups` is replaced whole. */
  'statuspage.changed': z.object({
    fields: z.object({
      name: z.string().optional(), slug: z.string().optional(), description: z.string().nullable().optional(),
      groups: z.array(StatusPageGroup).optional(), publicUrl: z.string().nullable().optional(),
    }),
    by,
  }),
  /** Forward-only. */
  'statuspage.deleted': z.object({ by }),
  /** An incident posted to the page. Of its publications and withdrawals, the latest by HLC holds. */
  'statuspage.incident_published': z.object({ incidentId: z.string(), by }),
  /** An incident taken off the page (posted by mistake, or of a service the page publishes whole): gone from page, feeds and summary. */
  'statuspage.incident_withdrawn': z.object({ incidentId: z.string(), by }),
  // ── status page subscribers (issue 10 §2; src-shared/domain/subscribers/fold.ts folds these) ──
  /**
   * Entity `sub_…`, a subscriber of status page `pageId`. An email subscriber starts pending: `emailHash` (SHA-256 of
   * the lower-cased address) finds it, `email` is kept because mail must be sent to it (never shown on a public
   * surface), `confirmHash` is the SHA-256 of the confirmation token (the token itself is only in the mail). A webhook
   * subscriber is an admin's, confirmed from the start; its signing secret replicates like an outbound webhook's.
   */
  'subscriber.created': z.object({
    pageId: z.string(),
    kind: z.enum(['email', 'webhook']),
    email: z.string().nullable(), emailHash: z.string().nullable(), confirmHash: z.string().nullable(),
    url: z.string().nullable(), secret: z.string().nullable(),
    by,
  }),
  'subscriber.confirmed': z.object({ by }),
  /** Forward-only, and wins over a confirmation in any order: unsubscribed by the person, deleted by an admin, or replaced by a newer request. */
  'subscriber.unsubscribed': z.object({ reason: z.enum(['unsubscribed', 'deleted', 'replaced']), by }),

  /** API keys replicate hashed (SHA-256 of a 190-bit random secret), so a relay can accept a teammate's key; the secret never leaves the device. */
  'apikey.created': z.object({ name: z.string(), scopes: z.array(z.enum(SCOPES)), prefix: z.string(), hash: z.string() }),
  'apikey.revoked': z.object({}),

  // ── the team roster (src-shared/domain/roster.ts folds these; who may write which is decided there) ──
  /** A person. Devices belong to people; acknowledgements, notes and on-call name people. */
  'user.created': z.object({ name: z.string().min(1).max(100), by }),
  'user.changed': z.object({ fields: z.object({ name: z.string().min(1).max(100).optional() }), by }),
  /** Founds the team: its author is the founding device and the team's first admin. Entity: the team id. */
  'team.created': z.object({
    name: z.string().min(1).max(100),
    founder: z.object({ deviceId: z.string(), publicKey: z.string().max(200), name: z.string().min(1).max(100), userId: z.string() }),
    by,
  }),
  /** An admin enrols a device (entity `dev_<deviceId>`); `publicKey` is its SPKI (base64url), whose fingerprint is its id. */
  'device.enrolled': z.object({
    deviceId: z.string(), publicKey: z.string().max(200), name: z.string().min(1).max(100), userId: z.string(),
    role: z.enum(['admin', 'member']), by,
  }),
  /** An admin revokes a device: its ops after `upToSeq` (what the revoker had seen of it) are refused everywhere. */
  'device.revoked': z.object({ upToSeq: z.number().int().min(0), reason: z.string().max(500).nullable(), by }),
  'device.role_changed': z.object({ role: z.enum(['admin', 'member']), by }),
  /** A device's own name and the sync addresses it listens on, announced by the device itself. */
  'device.changed': z.object({ fields: z.object({ name: z.string().min(1).max(100).optional(), addresses: z.array(z.string().max(300)).max(32).optional() }), by }),
} as const;

export type OpType = keyof typeof OP_DATA;
export type OpData<T extends OpType> = z.infer<(typeof OP_DATA)[T]>;
export type KnownOp = { [T in OpType]: Op<T, OpData<T>> }[OpType];
export type IncidentOp = Extract<KnownOp, { type: `incident.${string}` }>;

export const isKnownOpType = (t: string): t is OpType => Object.hasOwn(OP_DATA, t);

/** The envelope every op has, known type or not (what sync accepts from peers). */
export const OpEnvelope = z.object({
  id: z.string().regex(/^[^:]+:[1-9][0-9]*$/),
  hlc: z.string().regex(/^[0-9]{15}\.[0-9]{6}$/),
  type: z.string().min(1).max(100),
  entity: z.string().min(1).max(100),
  data: z.unknown().refine((d) => d !== undefined, 'data is required'),
});

/** Total order of ops: by HLC, ties (impossible between distinct devices' clocks, but cheap to settle) by id. */
export function compareOps(a: Pick<Op, 'hlc' | 'id'>, b: Pick<Op, 'hlc' | 'id'>): number {
  if (a.hlc !== b.hlc) return a.hlc < b.hlc ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/**
 * What to do with a peer's op (its envelope already valid): apply it, or keep it aside with the reason — stored in
 * the log (sync needs every seq of a device), never folded. Data nesting deeper than any document may cannot even be
 * stored as it came (serialising it would overflow the stack): it is kept as a truncation marker.
 */
export function judgeRemoteOp(op: Op): { op: Op; keepAside: string | null } {
  const depth = nestingDepth(op.data, JSON_LIMITS.storedOpDepth);
  if (depth > JSON_LIMITS.storedOpDepth) {
    const reason = `data nested deeper than ${JSON_LIMITS.storedOpDepth} levels`;
    return { op: { ...op, data: truncationMarker(stringifyDeep(op.data), reason) }, keepAside: reason };
  }
  if (depth > JSON_LIMITS.documentDepth) return { op, keepAside: `data nested deeper than ${JSON_LIMITS.documentDepth} levels` };
  if (!isKnownOpType(op.type)) return { op, keepAside: null };
  const parsed = OP_DATA[op.type].safeParse(op.data);
  if (parsed.success) return { op, keepAside: null };
  const issue = parsed.error.issues[0];
  const where = issue && issue.path.length > 0 ? `${issue.path.map(String).join('.')}: ` : '';
  return { op, keepAside: `invalid ${op.type}: ${where}${issue?.message ?? 'invalid data'}` };
}

/** Validates a known op's data; returns null for unknown types (kept, not folded). */
export function parseKnownOp(op: Op): KnownOp | null {
  if (!isKnownOpType(op.type)) return null;
  const parsed = OP_DATA[op.type].safeParse(op.data);
  return parsed.success ? ({ ...op, data: parsed.data } as KnownOp) : null;
}
