// A status page subscriber as the fold of its ops: created once; confirmed (an email subscriber, by the link in its
// confirmation mail); unsubscribed for good — an unsubscription wins over a confirmation in whatever order they arrive.
import type { Op } from '../ops.ts';
import { compareOps, parseKnownOp, type KnownOp } from '../ops.ts';
import { hlcToIso } from '../hlc.ts';

export type SubscriberStatus = 'pending' | 'confirmed' | 'unsubscribed';

export interface SubscriberState {
  id: string;
  pageId: string;
  kind: 'email' | 'webhook';
  email: string | null;
  emailHash: string | null;
  confirmHash: string | null;
  url: string | null;
  secret: string | null;
  state: SubscriberStatus;
  createdAt: string;
  confirmedAt: string | null;
  unsubscribedAt: string | null;
  createdBy: string;
  lastHlc: string;
}

export function foldSubscriber(ops: readonly Op[]): SubscriberState | null {
  let s: SubscriberState | null = null;
  let confirmedAt: string | null = null;
  let unsubscribedAt: string | null = null;
  let lastHlc = '';
  for (const op of [...ops].sort(compareOps).map(parseKnownOp).filter((o): o is KnownOp => o !== null)) {
    if (op.type === 'subscriber.created') {
      if (s) continue;
      const d = op.data;
      s = {
        id: op.entity, pageId: d.pageId, kind: d.kind, email: d.email, emailHash: d.emailHash, confirmHash: d.confirmHash,
        url: d.url, secret: d.secret, state: 'pending', createdAt: hlcToIso(op.hlc), confirmedAt: null, unsubscribedAt: null,
        createdBy: d.by, lastHlc: op.hlc,
      };
    } else if (op.type === 'subscriber.confirmed') confirmedAt ??= hlcToIso(op.hlc);
    else if (op.type === 'subscriber.unsubscribed') unsubscribedAt ??= hlcToIso(op.hlc);
    else continue;
    if (op.hlc > lastHlc) lastHlc = op.hlc;
  }
  if (!s) return null;
  const confirmed = s.kind === 'webhook' || confirmedAt !== null;
  const state: SubscriberStatus = unsubscribedAt !== null ? 'unsubscribed' : confirmed ? 'confirmed' : 'pending';
  return { ...s, state, confirmedAt: s.kind === 'webhook' ? s.createdAt : confirmedAt, unsubscribedAt, lastHlc };
}

/**
 * Who gets a page's notice: confirmed subscribers, each address or URL once (two devices apart may each have taken
 * the same address's subscription; the person still gets one mail).
 */
export function recipients(subscribers: readonly SubscriberState[]): SubscriberState[] {
  const seen = new Set<string>();
  return subscribers.filter((s) => {
    if (s.state !== 'confirmed') return false;
    const key = s.kind === 'email' ? `e:${s.emailHash}` : `w:${s.url}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
