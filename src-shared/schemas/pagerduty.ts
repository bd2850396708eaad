// PagerDuty's inbound wire formats, taken the way PagerDuty takes them, so that a monitor written for PagerDuty pages
// Klaxon unchanged: the Events API v2 (`/v2/enqueue`), the older generic Events API v1
// (`/generic/2010-04-15/create_event.json`) and Change Events (`/v2/change/enqueue`). What real clients send was read
// in their own source (test/http/fixtures/pagerduty-clients); where PagerDuty is lenient these schemas are too, and
// each leniency is one rule here:
//  - a text longer than PagerDuty's limit (summary, source, description) is cut to the limit and kept, not refused;
//  - an empty dedup/incident key, and `null` for any optional field, count as absent (Go, PHP and shell clients send
//    them), so a trigger without a key gets one generated;
//  - acknowledge and resolve need no payload, and a payload they carry is not checked (PagerDuty ignores it; LibreNMS
//    sends severity "ok" on recovery);
//  - custom_details (v1: details) may be any JSON value, and a timestamp is kept as sent, zone or not.
// Anything else that is wrong (no routing key, an unknown action, a trigger without summary, source or a known
// severity) is refused with PagerDuty's 400 shape.
import { z } from 'zod';
import { Severity } from './common.ts';
import { freeForm } from './free-form.ts';
import { EventAction, LIMITS, type EventCommand } from './events.ts';

/** `s` cut to at most `max` characters (code points, so a surrogate pair is never split). */
export function clipText(s: string, max: number): string {
  if (s.length <= max) return s;
  const points = Array.from(s);
  return points.length <= max ? s : points.slice(0, max).join('');
}

/** `null` (and, where a key is asked for, `''`) means the field was left out. */
const absentIfNull = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (v === null ? undefined : v), schema.optional());
const absentIfEmpty = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (v === null || v === '' ? undefined : v), schema.optional());

/** A required text PagerDuty cuts to `max` rather than refuse. */
const clipped = (max: number) => z.string().refine((s) => s.trim() !== '', 'is missing or blank').transform((s) => clipText(s, max));
/** A dedup key (v1: incident key): any characters, at most 255; empty is absent. */
const DedupKey = absentIfEmpty(z.string().max(LIMITS.dedupKey));
const OptionalText = absentIfNull(z.string());

const Link = z.object({ href: z.string(), text: z.string().optional() }).loose();
const Image = z.object({ src: z.string(), href: z.string().optional(), alt: z.string().optional() }).loose();
const Links = absentIfNull(freeForm(z.array(Link)));
const Images = absentIfNull(freeForm(z.array(Image)));
/** Any JSON (a string, a list, an object…), nesting at most JSON_LIMITS.depth. */
const Details = freeForm(z.unknown());

/** What a trigger's payload must hold; other actions' payloads are not looked at. */
export const TriggerPayload = z.object({
  summary: clipped(LIMITS.summary),
  source: clipped(LIMITS.source),
  severity: Severity,
  timestamp: OptionalText,
  component: OptionalText,
  group: OptionalText,
  class: OptionalText,
  custom_details: Details.optional(),
}).loose();

/** Moves `issues` of a nested parse under `path`, so a 400 names `payload.summary`, not `summary`. */
function reportUnder(ctx: z.RefinementCtx, path: PropertyKey[], error: z.ZodError): void {
  for (const issue of error.issues) ctx.addIssue({ ...issue, code: 'custom', path: [...path, ...issue.path], message: issue.message });
}

/** Events API v2. The routing key may also come in an `X-Routing-Key` header (the receiver moves it into the body). */
export const EnqueueEvent = z.object({
  routing_key: z.string().min(1),
  event_action: EventAction,
  dedup_key: DedupKey,
  payload: z.unknown().optional(),
  images: Images,
  links: Links,
  client: OptionalText,
  client_url: OptionalText,
}).loose().transform((e, ctx) => {
  if (e.event_action !== 'trigger') {
    if (!e.dedup_key) ctx.addIssue({ code: 'custom', path: ['dedup_key'], message: 'dedup_key is required for acknowledge and resolve events' });
    return { ...e, payload: undefined };
  }
  const payload = TriggerPayload.safeParse(e.payload);
  if (e.payload === undefined || e.payload === null) ctx.addIssue({ code: 'custom', path: ['payload'], message: 'payload is required for trigger events' });
  else if (!payload.success) reportUnder(ctx, ['payload'], payload.error);
  return { ...e, payload: payload.success ? payload.data : undefined };
});
export type EnqueueEvent = z.output<typeof EnqueueEvent>;

/** Events API v1 ("generic"): `service_key`, `event_type`, `incident_key`, `description`, `details`, `contexts`. */
export const GenericEvent = z.object({
  service_key: absentIfEmpty(z.string()),
  /** Where the receiver puts an `X-Routing-Key` header's value; `service_key` wins. */
  routing_key: absentIfEmpty(z.string()),
  event_type: EventAction,
  incident_key: DedupKey,
  description: z.unknown().optional(),
  details: Details.optional(),
  client: OptionalText,
  client_url: OptionalText,
  contexts: absentIfNull(freeForm(z.array(z.object({ type: z.string() }).loose()))),
}).loose().transform((e, ctx) => {
  const routingKey = e.service_key ?? e.routing_key;
  if (!routingKey) ctx.addIssue({ code: 'custom', path: ['service_key'], message: 'service_key is required' });
  if (e.event_type !== 'trigger' && !e.incident_key) {
    ctx.addIssue({ code: 'custom', path: ['incident_key'], message: 'incident_key is required for acknowledge and resolve events' });
  }
  let description: string | undefined;
  if (e.event_type === 'trigger') {
    const d = clipped(LIMITS.summary).safeParse(e.description);
    if (d.success) description = d.data;
    else ctx.addIssue({ code: 'custom', path: ['description'], message: 'description is required for trigger events' });
  }
  return { ...e, routing_key: routingKey ?? '', description };
});
export type GenericEvent = z.output<typeof GenericEvent>;

/** Change Events: never page; kept on the service's timeline and shown next to the incidents they may explain. */
export const ChangeEvent = z.object({
  routing_key: z.string().min(1),
  payload: z.object({
    summary: clipped(LIMITS.summary),
    source: absentIfEmpty(z.string().transform((s) => clipText(s, LIMITS.source))),
    timestamp: OptionalText,
    custom_details: Details.optional(),
  }).loose(),
  links: Links,
}).loose();
export type ChangeEvent = z.output<typeof ChangeEvent>;

/** PagerDuty's answers: v2 and change events 202, v1 200 (its clients check for exactly that), errors alike. */
export const EnqueueSuccessBody = z.object({ status: z.literal('success'), message: z.string(), dedup_key: z.string() });
export const GenericSuccessBody = z.object({ status: z.literal('success'), message: z.string(), incident_key: z.string() });
export const ChangeSuccessBody = z.object({ status: z.literal('success'), message: z.string(), id: z.string() });
export const EnqueueErrorBody = z.object({ status: z.string(), message: z.string(), errors: z.array(z.string()) });

/** The rest of an event, kept as sent (what the engine stores as `extra`). */
function extraOf(fields: Record<string, unknown>): EventCommand['extra'] {
  const extra = Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined));
  return Object.keys(extra).length > 0 ? extra : undefined;
}

export function enqueueToCommand(e: EnqueueEvent): EventCommand {
  const p = e.payload;
  return {
    action: e.event_action,
    routingKey: e.routing_key,
    dedupKey: e.dedup_key,
    summary: p?.summary,
    source: p?.source,
    severity: p?.severity,
    customDetails: p?.custom_details,
    extra: extraOf({
      timestamp: p?.timestamp, component: p?.component, group: p?.group, class: p?.class,
      images: e.images, links: e.links, client: e.client, client_url: e.client_url,
    }),
    receivedVia: 'enqueue',
  };
}

/**
 * v1 has no source or severity: the source is the client that sent it, and the severity PagerDuty's v1 default
 * (error, which pages with high urgency). Contexts are v1's links and images.
 */
export function genericToCommand(e: GenericEvent): EventCommand {
  const contexts = e.contexts ?? [];
  const links = contexts.filter((c) => c.type === 'link');
  const images = contexts.filter((c) => c.type === 'image');
  return {
    action: e.event_type,
    routingKey: e.routing_key,
    dedupKey: e.incident_key,
    summary: e.description,
    source: e.event_type === 'trigger' ? (e.client || 'PagerDuty Events API v1') : undefined,
    severity: e.event_type === 'trigger' ? 'error' : undefined,
    customDetails: e.details,
    extra: extraOf({
      client: e.client, client_url: e.client_url,
      links: links.length > 0 ? links : undefined, images: images.length > 0 ? images : undefined,
    }),
    receivedVia: 'pagerduty-v1',
  };
}
