// Status page subscribers (issue 10 §2): people who asked for email when a published incident moves, and webhook
// receivers an admin added. What the public endpoints take, and what the admin API shows.
import { z } from 'zod';
import { IsoDateTime, type Impact, type Progress } from './common.ts';

/** `POST /status/:slug/subscribe`, as JSON or an HTML form. */
export const SubscribeBody = z.object({ email: z.string().trim().max(254).pipe(z.email({ error: 'must be an email address' })) });

/** An http(s) URL: a receiver anywhere else (file:, javascript:) is a mistake. */
export const AddWebhookSubscriber = z.object({
  url: z.string().trim().max(2048).pipe(z.url({ protocol: /^https?$/, error: 'must be an http or https URL' })),
}).strict();

export const SubscriberKind = z.enum(['email', 'webhook']);

/** A subscriber as an admin sees it (the public never does). */
export const Subscriber = z.object({
  id: z.string(),
  pageId: z.string(),
  kind: SubscriberKind,
  email: z.string().nullable(),
  url: z.string().nullable(),
  /** A webhook subscriber's signing secret (`whsec_…`), to verify deliveries with any Standard Webhooks library. */
  secret: z.string().nullable(),
  state: z.enum(['pending', 'confirmed', 'unsubscribed']),
  createdAt: IsoDateTime,
  confirmedAt: IsoDateTime.nullable(),
  unsubscribedAt: IsoDateTime.nullable(),
});
export type Subscriber = z.infer<typeof Subscriber>;

export const PageIdParam = z.object({ id: z.string().min(1).max(200) });
export const PageSubscriberParams = z.object({ id: z.string().min(1).max(200), subscriberId: z.string().min(1).max(200) });
export const SubscriberResponse = z.object({ subscriber: Subscriber });
export const ListSubscribersResponse = z.object({ subscribers: z.array(Subscriber) });

/** A published page, as much of it as a notice needs. `publicUrl`: where `/status/:slug` answers, absolute. */
export interface NoticePage { id: string; slug: string; name: string; publicUrl: string }

/**
 * One status-page update a subscriber hears of: the page, the incident's public fields, the message posted with it
 * (null: the incident moved without one), and when.
 */
export interface PublishedUpdate {
  page: NoticePage;
  incident: { id: string; title: string; progress: Progress; impact: Impact };
  message: string | null;
  at: string;
}

/** What a webhook subscriber receives (Standard Webhooks: `type`, `timestamp`, `data`), public fields only. */
export interface SubscriberWebhookBody {
  type: 'status_page.incident_updated';
  timestamp: string;
  data: { page: { slug: string; name: string; url: string }; incident: PublishedUpdate['incident']; message: string | null };
}
