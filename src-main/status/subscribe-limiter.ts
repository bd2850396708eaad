// How often the public subscribe endpoint may be used: per client address, and per email address. Over the client's
// limit the request is refused (429, Retry-After); over the address's limit it is answered as any other but nothing
// is sent, so the endpoint can neither be used to flood someone's mailbox nor to learn anything about an address.
// Token buckets (src-shared/domain/token-bucket.ts), dropped once full again; and at most MAX_BUCKETS of them, so a
// flood from very many addresses costs bounded memory (a newcomer beyond it is treated as over its limit).
import { isIPv6 } from 'node:net';
import { isFull, retryAfterSeconds, take, type Bucket } from '../../src-shared/domain/token-bucket.ts';
import type { RateLimit } from '../../src-shared/schemas/admin.ts';

/** A person behind one address subscribing to a few pages, or a form submitted twice: fine; a script: not. */
export const PER_CLIENT: RateLimit = { perSecond: 10 / 3600, burst: 10 };
/** A confirmation mail, a lost one asked again: 3 an hour to one mailbox at most. */
export const PER_EMAIL: RateLimit = { perSecond: 3 / 3600, burst: 3 };

export const MAX_BUCKETS = 50_000;

export interface SubscribeLimiter {
  /** Seconds to wait when this client is over its limit, else null (and a token is taken). */
  client(ip: string): number | null;
  /** Whether a mail to this address (its hash) may go now (a token is taken if so). */
  email(hash: string): boolean;
}

/**
 * Who a client is, for its limit: an IPv4 address (also written IPv4-mapped, `::ffff:a.b.c.d`) as itself; an IPv6
 * address by its /64 — one subscriber line or host is handed a whole /64, so limiting single addresses would let it
 * try 2^64 times.
 */
export function clientKey(ip: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (mapped) return mapped[1]!;
  if (!isIPv6(ip)) return ip;
  const [head = '', tail = ''] = ip.toLowerCase().split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = ip.includes('::') ? [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right] : left;
  return `${groups.slice(0, 4).map((g) => g.replace(/^0+(?=.)/, '')).join(':')}::/64`;
}

export function createSubscribeLimiter(now: () => number = () => performance.now()): SubscribeLimiter {
  const buckets = new Map<string, { bucket: Bucket; limit: RateLimit }>();
  let lastSweep = now();
  const takeOne = (key: string, limit: RateLimit) => {
    const t = now();
    if (t - lastSweep >= 60_000) {
      lastSweep = t;
      for (const [k, b] of buckets) if (isFull(b.bucket, b.limit, t)) buckets.delete(k);
    }
    const held = buckets.get(key)?.bucket;
    if (!held && buckets.size >= MAX_BUCKETS) return { allowed: false as const, retryAfterMs: 60_000 };
    const r = take(held, limit, t);
    buckets.set(key, { bucket: r.bucket, limit });
    return r;
  };
  return {
    client(ip) {
      const r = takeOne(`ip:${clientKey(ip)}`, PER_CLIENT);
      return r.allowed ? null : retryAfterSeconds(r.retryAfterMs);
    },
    email: (hash) => takeOne(`email:${hash}`, PER_EMAIL).allowed,
  };
}
