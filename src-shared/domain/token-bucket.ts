// How much a sender may push through: a token bucket. It holds at most `burst` tokens and refills at `perSecond`;
// each request takes one, and an empty bucket means "retry later" (a 429 with Retry-After), never a lost event, since
// the sender still holds it. Pure: the caller owns the buckets and passes the time in.
import type { RateLimit } from '../schemas/admin.ts';

/** Generous: a real monitor never meets it, a runaway script or a flood does. */
export const DEFAULT_RATE_LIMIT: RateLimit = { perSecond: 1000, burst: 10_000 };

/** The bucket's tokens as of instant `at` (ms, any monotonic clock). A missing bucket is a full one. */
export interface Bucket {
  tokens: number;
  at: number;
}

/** Tokens in the bucket at `now`: refilled since `at`, never above `burst`. A clock that went back refills nothing. */
export function tokensAt(bucket: Bucket | undefined, limit: RateLimit, now: number): number {
  if (!bucket) return limit.burst;
  const refilled = bucket.tokens + (Math.max(0, now - bucket.at) * limit.perSecond) / 1000;
  return Math.min(limit.burst, refilled);
}

export type Take =
  | { allowed: true; bucket: Bucket }
  /** `retryAfterMs`: how long until one token is back. */
  | { allowed: false; bucket: Bucket; retryAfterMs: number };

/** Takes one token at `now`, if there is one. */
export function take(bucket: Bucket | undefined, limit: RateLimit, now: number): Take {
  const tokens = tokensAt(bucket, limit, now);
  if (tokens >= 1) return { allowed: true, bucket: { tokens: tokens - 1, at: now } };
  return { allowed: false, bucket: { tokens, at: now }, retryAfterMs: ((1 - tokens) * 1000) / limit.perSecond };
}

/** A full bucket says nothing a missing one would not: it can be dropped, so idle senders cost no memory. */
export const isFull = (bucket: Bucket, limit: RateLimit, now: number): boolean => tokensAt(bucket, limit, now) >= limit.burst;

/** Retry-After in whole seconds, at least 1 (HTTP has no finer unit, and 0 would invite an immediate retry). */
export const retryAfterSeconds = (retryAfterMs: number): number => Math.max(1, Math.ceil(retryAfterMs / 1000));
