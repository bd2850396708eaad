// The receiver's intake limits, applied before anything reaches the engine: one token bucket per service (that is,
// per routing key) for events, whatever the endpoint, and one per API key for every authenticated request. A
// refusal is a 429 with Retry-After in the endpoint's own error shape; the sender keeps its event and sends it again.
//
// Memory stays bounded: a bucket is made only for a service or key that exists (an unknown routing key is refused
// by the engine, and an unknown API key by authentication, before any bucket), and a bucket that has refilled
// completely is dropped, since a full bucket and no bucket mean the same.
import { DEFAULT_RATE_LIMIT, isFull, retryAfterSeconds, take, type Bucket } from '../../src-shared/domain/token-bucket.ts';
import type { RateLimit, Service } from '../../src-shared/schemas/admin.ts';
import { RateLimitedError } from './problem.ts';

export interface IntakeLimiter {
  /** One event for `service` (null: unknown, left for the engine to refuse). Throws RateLimitedError when over. */
  admitEvent(service: Service | null): void;
  /** One request authenticated with API key `keyId`. Throws RateLimitedError when over. */
  admitKey(keyId: string): void;
  /** Buckets held now (for tests of the memory bound). */
  readonly size: number;
}

export interface IntakeLimiterOptions {
  /** Monotonic milliseconds (default performance.now: a wall clock set back must not freeze the buckets). */
  now?: () => number;
  /** The limit for each API key. */
  keyLimit?: RateLimit;
}

/** How often buckets that refilled are looked for and dropped. */
const SWEEP_EVERY_MS = 60_000;

export function createIntakeLimiter(opts: IntakeLimiterOptions = {}): IntakeLimiter {
  const now = opts.now ?? (() => performance.now());
  const keyLimit = opts.keyLimit ?? DEFAULT_RATE_LIMIT;
  const buckets = new Map<string, { bucket: Bucket; limit: RateLimit }>();
  let lastSweep = now();

  const sweep = (t: number) => {
    lastSweep = t;
    for (const [id, { bucket, limit }] of buckets) if (isFull(bucket, limit, t)) buckets.delete(id);
  };

  const admit = (id: string, limit: RateLimit, refusal: (retryAfter: number) => string) => {
    const t = now();
    if (t - lastSweep >= SWEEP_EVERY_MS) sweep(t);
    const result = take(buckets.get(id)?.bucket, limit, t);
    buckets.set(id, { bucket: result.bucket, limit });
    if (!result.allowed) {
      const seconds = retryAfterSeconds(result.retryAfterMs);
      throw new RateLimitedError(refusal(seconds), seconds);
    }
  };

  const describe = (l: RateLimit) => `${l.perSecond}/s, burst ${l.burst}`;
  return {
    admitEvent(service) {
      if (!service) return;
      admit(`svc:${service.id}`, service.rateLimit, (s) =>
        `Too many events for service ${service.id} (limit ${describe(service.rateLimit)}); retry after ${s} s`);
    },
    admitKey(keyId) {
      admit(`key:${keyId}`, keyLimit, (s) => `Too many requests with API key ${keyId} (limit ${describe(keyLimit)}); retry after ${s} s`);
    },
    get size() { return buckets.size; },
  };
}
