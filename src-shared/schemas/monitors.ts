// Monitors (issue 10 §1): checks that open and resolve incidents themselves (seed 004). Three kinds — HTTP(S), TCP
// port and heartbeat (a push URL) — share what every check has: a service, an interval (10 s at the shortest),
// retries before down, successes before up, a re-notify interval and the device that runs it.
import { z } from 'zod';
import { IsoDateTime } from './common.ts';

export const MONITOR_KINDS = ['http', 'tcp', 'heartbeat'] as const;
export const MIN_INTERVAL_SECONDS = 10;

const name = z.string().trim().min(1).max(200);
const common = {
  name,
  serviceId: z.string().min(1),
  intervalSeconds: z.number().int().min(MIN_INTERVAL_SECONDS).max(86_400),
  /** Failures in a row before down (pending in between); 0: the first failure is down. */
  retries: z.number().int().min(0).max(20).default(0),
  /** Successes in a row before up again. */
  successesBeforeUp: z.number().int().min(1).max(20).default(1),
  /** While down, page again after this long; null: once. */
  renotifyMinutes: z.number().int().min(1).max(10_080).nullable().default(null),
};

/** "200-299" or "204": the expected status codes as ranges. */
const StatusRange = z.string().regex(/^[1-5][0-9]{2}(-[1-5][0-9]{2})?$/, 'a status code or a range like 200-299');

export const HttpConfig = z.object({
  ...common,
  type: z.literal('http'),
  url: z.url({ protocol: /^https?$/ }).max(2048),
  method: z.enum(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']).default('GET'),
  headers: z.record(z.string().max(200), z.string().max(4096)).default({}),
  body: z.string().max(65_536).nullable().default(null),
  timeoutSeconds: z.number().min(1).max(120).default(10),
  expectedStatus: z.array(StatusRange).min(1).max(20).default(['200-299']),
  keyword: z.string().min(1).max(1000).nullable().default(null),
  /** true: the keyword must not appear. */
  keywordAbsent: z.boolean().default(false),
  /** Slower than this marks it degraded (still up). */
  degradedAfterMs: z.number().int().min(1).max(120_000).nullable().default(null),
  certExpiryWarningDays: z.number().int().min(1).max(365).nullable().default(null),
  redirectsToOtherHosts: z.boolean().default(false),
}).strict();

export const TcpConfig = z.object({
  ...common,
  type: z.literal('tcp'),
  host: z.string().min(1).max(253),
  port: z.number().int().min(1).max(65_535),
  timeoutSeconds: z.number().min(1).max(120).default(10),
}).strict();

export const HeartbeatConfig = z.object({
  ...common,
  type: z.literal('heartbeat'),
  /** How long after the expected beat it is still on time. */
  graceSeconds: z.number().int().min(0).max(86_400).default(0),
}).strict();

/** A monitor's settings, as created (defaults filled in) and as every `monitor.*` op folds them. */
export const MonitorConfig = z.discriminatedUnion('type', [HttpConfig, TcpConfig, HeartbeatConfig]);
export type MonitorConfig = z.output<typeof MonitorConfig>;

/** POST /api/monitors: a config, and optionally the device that runs it (default: the one creating it). */
export const CreateMonitor = z.discriminatedUnion('type', [
  HttpConfig.extend({ runnerDeviceId: z.string().min(1).optional() }),
  TcpConfig.extend({ runnerDeviceId: z.string().min(1).optional() }),
  HeartbeatConfig.extend({ runnerDeviceId: z.string().min(1).optional() }),
]);
export type CreateMonitor = z.input<typeof CreateMonitor>;

/** PATCH: any setting but its kind (the result must still be a valid monitor of that kind), `runnerDeviceId`, `paused`. */
export const UpdateMonitor = z.record(z.string(), z.unknown())
  .refine((o) => !('type' in o), { message: 'a monitor keeps its type', path: ['type'] })
  .refine((o) => Object.keys(o).length > 0, 'nothing to change');
export type UpdateMonitor = z.input<typeof UpdateMonitor>;

/** Where the runner left it (kept on the runner; `unknown` until it has a verdict). */
export const MONITOR_STATES = ['unknown', 'up', 'pending', 'down', 'paused', 'no_data'] as const;

export const Monitor = z.object({
  id: z.string(),
  name: z.string(),
  type: z.enum(MONITOR_KINDS),
  serviceId: z.string(),
  intervalSeconds: z.number(),
  config: z.record(z.string(), z.unknown()),
  runnerDeviceId: z.string(),
  paused: z.boolean(),
  /** Heartbeats only: where to send beats; the token in it is the credential, so only `admin` callers are shown it. */
  heartbeatUrl: z.string().optional(),
  createdAt: z.string(),
  createdBy: z.string(),
  /** When its runner last reported: its newest check (on the runner) or the end of its newest replicated rollup. */
  lastReportAt: z.string().nullable(),
  /**
   * Active, yet nobody is checking it: a teammate has heard nothing from its runner for over 2 hours plus an interval
   * (the runner reports hourly); the runner itself has no result for 3 intervals. Paused monitors never are.
   */
  notBeingChecked: z.boolean(),
  /** The incident its failure opened and nobody has resolved yet, if any. */
  openIncidentId: z.string().nullable(),
  /** Where it stands, answered only by its runner (the one device that sees its checks). */
  check: z.object({
    state: z.enum(MONITOR_STATES),
    since: z.string(),
    lastBeatAt: z.string().nullable(),
    message: z.string().nullable(),
  }).optional(),
});
export type Monitor = z.infer<typeof Monitor>;
export type MonitorCheck = NonNullable<Monitor['check']>;

export const MonitorResponse = z.object({ monitor: Monitor });
export const ListMonitorsResponse = z.object({ monitors: z.array(Monitor) });
export const MonitorIdParam = z.object({ id: z.string().min(1) });

// ── Results (issue 10 §1): what each check found, and its hourly and daily summaries ──

/** A check's outcome. `degraded`: up but slower than the monitor's limit (counts as up for uptime); `no_data`: the
 * runner could not tell (asleep, no route, every check failing alike) and nothing is concluded from it. */
export const CHECK_OUTCOMES = ['up', 'degraded', 'down', 'no_data'] as const;
export type CheckOutcome = (typeof CHECK_OUTCOMES)[number];

export const CheckResult = z.object({
  at: z.string(),
  outcome: z.enum(CHECK_OUTCOMES),
  responseMs: z.number().nullable(),
  message: z.string().nullable(),
});
export type CheckResult = z.infer<typeof CheckResult>;

export const ROLLUP_PERIODS = ['hour', 'day'] as const;
export type RollupPeriod = (typeof ROLLUP_PERIODS)[number];

/** One hour or one UTC day of a monitor's checks. `uptime`: (up + degraded) / (up + degraded + down), null when no
 * check concluded anything in it; `noDataSeconds`: how much of it nobody could tell. */
export const MonitorRollup = z.object({
  period: z.enum(ROLLUP_PERIODS),
  start: z.string(),
  checks: z.number().int(),
  up: z.number().int(),
  degraded: z.number().int(),
  down: z.number().int(),
  noDataSeconds: z.number().int(),
  uptime: z.number().nullable(),
  avgMs: z.number().nullable(),
  p95Ms: z.number().nullable(),
});
export type MonitorRollup = z.infer<typeof MonitorRollup>;

/** GET /api/monitors/:id/results?from&to: the raw checks the runner still holds (the last day; empty on other
 * devices) and the replicated hourly and daily rollups in the span. */
export const MonitorResultsResponse = z.object({
  monitorId: z.string(),
  from: z.string(),
  to: z.string(),
  results: z.array(CheckResult),
  hourly: z.array(MonitorRollup),
  daily: z.array(MonitorRollup),
});
export type MonitorResultsResponse = z.infer<typeof MonitorResultsResponse>;

/** `?from&to` (ISO instants): the span asked for; by default the last 24 hours. */
export const MonitorResultsQuery = z.object({ from: IsoDateTime.optional(), to: IsoDateTime.optional() }).strict();
export type MonitorResultsQuery = z.infer<typeof MonitorResultsQuery>;

/** The longest span one request may ask for: what rollups are kept. */
export const MAX_RESULTS_SPAN_DAYS = 400;

/**
 * The span a results request means, or why it is refused: `to` defaults to now and `from` to a day before `to`;
 * `from` after `to`, or a span over 400 days, is an error (with the field to blame).
 */
export function resultsSpan(q: MonitorResultsQuery, nowMs: number): { fromMs: number; toMs: number } | { error: string; field: 'from' | 'to' } {
  const toMs = q.to === undefined ? nowMs : Date.parse(q.to);
  const fromMs = q.from === undefined ? toMs - 24 * 3_600_000 : Date.parse(q.from);
  if (fromMs > toMs) return { error: '`from` is after `to`', field: 'from' };
  if (toMs - fromMs > MAX_RESULTS_SPAN_DAYS * 24 * 3_600_000) return { error: `a span of at most ${MAX_RESULTS_SPAN_DAYS} days`, field: 'from' };
  return { fromMs, toMs };
}
