// The subscribe endpoint's limits: ten requests an hour per client, three mails an hour per address, and memory
// bounded under a flood from very many addresses (a newcomer beyond the bound waits like one over its limit).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { clientKey, createSubscribeLimiter, MAX_BUCKETS } from '../../src-main/status/subscribe-limiter.ts';

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

test('an IPv6 client is limited by its /64 (one line holds a whole /64); an IPv4-mapped address counts as the IPv4 one', () => {
  assert.equal(clientKey('2001:db8:1:2:aaaa::1'), '2001:db8:1:2::/64');
  assert.equal(clientKey('2001:0db8:0001:0002:ffff:1:2:3'), '2001:db8:1:2::/64');
  assert.equal(clientKey('2001:db8::7'), '2001:db8:0:0::/64');
  assert.equal(clientKey('::ffff:198.51.100.7'), '198.51.100.7');
  assert.equal(clientKey('198.51.100.7'), '198.51.100.7');
  const limiter = createSubscribeLimiter(() => 0);
  for (let i = 0; i < 10; i++) assert.equal(limiter.client(`2001:db8:1:2::${i + 1}`), null);
  assert.notEqual(limiter.client('2001:db8:1:2:ffff::9'), null, 'the eleventh address of the same /64 waits');
  assert.equal(limiter.client('2001:db8:1:3::1'), null, 'the next /64 is another client');
});

test('behind a listed reverse proxy the visitor is who X-Forwarded-For says; from anyone else the header counts for nothing', async (t) => {
  const { startServer, fetchJson } = await import('../support/server.ts');
  const previous = process.env.KLAXON_TRUSTED_PROXIES;
  process.env.KLAXON_TRUSTED_PROXIES = '127.0.0.1';
  const behind = await startServer();
  if (previous === undefined) delete process.env.KLAXON_TRUSTED_PROXIES; else process.env.KLAXON_TRUSTED_PROXIES = previous;
  const direct = await startServer();
  t.after(async () => { await behind.close(); await direct.close(); });
  for (const s of [behind, direct]) {
    const made = await fetchJson(s.baseUrl, '/api/status-pages', { key: s.adminKey, body: { name: 'Acme', slug: 'acme', serviceIds: [s.serviceId] } });
    assert.equal(made.status, 201, made.text);
  }
  const ask = (s: typeof behind, from: string, n: number) => fetch(`${s.baseUrl}/status/acme/subscribe`, {
    method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': from }, body: JSON.stringify({ email: `v${n}@example.com` }),
  });
  // Through the proxy: ten visitors from ten places are ten clients, none held up by the others.
  for (let i = 0; i < 11; i++) assert.equal((await ask(behind, `203.0.113.${i + 1}`, i)).status, 202, `visitor ${i + 1}`);
  // Straight in, the header is anyone's to write: the peer (127.0.0.1) is the client, and the eleventh request waits.
  const statuses = [];
  for (let i = 0; i < 11; i++) statuses.push((await ask(direct, `203.0.113.${i + 1}`, i)).status);
  assert.deepEqual(statuses, [...Array<number>(10).fill(202), 429]);
});
