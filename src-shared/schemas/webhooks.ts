// Outbound webhooks (issue 11 §2): subscriptions to incident events, per service or for all, delivered signed per
// the Standard Webhooks spec (https://www.standardwebhooks.com). A subscription replicates with its signing secret,
// so whichever device wrote an event can sign its delivery.
import { z } from 'zod';
import { IsoDateTime } from './common.ts';

/** The incident events one may subscribe to (the names are the `type` of the delivered body, prefixed `incident.`). */
export const WEBHOOK_EVENTS = ['triggered', 'acknowledged', 'resolved', 'reassigned', 'escalated', 'status_update_posted', 'note_added'] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

/** `standard`: the Standard Webhooks body; `slack`: `{"text": …}`, which Slack and Mattermost incoming webhooks take. */
export const WEBHOOK_FORMATS = ['standard', 'slack'] as const;
export type WebhookFormat = (typeof WEBHOOK_FORMATS)[number];

/** An http(s) URL: a receiver anywhere else (file:, javascript:) is a mistake. */
const WebhookUrl = z.string().trim().max(2048).pipe(z.url({ protocol: /^https?$/, error: 'must be an http or https URL' }));

export const CreateWebhook = z.object({
  url: WebhookUrl,
  /** At least one: a subscription to nothing delivers nothing. */
  events: z.array(z.enum(WEBHOOK_EVENTS)).min(1),
  /** Empty or absent: every service. */
  serviceIds: z.array(z.string().min(1)).max(100).optional(),
  format: z.enum(WEBHOOK_FORMATS).optional(),
  description: z.string().trim().max(1024).optional(),
}).strict();
export type CreateWebhook = z.input<typeof CreateWebhook>;

export const UpdateWebhook = z.object({
  url: WebhookUrl.optional(),
  events: z.array(z.enum(WEBHOOK_EVENTS)).min(1).optional(),
  serviceIds: z.array(z.string().min(1)).max(100).optional(),
  format: z.enum(WEBHOOK_FORMATS).optional(),
  description: z.string().trim().max(1024).nullable().optional(),
  /** false pauses it: events that happen meanwhile are never sent (the test button still works). */
  enabled: z.boolean().optional(),
}).strict();
export type UpdateWebhook = z.input<typeof UpdateWebhook>;

export const Webhook = z.object({
  id: z.string(),
  url: z.string(),
  events: z.array(z.enum(WEBHOOK_EVENTS)),
  serviceIds: z.array(z.string()),
  format: z.enum(WEBHOOK_FORMATS),
  description: z.string().nullable(),
  /** false: paused (PATCH `enabled`), nothing is owed to it. */
  enabled: z.boolean(),
  /** `whsec_` + base64 of 24 random bytes: what a receiver gives `new Webhook(secret)` to verify deliveries. */
  secret: z.string(),
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
  createdBy: z.string(),
});
export type Webhook = z.infer<typeof Webhook>;

export const WebhookIdParam = z.object({ id: z.string().min(1) });
export const WebhookResponse = z.object({ webhook: Webhook });
export const ListWebhooksResponse = z.object({ webhooks: z.array(Webhook) });

/** One event owed to a subscription by this device, and how its tries went (the delivery log is device-local). */
export const WebhookDelivery = z.object({
  id: z.number().int(),
  webhookId: z.string(),
  /** The `webhook-id` header: the op id of the event (the same on every try). */
  messageId: z.string(),
  event: z.string(),
  incidentId: z.string().nullable(),
  /** The incident's title as it is now, for the log's link (null: a test message, or the incident is gone). */
  incidentTitle: z.string().nullable().optional(),
  state: z.enum(['pending', 'delivered', 'failed']),
  attempts: z.number().int(),
  createdAt: IsoDateTime,
  nextAttemptAt: IsoDateTime.nullable(),
  lastAttemptAt: IsoDateTime.nullable(),
  /** The receiver's HTTP status (null: no answer). */
  lastStatus: z.number().int().nullable(),
  lastError: z.string().nullable(),
  /** The first 2 KB of the receiver's answer. */
  lastResponse: z.string().nullable(),
  lastDurationMs: z.number().int().nullable(),
});
export type WebhookDelivery = z.infer<typeof WebhookDelivery>;
export const DeliveryIdParam = z.object({ id: z.coerce.number().int().positive() });
export const WebhookDeliveryResponse = z.object({ delivery: WebhookDelivery });
/** A page of a delivery log, newest first: `before` is the previous page's `nextBefore` (absent: the newest). */
export const DeliveryPageQuery = z.object({
  before: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(100).optional(),
}).strict();
export type DeliveryPageQuery = z.input<typeof DeliveryPageQuery>;
export const ListWebhookDeliveriesResponse = z.object({
  deliveries: z.array(WebhookDelivery),
  /** `before` for the next, older page (null: this page is the oldest). */
  nextBefore: z.number().int().nullable(),
});
export type ListWebhookDeliveriesResponse = z.infer<typeof ListWebhookDeliveriesResponse>;
/** The test button and "send again" take nothing: `{}`. */
export const NoBody = z.object({}).strict();
