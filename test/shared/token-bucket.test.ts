// The intake limit as a pure rule: a token bucket with the time passed in.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { DEFAULT_RATE_LIMIT, isFull, retryAfterSeconds, take, tokensAt, type Bucket } from '../../src-shared/domain/token-bucket.ts';
import type { RateLimit } from '../../src-shared/schemas/admin.ts';

/** Takes `n` tokens at instant `at`; returns the bucket and how many were allowed. */
function takeMany(bucket: Bucket | undefined, limit: RateLimit, at: number, n: number) {
  let allowed = 0;
  let last: ReturnType<typeof take> | undefined;
  for (let i = 0; i < n; i++) {
    last = take(bucket, limit, at);
    bucket = last.bucket;
    if (last.allowed) allowed++;
  }
  return { bucket: bucket!, allowed, last: last! };
}

test('by default 10,000 events pass at once, the next waits, and 1,000 more pass each second', () => {
  const burst = takeMany(undefined, DEFAULT_RATE_LIMIT, 0, 10_001);
  assert.equal(burst.allowed, 10_000);
  assert.equal(burst.last.allowed, false);
  assert.ok(!burst.last.allowed && burst.last.retryAfterMs === 1, 'one token comes back after 1 ms at 1,000/s');
  const second = takeMany(burst.bucket, DEFAULT_RATE_LIMIT, 1000, 1001);
  assert.equal(second.allowed, 1000);
});

test('Retry-After is the whole seconds until one token is back, at least 1', () => {
  const slow: RateLimit = { perSecond: 0.25, burst: 1 };
  const { last } = takeMany(undefined, slow, 0, 2);
  assert.ok(!last.allowed);
  assert.equal(last.retryAfterMs, 4000);
  assert.equal(retryAfterSeconds(last.retryAfterMs), 4);
  assert.equal(retryAfterSeconds(1), 1);
  assert.equal(retryAfterSeconds(1001), 2);
  assert.equal(retryAfterSeconds(0), 1);
});

test('a clock that goes back refills nothing; a bucket never holds more than its burst', () => {
  const limit: RateLimit = { perSecond: 10, burst: 5 };
  const drained = takeMany(undefined, limit, 10_000, 5).bucket;
  assert.equal(tokensAt(drained, limit, 9_000), 0);
  assert.equal(tokensAt(drained, limit, 10_000 + 3_600_000), 5);
});

test('a bucket left alone until full is the same as no bucket, so it can be dropped', () => {
  fc.assert(fc.property(
    fc.record({ perSecond: fc.double({ min: 0.01, max: 1e6, noNaN: true }), burst: fc.integer({ min: 1, max: 1e6 }) }),
    fc.integer({ min: 0, max: 1e6 }), fc.integer({ min: 1, max: 50 }), fc.integer({ min: 0, max: 1e7 }),
    (limit, start, n, idle) => {
      const { bucket } = takeMany(undefined, limit, start, n);
      const later = start + idle;
      if (!isFull(bucket, limit, later)) return;
      assert.deepEqual(take(bucket, limit, later).allowed, take(undefined, limit, later).allowed);
      assert.equal(tokensAt(bucket, limit, later), tokensAt(undefined, limit, later));
    },
  ));
});
