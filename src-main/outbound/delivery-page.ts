// The delivery log as the HTTP API and the window's bridge both answer it: a page of a subscription's deliveries,
// newest first, each with its incident's title (the log links to the incident by name).
import type { ListWebhookDeliveriesResponse, WebhookDelivery } from '../../src-shared/schemas/webhooks.ts';
import type { Engine } from '../engine/types.ts';
import type { DeliveryRow } from '../store/webhook-deliveries.ts';
import { deliveryPageRows } from '../store/webhook-delivery-page.ts';
import { toDelivery } from './delivery-view.ts';

type Reader = Pick<Engine, 'store' | 'getWebhook' | 'incidentsByIds'>;

/** What the log shows when nobody asks for a page size (the HTTP route answered the last 100 before it was paged). */
export const DEFAULT_DELIVERY_PAGE = 100;

/** Deliveries as the API shows them, with their incidents' current titles. */
export function titledDeliveries(engine: Pick<Engine, 'incidentsByIds'>, rows: readonly DeliveryRow[]): WebhookDelivery[] {
  const ids = [...new Set(rows.map((r) => r.incident_id).filter((id): id is string => id !== null))];
  const titles = new Map(ids.length === 0 ? [] : engine.incidentsByIds(ids).map((i) => [i.id, i.title]));
  return rows.map((r) => ({ ...toDelivery(r), incidentTitle: r.incident_id === null ? null : titles.get(r.incident_id) ?? null }));
}

/** A page of a subscription's log; NOT_FOUND (from getWebhook) for an unknown subscription. */
export function deliveryPage(engine: Reader, webhookId: string, q: { before?: number; limit?: number } = {}): ListWebhookDeliveriesResponse {
  engine.getWebhook(webhookId);
  const limit = q.limit ?? DEFAULT_DELIVERY_PAGE;
  // One more than asked tells whether an older page exists without a count.
  const rows = deliveryPageRows(engine.store, webhookId, q.before ?? null, limit + 1);
  const page = rows.slice(0, limit);
  return { deliveries: titledDeliveries(engine, page), nextBefore: rows.length > limit ? page.at(-1)!.id : null };
}
