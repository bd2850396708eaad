// The subscribe endpoint's limits: ten requests an hour per client, three mails an hour per address, and memory
// bounded under a flood from very many addresses (a newcomer beyond the bound waits like one over its limit).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createSubscribeLimiter, MAX_BUCKETS } from '../../src-main/status/subscribe-limiter.ts';

test('a client gets ten an hour, an address three, and both come back as the buckets refill', () => {
  let now = 0;
  const limiter = createSubscribeLimiter(() => now);
  for (let i = 0; i < 10; i++) assert.equal(limiter.client('198.51.100.7'), null);
  const wait = limiter.client('198.51.100.7');
  assert.ok(wait !== null && wait > 300 && wait <= 360, `about six minutes: ${wait}`);
  assert.equal(limiter.client('198.51.100.8'), null, 'another client is not held up');
  assert.deepEqual([limiter.email('h'), limiter.email('h'), limiter.email('h'), limiter.email('h')], [true, true, true, false]);
  now += 20 * 60_000;
  assert.equal(limiter.email('h'), true, 'twenty minutes later, one more');
  assert.equal(limiter.client('198.51.100.7'), null);
});

test('memory stays bounded: beyond the cap a new client waits, and room comes back as buckets refill', () => {
  let now = 0;
  const limiter = createSubscribeLimiter(() => now);
  for (let i = 0; i < MAX_BUCKETS; i++) limiter.client(`10.${i >> 16}.${(i >> 8) & 255}.${i & 255}`);
  assert.ok(limiter.client('203.0.113.1') !== null, 'a newcomer past the cap waits');
  assert.equal(limiter.client('10.0.0.1'), null, 'a client already held still has its own tokens');
  now += 60 * 60_000;
  assert.equal(limiter.client('203.0.113.1'), null, 'an hour on, the full buckets are dropped and there is room');
});
