// One page of a subscription's delivery log, newest first, by id (ids only grow, so a page never shifts as new
// deliveries arrive at the top while someone reads older ones).
import type { Store } from './database.ts';
import type { DeliveryRow } from './webhook-deliveries.ts';

/** Up to `limit` deliveries older than `before` (all when null), newest first. */
export function deliveryPageRows(store: Store, webhookId: string, before: number | null, limit: number): DeliveryRow[] {
  let q = store.q.selectFrom('webhook_deliveries').selectAll().where('webhook_id', '=', webhookId);
  if (before !== null) q = q.where('id', '<', before);
  return store.all(q.orderBy('id', 'desc').limit(limit)) as DeliveryRow[];
}
