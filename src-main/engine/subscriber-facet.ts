// The engine's status page subscribers: written through the one write path, answered as the admin API shows them.
import type { Subscriber } from '../../src-shared/schemas/subscribers.ts';
import type { SubscriberState } from '../../src-shared/domain/subscribers/fold.ts';
import { subscriberRow, subscribersOfPage } from '../store/subscriber-rows.ts';
import type { Store } from '../store/database.ts';
import type { Tx } from './tx.ts';
import * as subs from './commands/subscriber-commands.ts';
import type { Actor } from './types.ts';

export interface SubscriberDeps {
  store: Store;
  submit<T>(fn: () => T): Promise<T>;
  tx(): Tx;
}

export const toSubscriber = (s: SubscriberState): Subscriber => ({
  id: s.id, pageId: s.pageId, kind: s.kind, email: s.email, url: s.url, secret: s.secret, state: s.state,
  createdAt: s.createdAt, confirmedAt: s.confirmedAt, unsubscribedAt: s.unsubscribedAt,
});

export function createSubscriberFacet({ store, submit, tx }: SubscriberDeps) {
  const state = (id: string) => subscriberRow(store, id)!;
  return {
    /** A new pending subscription and its confirmation token, or null when the address is subscribed already. */
    subscribeEmail: (pageId: string, email: string, by: Actor): Promise<{ subscriber: SubscriberState; token: string } | null> =>
      submit(() => subs.subscribeEmail(tx(), pageId, email, by)).then((r) => (r ? { subscriber: state(r.id), token: r.token } : null)),
    confirmSubscriber: (pageId: string, token: string, by: Actor): Promise<SubscriberState> =>
      submit(() => subs.confirmSubscriber(tx(), pageId, token, by)).then(state),
    /** `pageId`: refuse (404) a subscriber of another page. */
    unsubscribe: (id: string, reason: 'unsubscribed' | 'deleted', by: Actor, pageId?: string): Promise<SubscriberState> =>
      submit(() => subs.unsubscribe(tx(), id, reason, by, pageId)).then(() => state(id)),
    addWebhookSubscriber: (pageId: string, url: string, by: Actor): Promise<Subscriber> =>
      submit(() => subs.addWebhookSubscriber(tx(), pageId, url, by)).then((id) => toSubscriber(state(id))),
    /** A page's subscribers as the admin API shows them (unsubscribed ones too), oldest first. */
    listSubscribers: (pageId: string): Subscriber[] => subscribersOfPage(store, pageId).map(toSubscriber),
    /** A page's pending and confirmed subscribers as held (the notice runner picks its recipients among them). */
    subscriberStates: (pageId: string): SubscriberState[] => subscribersOfPage(store, pageId, true),
    subscriberState: (id: string): SubscriberState | null => subscriberRow(store, id),
  };
}

export type SubscriberFacet = ReturnType<typeof createSubscriberFacet>;
