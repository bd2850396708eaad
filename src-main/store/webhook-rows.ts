// The webhook subscriptions projection (migration 8).
import type { WebhookState } from '../../src-shared/domain/webhooks/fold.ts';
import type { Store } from './database.ts';

export function writeWebhook(store: Store, w: WebhookState): void {
  const row = { id: w.id, doc: JSON.stringify(w), deleted: w.deleted ? 1 : 0, last_hlc: w.lastHlc };
  const { id: _id, ...rest } = row;
  store.run(store.q.insertInto('webhooks').values(row).onConflict((oc) => oc.column('id').doUpdateSet(rest)));
}

/** Every subscription not deleted, oldest first. */
export function listWebhookRows(store: Store): WebhookState[] {
  return store.all(store.q.selectFrom('webhooks').select('doc').where('deleted', '=', 0).orderBy('id'))
    .map((r) => JSON.parse(r.doc) as WebhookState);
}

/** One subscription, deleted or not (null: never held). */
export function webhookRow(store: Store, id: string): WebhookState | null {
  const r = store.get(store.q.selectFrom('webhooks').select('doc').where('id', '=', id));
  return r ? JSON.parse(r.doc) as WebhookState : null;
}
