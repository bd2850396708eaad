// One page of a subscription's delivery log, newest first, by id (ids only grow, so a page never shifts as new
// deliveries arrive at the top while someone reads older ones).
import type { Store } from './database.ts';
import type { DeliveryRow } from './webhook-deliveries.ts';

/** Up to `limit` deliveries older than `before` (all when null), newest first. */
export function deliveryPageRows(store: Store, webhookId: string, before: number | null, limit: number): DeliveryRow[] {
  // The ids first, from the (webhook_id, message_id) index alone (it holds the rowid): sorting a busy subscription's
  // ids is cheap, sorting its whole rows (bodies and answers) took ~80 ms at 10,000 of them. Then the page's rows.
  let ids = store.q.selectFrom('webhook_deliveries').select('id').where('webhook_id', '=', webhookId);
  if (before !== null) ids = ids.where('id', '<', before);
  const page = store.all(ids.orderBy('id', 'desc').limit(limit)).map((r) => r.id as number);
  if (page.length === 0) return [];
  return store.all(store.q.selectFrom('webhook_deliveries').selectAll().where('id', 'in', page).orderBy('id', 'desc')) as DeliveryRow[];
}
