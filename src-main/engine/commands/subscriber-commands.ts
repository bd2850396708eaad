// Status page subscribers (issue 10 §2) as ops: an address asks (pending, with a confirmation token that only its
// mail carries), confirms, unsubscribes; an admin adds a webhook receiver or deletes a subscriber.
import { createHash, randomBytes } from 'node:crypto';
import { KlaxonError } from '../../../src-shared/schemas/errors.ts';
import { newId } from '../../../src-shared/domain/ids.ts';
import type { SubscriberState } from '../../../src-shared/domain/subscribers/fold.ts';
import { liveSubscriptionsOf, subscriberByConfirmHash, subscriberRow } from '../../store/subscriber-rows.ts';
import type { Tx } from '../tx.ts';
import { newWebhookSecret } from './webhook-commands.ts';

export const sha256 = (s: string): string => createHash('sha256').update(s).digest('hex');

/** Addresses differ only in case as far as a person is concerned: one subscription per mailbox. */
export const emailHash = (email: string): string => sha256(email.trim().toLowerCase());

/**
 * A pending subscription of `email` to page `pageId` and its confirmation token (to mail, never stored), or null
 * when the address is subscribed already. A pending request made before is replaced: the newest mail's link is the
 * one that works.
 */
export function subscribeEmail(tx: Tx, pageId: string, email: string, by: string): { id: string; token: string } | null {
  const hash = emailHash(email);
  const live = liveSubscriptionsOf(tx.store, pageId, hash);
  if (live.some((s) => s.state === 'confirmed')) return null;
  for (const s of live) tx.emit('subscriber.unsubscribed', s.id, { reason: 'replaced', by });
  const id = newId('sub', tx.nowMs);
  const token = randomBytes(24).toString('base64url');
  tx.emit('subscriber.created', id, {
    pageId, kind: 'email', email: email.trim(), emailHash: hash, confirmHash: sha256(token), url: null, secret: null, by,
  });
  return { id, token };
}

/**
 * Confirms the subscription to page `pageId` this token was mailed for (again: no change); 404 for an unknown or
 * withdrawn one, or one of another page.
 */
export function confirmSubscriber(tx: Tx, pageId: string, token: string, by: string): string {
  const s = subscriberByConfirmHash(tx.store, sha256(token));
  if (!s || s.pageId !== pageId || s.state === 'unsubscribed') throw new KlaxonError('NOT_FOUND', 'This confirmation link is unknown or no longer valid');
  if (s.state === 'pending') tx.emit('subscriber.confirmed', s.id, { by });
  return s.id;
}

export function existingSubscriber(tx: Tx, id: string, pageId?: string): SubscriberState {
  const s = subscriberRow(tx.store, id);
  if (!s || (pageId !== undefined && s.pageId !== pageId)) throw new KlaxonError('NOT_FOUND', `Subscriber ${id} not found`);
  return s;
}

/** Ends a subscription (again: no change). */
export function unsubscribe(tx: Tx, id: string, reason: 'unsubscribed' | 'deleted', by: string, pageId?: string): void {
  const s = existingSubscriber(tx, id, pageId);
  if (s.state !== 'unsubscribed') tx.emit('subscriber.unsubscribed', id, { reason, by });
}

export function addWebhookSubscriber(tx: Tx, pageId: string, url: string, by: string): string {
  const id = newId('sub', tx.nowMs);
  tx.emit('subscriber.created', id, { pageId, kind: 'webhook', email: null, emailHash: null, confirmHash: null, url, secret: newWebhookSecret(), by });
  return id;
}
