// The status page subscribers projection (migration 12).
import type { SubscriberState } from '../../src-shared/domain/subscribers/fold.ts';
import type { Store } from './database.ts';

export function writeSubscriber(store: Store, s: SubscriberState): void {
  const row = { id: s.id, page_id: s.pageId, email_hash: s.emailHash, confirm_hash: s.confirmHash, state: s.state, doc: JSON.stringify(s), last_hlc: s.lastHlc };
  const { id: _id, ...rest } = row;
  store.run(store.q.insertInto('status_subscribers').values(row).onConflict((oc) => oc.column('id').doUpdateSet(rest)));
}

const parse = (r: { doc: string }) => JSON.parse(r.doc) as SubscriberState;

/** A page's subscribers, unsubscribed ones too (`live`: only pending and confirmed), oldest first. */
export function subscribersOfPage(store: Store, pageId: string, live = false): SubscriberState[] {
  let q = store.q.selectFrom('status_subscribers').select('doc').where('page_id', '=', pageId);
  if (live) q = q.where('state', '<>', 'unsubscribed');
  return store.all(q.orderBy('id')).map(parse);
}

/** A page's pending and confirmed subscriptions of one address (by its hash). */
export const liveSubscriptionsOf = (store: Store, pageId: string, emailHash: string): SubscriberState[] =>
  store.all(store.q.selectFrom('status_subscribers').select('doc').where('page_id', '=', pageId).where('email_hash', '=', emailHash)
    .where('state', '<>', 'unsubscribed').orderBy('id')).map(parse);

export function subscriberByConfirmHash(store: Store, hash: string): SubscriberState | null {
  const r = store.get(store.q.selectFrom('status_subscribers').select('doc').where('confirm_hash', '=', hash));
  return r ? parse(r) : null;
}

export function subscriberRow(store: Store, id: string): SubscriberState | null {
  const r = store.get(store.q.selectFrom('status_subscribers').select('doc').where('id', '=', id));
  return r ? parse(r) : null;
}
