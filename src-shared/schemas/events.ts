// Inbound events: seed 003's Events API (`POST /api/events`) and what every inbound format (PagerDuty's, in
// pagerduty.ts) normalises to: one EventCommand for the engine.
import { z } from 'zod';
import { Severity, JsonObject } from './common.ts';
import { freeForm } from './free-form.ts';

export const EVENT_ACTIONS = ['trigger', 'acknowledge', 'resolve'] as const;
export const EventAction = z.preprocess((v) => (typeof v === 'string' ? v.toLowerCase() : v), z.enum(EVENT_ACTIONS));
export type EventAction = (typeof EVENT_ACTIONS)[number];

/** PagerDuty's limits: /api/events refuses texts beyond them; PagerDuty's own formats cut them (pagerduty.ts). */
export const LIMITS = { dedupKey: 255, summary: 1024, source: 1024, bodyBytes: 512 * 1024 } as const;

const Link = z.object({ href: z.string(), text: z.string().optional() }).loose();
const Image = z.object({ src: z.string(), href: z.string().optional(), alt: z.string().optional() }).loose();

export const EventPayload = z.object({
  summary: z.string().min(1).max(LIMITS.summary),
  source: z.string().min(1).max(LIMITS.source),
  severity: Severity,
  timestamp: z.string().optional(),
  component: z.string().optional(),
  group: z.string().optional(),
  class: z.string().optional(),
  /** Any JSON, nesting at most JSON_LIMITS.depth (limits.ts); stored truncated beyond JSON_LIMITS.storedBytes. */
  custom_details: freeForm(z.unknown()).optional(),
}).loose();
export type EventPayload = z.infer<typeof EventPayload>;

const eventFields = {
  event_action: EventAction,
  dedup_key: z.string().min(1).max(LIMITS.dedupKey).optional(),
  // Free-form too: a link or image may carry fields of its own, kept as sent.
  images: freeForm(z.array(Image)).optional(),
  links: freeForm(z.array(Link)).optional(),
  client: z.string().optional(),
  client_url: z.string().optional(),
};

/** Requires a payload on triggers only: acknowledge and resolve name the incident by dedup_key (seed 003's examples). */
const requirePayloadOnTrigger = (e: { event_action: EventAction; payload?: unknown }, ctx: z.RefinementCtx) => {
  if (e.event_action === 'trigger' && e.payload === undefined) {
    ctx.addIssue({ code: 'custom', path: ['payload'], message: 'payload is required for trigger events' });
  }
};

/** Seed 003: `routing_key` or its alternative `service_id`; `dedup_key` is required for every action. */
export const ApiEvent = z.object({
  ...eventFields,
  routing_key: z.string().min(1).optional(),
  service_id: z.string().min(1).optional(),
  dedup_key: z.string().min(1).max(LIMITS.dedupKey),
  payload: EventPayload.optional(),
}).loose().superRefine((e, ctx) => {
  if (!e.routing_key && !e.service_id) {
    ctx.addIssue({ code: 'custom', path: ['routing_key'], message: 'routing_key or service_id is required' });
  }
  requirePayloadOnTrigger(e, ctx);
});
export type ApiEvent = z.infer<typeof ApiEvent>;

/** What the engine receives from every inbound endpoint. */
export const EventCommand = z.object({
  action: EventAction,
  routingKey: z.string().optional(),
  serviceId: z.string().optional(),
  dedupKey: z.string().optional(),
  summary: z.string().optional(),
  source: z.string().optional(),
  severity: Severity.optional(),
  customDetails: z.unknown().optional(),
  /** The rest of the event (timestamp, component, group, class, links, images, client, client_url), kept as sent. */
  extra: JsonObject.optional(),
  receivedVia: z.enum(['events-api', 'enqueue', 'pagerduty-v1', 'nagios', 'ui', 'peer']).default('events-api'),
});
export type EventCommand = z.output<typeof EventCommand>;

export type EventOutcome =
  | 'created'        // a trigger opened a new incident
  | 'deduplicated'   // a trigger was appended to the open incident with the same key
  | 'acknowledged' | 'resolved'
  | 'unchanged';     // acknowledge/resolve of an unknown, already acknowledged or resolved key: accepted, no change

export interface EventResult {
  outcome: EventOutcome;
  dedupKey: string;
  incidentId: string | null;
  message: string;
}

/** Seed 003's success body. */
export const EventSuccessBody = z.object({
  status: z.literal('success'),
  message: z.string(),
  dedup_key: z.string(),
  incident_key: z.string().nullable(),
});

/** Seed 003's event as the engine's command (PagerDuty's wire formats have theirs in pagerduty.ts). */
export function toEventCommand(e: ApiEvent): EventCommand {
  const { routing_key, service_id, dedup_key, event_action, payload, images, links, client, client_url } = e;
  const extra: Record<string, unknown> = {};
  if (payload?.timestamp !== undefined) extra.timestamp = payload.timestamp;
  if (payload?.component !== undefined) extra.component = payload.component;
  if (payload?.group !== undefined) extra.group = payload.group;
  if (payload?.class !== undefined) extra.class = payload.class;
  if (images !== undefined) extra.images = images;
  if (links !== undefined) extra.links = links;
  if (client !== undefined) extra.client = client;
  if (client_url !== undefined) extra.client_url = client_url;
  return {
    action: event_action,
    routingKey: routing_key,
    serviceId: service_id,
    dedupKey: dedup_key,
    summary: payload?.summary,
    source: payload?.source,
    severity: payload?.severity,
    customDetails: payload?.custom_details,
    extra: Object.keys(extra).length > 0 ? extra : undefined,
    receivedVia: 'events-api',
  };
}
