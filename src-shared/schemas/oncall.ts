// On-call: schedules (layers, restrictions, overrides), escalation policies, a service's paging settings, and what
// the API answers about who is on call. One schema each; the ops (domain/ops.ts), the HTTP routes, the bridge and the
// window all take their types from here. The rules that read these live in src-shared/domain/oncall/.
import { z } from 'zod';
import { IsoDateTime } from './common.ts';
import { parseWallTime } from '../domain/oncall/wall-time.ts';

/** An IANA time zone this runtime knows (`America/Chicago`); `UTC` too. */
export const TimeZone = z.string().min(1).max(64).refine((tz) => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}, 'not a known IANA time zone (e.g. Europe/Berlin)');

/** A wall-clock date and time in the schedule's zone, without an offset: `2026-03-06T09:00` or `…T09:00:00`. */
export const WallTime = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/, 'a wall time like 2026-03-06T09:00:00 (no zone: the schedule\'s zone applies)')
  .refine(isCalendarWallTime, 'not a date and time on the calendar (months 01–12, days that exist, hours 00–23)');

// The pattern alone lets `2026-02-30T25:00` through; the rotation code refuses what it cannot place on the calendar.
function isCalendarWallTime(s: string): boolean {
  try {
    parseWallTime(s);
    return true;
  } catch {
    return false;
  }
}

/** A time of day, `HH:MM` (24 h). `24:00` is allowed as an end. */
export const TimeOfDay = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'a time of day like 09:00');

/** ISO day of week: 1 = Monday … 7 = Sunday (PagerDuty's and ISO 8601's numbering). */
export const DayOfWeek = z.number().int().min(1).max(7);

/**
 * When a layer may be on call (PagerDuty's restrictions): every day from `startTime` for `durationMinutes`, or every
 * week from `startDay` at `startTime` for `durationMinutes`. Outside every restriction of a layer, the layer has a gap.
 */
export const Restriction = z.discriminatedUnion('type', [
  z.object({ type: z.literal('daily'), startTime: TimeOfDay, durationMinutes: z.number().int().min(1).max(24 * 60) }).strict(),
  z.object({ type: z.literal('weekly'), startDay: DayOfWeek, startTime: TimeOfDay, durationMinutes: z.number().int().min(1).max(7 * 24 * 60) }).strict(),
]);
export type Restriction = z.infer<typeof Restriction>;

export const ROTATIONS = ['hourly', 'daily', 'weekly'] as const;
export const Rotation = z.enum(ROTATIONS);
export type Rotation = (typeof ROTATIONS)[number];

/**
 * One layer: its people take turns of `turns` hours, days or weeks, handing off at the wall time of `start` (the
 * anchor) in the schedule's zone. `end` (optional) ends the layer. Later layers in the list win where they have
 * someone on call; earlier ones show through their gaps.
 */
export const Layer = z.object({
  name: z.string().trim().min(1).max(100).optional(),
  start: WallTime,
  end: WallTime.nullable().optional(),
  rotation: Rotation,
  turns: z.number().int().min(1).max(9000).default(1),
  userIds: z.array(z.string().min(1).max(100)).min(1).max(100),
  restrictions: z.array(Restriction).max(50).default([]),
}).strict();
export type Layer = z.output<typeof Layer>;
export type LayerInput = z.input<typeof Layer>;

/** A person covers [start, end) on top of every layer; for the same span, the override created last wins. */
export const Override = z.object({
  id: z.string(),
  userId: z.string(),
  start: IsoDateTime,
  end: IsoDateTime,
  createdAt: IsoDateTime,
  createdBy: z.string(),
});
export type Override = z.infer<typeof Override>;

export const Schedule = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  timeZone: z.string(),
  layers: z.array(Layer),
  /** Overrides that have not ended, oldest first (the last created wins where they overlap). */
  overrides: z.array(Override),
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
});
export type Schedule = z.infer<typeof Schedule>;

export const CreateSchedule = z.object({
  name: z.string().trim().min(1).max(200),
  description: z.string().max(2000).nullable().optional(),
  timeZone: TimeZone,
  layers: z.array(Layer).max(20).default([]),
}).strict();
export type CreateSchedule = z.input<typeof CreateSchedule>;

/** `layers` replaces the whole list (edits made on two laptops at once: the later one wins, by HLC). */
export const UpdateSchedule = z.object({
  name: z.string().trim().min(1).max(200).optional(),
  description: z.string().max(2000).nullable().optional(),
  timeZone: TimeZone.optional(),
  layers: z.array(Layer).max(20).optional(),
}).strict();
export type UpdateSchedule = z.input<typeof UpdateSchedule>;

/** Instants: ISO 8601 with a zone or `Z`. */
const Instant = z.string().refine((s) => /(Z|[+-]\d{2}:?\d{2})$/i.test(s) && !Number.isNaN(Date.parse(s)), 'an ISO 8601 instant with a zone, e.g. 2026-03-06T15:00:00Z')
  .transform((s) => new Date(Date.parse(s)).toISOString());

export const CreateOverride = z.object({
  userId: z.string().min(1).max(100),
  start: Instant,
  end: Instant,
}).strict().refine((o) => o.start < o.end, { message: 'end must be after start', path: ['end'] });
export type CreateOverride = z.input<typeof CreateOverride>;

/** One contiguous spell of one person on call (overrides applied). Instants in ISO 8601 UTC. */
export const Shift = z.object({
  userId: z.string(),
  start: IsoDateTime,
  end: IsoDateTime,
  /** The spell comes from an override. */
  override: z.boolean(),
});
export type Shift = z.infer<typeof Shift>;

export const ShiftsQuery = z.object({ from: Instant, to: Instant }).strict()
  .refine((q) => q.from < q.to, { message: 'to must be after from', path: ['to'] })
  .refine((q) => Date.parse(q.to) - Date.parse(q.from) <= 366 * 86_400_000, { message: 'at most a year at once', path: ['to'] });
export const ShiftsResponse = z.object({ shifts: z.array(Shift) });

/** A target of an escalation level: a person, or whoever a schedule has on call. */
export const Target = z.object({ type: z.enum(['user', 'schedule']), id: z.string().min(1).max(100) }).strict();
export type Target = z.infer<typeof Target>;

export const EscalationLevel = z.object({
  /** Minutes an unacknowledged incident stays at this level before it escalates to the next. */
  delayMinutes: z.number().int().min(1).max(9000),
  /** All notified at once. */
  targets: z.array(Target).min(1).max(20),
}).strict();
export type EscalationLevel = z.infer<typeof EscalationLevel>;

/**
 * The most levels a policy has and the most times it starts again. Bounds on what a walk of the policy costs (it may
 * step through every level of every round): the API, the ops a peer sends, and the walk itself all keep to them.
 */
export const MAX_POLICY_LEVELS = 20;
export const MAX_POLICY_REPEAT = 9;
export const PolicyLevels = z.array(EscalationLevel).min(1).max(MAX_POLICY_LEVELS);
export const PolicyRepeat = z.number().int().min(0).max(MAX_POLICY_REPEAT);

export const EscalationPolicy = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  levels: z.array(EscalationLevel),
  /** Times the policy starts again at level 1 after its last level (PagerDuty's num_loops). */
  repeat: z.number().int(),
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
});
export type EscalationPolicy = z.infer<typeof EscalationPolicy>;

export const CreateEscalationPolicy = z.object({
  name: z.string().trim().min(1).max(200),
  description: z.string().max(2000).nullable().optional(),
  levels: PolicyLevels,
  repeat: PolicyRepeat.default(0),
}).strict();
export type CreateEscalationPolicy = z.input<typeof CreateEscalationPolicy>;

export const UpdateEscalationPolicy = z.object({
  name: z.string().trim().min(1).max(200).optional(),
  description: z.string().max(2000).nullable().optional(),
  levels: PolicyLevels.optional(),
  repeat: PolicyRepeat.optional(),
}).strict();
export type UpdateEscalationPolicy = z.input<typeof UpdateEscalationPolicy>;

/**
 * Support hours (PagerDuty's `use_support_hours`): incidents triggered inside them are HIGH urgency, outside LOW; open
 * LOW ones raised to HIGH when support hours begin. `end` ≤ `start` means the hours run past midnight.
 */
export const SupportHours = z.object({
  timeZone: TimeZone,
  days: z.array(DayOfWeek).min(1).max(7),
  start: TimeOfDay,
  end: TimeOfDay,
}).strict();
export type SupportHours = z.infer<typeof SupportHours>;

/** A service's paging settings (the fields PATCH /api/services/:id takes besides name and rules). */
export const ServicePaging = z.object({
  escalationPolicyId: z.string().nullable(),
  /** An acknowledged incident goes back to triggered after this many minutes (escalation starts again at level 1). */
  ackTimeoutMinutes: z.number().int().min(1).max(7 * 24 * 60).nullable(),
  /** An incident left open this long after it was triggered is resolved. */
  autoResolveMinutes: z.number().int().min(1).max(30 * 24 * 60).nullable(),
  supportHours: SupportHours.nullable(),
});
export type ServicePaging = z.infer<typeof ServicePaging>;
export const DEFAULT_SERVICE_PAGING: ServicePaging = { escalationPolicyId: null, ackTimeoutMinutes: null, autoResolveMinutes: null, supportHours: null };

/** Who an escalation level pages at an instant, and why (a schedule's person, or a person named directly). */
export const PagedPerson = z.object({ userId: z.string(), via: Target });

/** Where an incident's escalation stands at an instant, as the domain derives it (never written by a timer). */
export const EscalationStanding = z.object({
  policyId: z.string(),
  /** 1-based; 0 when escalation has stopped (acknowledged, resolved, snoozed). */
  level: z.number().int(),
  /** Times the policy has started again from level 1. */
  loop: z.number().int(),
  /** People being paged now (empty when it has stopped). */
  paging: z.array(PagedPerson),
  /** When it moves to the next level, if it will. */
  nextEscalationAt: IsoDateTime.nullable(),
  /** Levels that were skipped because nobody was on call there (the window warns). */
  emptyLevels: z.array(z.number().int()),
  /** Nobody at all is on call in this policy: every device pages, as with no policy. */
  nobodyOnCall: z.boolean(),
});
export type EscalationStanding = z.infer<typeof EscalationStanding>;

/** Where an incident's escalation stands now, as the API answers it. */
export const EscalationState = EscalationStanding.extend({
  /**
   * The next instant this answer may change by the clock alone: the next level, a handoff in a schedule the current
   * level pages, an acknowledgement or snooze running out. Null: not until something is done. Ask again then.
   */
  nextChangeAt: IsoDateTime.nullable(),
});
export type EscalationState = z.infer<typeof EscalationState>;

export const OnCallQuery = z.object({ at: Instant.optional() }).strict();

export const OnCallNow = z.object({
  at: IsoDateTime,
  schedules: z.array(z.object({
    scheduleId: z.string(),
    name: z.string(),
    /** Null: a gap, nobody on call. */
    userId: z.string().nullable(),
    /** When this spell ends (or the gap does), within the next 90 days; null beyond. */
    until: IsoDateTime.nullable(),
    next: z.object({ userId: z.string(), start: IsoDateTime, end: IsoDateTime }).nullable(),
  })),
  policies: z.array(z.object({
    policyId: z.string(),
    name: z.string(),
    levels: z.array(z.object({
      level: z.number().int(),
      people: z.array(z.object({ userId: z.string(), via: Target, until: IsoDateTime.nullable() })),
    })),
  })),
});
export type OnCallNow = z.infer<typeof OnCallNow>;

export const IdParam = z.object({ id: z.string().min(1).max(100) });
export const OverrideIdParam = z.object({ id: z.string().min(1).max(100), overrideId: z.string().min(1).max(100) });
export const ScheduleResponse = z.object({ schedule: Schedule });
export const ListSchedulesResponse = z.object({ schedules: z.array(Schedule) });
export const OverrideResponse = z.object({ override: Override });
export const EscalationPolicyResponse = z.object({ escalationPolicy: EscalationPolicy });
export const ListEscalationPoliciesResponse = z.object({ escalationPolicies: z.array(EscalationPolicy) });

// ── Reports ──
export const ReportQuery = z.object({
  from: Instant,
  to: Instant,
  groupBy: z.enum(['service', 'user']).default('service'),
}).strict().refine((q) => q.from < q.to, { message: 'to must be after from', path: ['to'] })
  .refine((q) => Date.parse(q.to) - Date.parse(q.from) <= 366 * 86_400_000, { message: 'at most 366 days at once', path: ['to'] });
export type ReportQuery = z.input<typeof ReportQuery>;

export const ReportRow = z.object({
  /** Monday 00:00 UTC of the week. */
  week: IsoDateTime,
  /** The service id or the person's user id. */
  key: z.string(),
  name: z.string(),
  incidents: z.number().int(),
  acknowledged: z.number().int(),
  resolved: z.number().int(),
  /** Mean seconds from creation to the first acknowledgement (of those acknowledged); null: none. */
  mttaSeconds: z.number().nullable(),
  /** Mean seconds from creation to the first resolve (of those resolved); null: none. */
  mttrSeconds: z.number().nullable(),
  /** Share of incidents that reached level 2 or beyond (0..1). */
  escalatedShare: z.number(),
  pagesSent: z.number().int(),
  pagesOutsideSupportHours: z.number().int(),
});
export type ReportRow = z.infer<typeof ReportRow>;
export const ReportResponse = z.object({ from: IsoDateTime, to: IsoDateTime, groupBy: z.enum(['service', 'user']), rows: z.array(ReportRow) });
export type ReportResponse = z.infer<typeof ReportResponse>;

/** A calendar feed's URL: the token in it is the only credential (calendar apps cannot send headers). */
export const CalendarFeed = z.object({ kind: z.enum(['schedule', 'user']), id: z.string(), url: z.string(), createdAt: IsoDateTime });
export type CalendarFeed = z.infer<typeof CalendarFeed>;
