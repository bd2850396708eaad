// One HTTP(S) or TCP check against real local servers: what it finds in each case a user sets a monitor up for —
// a failing status, a slow answer, no answer, a keyword present or absent, redirects, a certificate about to expire
// or expired, a port closed — and that an error meaning "this machine has no route" is no data, not down, while a
// name the resolver says does not exist is down (held for the round's judgement).
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { LookupFunction } from 'node:net';
import { createHttpClient, httpCheck, type HttpCheckConfig, type HttpClient } from '../../src-main/monitors/http-check.ts';
import { tcpCheck } from '../../src-main/monitors/tcp-check.ts';
import { errorReport } from '../../src-main/monitors/check-report.ts';
import { HttpConfig } from '../../src-shared/schemas/monitors.ts';
import { startTarget, startTcpPort, type Target } from '../support/check-targets.ts';
import { makeTestCa } from '../support/test-ca.ts';

const DAY = 86_400_000;
const config = (url: string, more: Partial<HttpCheckConfig> = {}): HttpCheckConfig =>
  HttpConfig.parse({ name: 'site', serviceId: 'svc', intervalSeconds: 30, type: 'http', url, timeoutSeconds: 2, ...more });

describe('HTTP check', () => {
  let site: Target;
  let other: Target;
  before(async () => {
    site = await startTarget();
    other = await startTarget({ host: '127.0.0.2' });
  });
  after(async () => { await site.close(); await other.close(); });

  it('a 2xx is up with its response time; a 500 is down with the status in the details', async () => {
    site.set({ status: 200 });
    const up = await httpCheck(config(site.url));
    assert.equal(up.outcome, 'up');
    assert.equal(typeof up.responseMs, 'number');
    site.set({ status: 500 });
    const down = await httpCheck(config(site.url));
    assert.equal(down.outcome, 'down');
    assert.match(down.message!, /HTTP 500 \(expected 200-299\)/);
    assert.equal(down.details.status, 500);
    site.set({ status: 503 });
    assert.equal((await httpCheck(config(site.url, { expectedStatus: ['200-299', '503'] }))).outcome, 'up', 'an expected status list is honoured');
  });

  it('slower than degradedAfterMs is degraded; no answer within the timeout is down and marked as a timeout', async () => {
    site.set({ delayMs: 300 });
    const slow = await httpCheck(config(site.url, { degradedAfterMs: 100 }));
    assert.equal(slow.outcome, 'degraded');
    assert.match(slow.message!, /slow: \d+ ms \(limit 100 ms\)/);
    site.set({ hang: true });
    const none = await httpCheck(config(site.url, { timeoutSeconds: 1 }));
    assert.equal(none.outcome, 'down');
    assert.equal(none.timedOut, true);
    assert.match(none.message!, /no answer within 1 s/);
    assert.equal(none.details.error, 'TIMEOUT');
  });

  it('keyword present / absent, read from the body', async () => {
    site.set({ body: 'status: degraded mode' });
    const missing = await httpCheck(config(site.url, { keyword: 'all good' }));
    assert.equal(missing.outcome, 'down');
    assert.match(missing.message!, /keyword "all good" not found/);
    assert.equal(missing.details.keyword, 'all good');
    assert.equal((await httpCheck(config(site.url, { keyword: 'degraded mode' }))).outcome, 'up');
    const present = await httpCheck(config(site.url, { keyword: 'degraded', keywordAbsent: true }));
    assert.equal(present.outcome, 'down');
    assert.match(present.message!, /keyword "degraded" found, and must not be/);
    site.set({ body: `${'x'.repeat(200_000)}needle` });
    assert.equal((await httpCheck(config(site.url, { keyword: 'needle' }))).outcome, 'down', 'only the first 64 KiB are read');
  });

  it('redirects: followed on the same host; to another host only when allowed', async () => {
    other.set({ body: 'landed' });
    site.set({ redirectTo: `http://127.0.0.1:${site.port}/elsewhere` });
    // A redirect to itself forever: followed a bounded number of times.
    const loop = await httpCheck(config(site.url));
    assert.equal(loop.outcome, 'down');
    assert.match(loop.message!, /more than 5 redirects/);
    site.set({ redirectTo: other.url });
    const stopped = await httpCheck(config(site.url));
    assert.equal(stopped.outcome, 'down');
    assert.match(stopped.message!, /HTTP 302 .*a redirect to 127\.0\.0\.2:\d+, not followed/);
    const hitsBefore = other.hits;
    const followed = await httpCheck(config(site.url, { redirectsToOtherHosts: true, keyword: 'landed' }));
    assert.equal(followed.outcome, 'up');
    assert.equal(followed.details.finalUrl, other.url);
    assert.equal(other.hits, hitsBefore + 1);
  });
});

describe('HTTPS certificate', () => {
  let soon: Target;
  let expired: Target;
  let client: HttpClient;
  before(async () => {
    const ca = await makeTestCa();
    soon = await startTarget({ tls: await ca.leaf(Date.now() + 3 * DAY + 3_600_000) });
    expired = await startTarget({ tls: await ca.leaf(Date.now() - DAY, Date.now() - 10 * DAY) });
    // The runner's client, trusting the test CA as well as the system's.
    client = createHttpClient({ extraCa: [ca.caPem] });
  });
  after(async () => { await client.close(); await soon.close(); await expired.close(); });

  it('a certificate expiring within certExpiryWarningDays is degraded, saying when; outside it, up', async () => {
    const warned = await httpCheck(config(soon.url, { certExpiryWarningDays: 7 }), { client });
    assert.equal(warned.outcome, 'degraded');
    assert.match(warned.message!, /the certificate of 127\.0\.0\.1 expires on \d{4}-\d{2}-\d{2} \(in 3 days\)/);
    const fine = await httpCheck(config(soon.url, { certExpiryWarningDays: 2 }), { client });
    assert.equal(fine.outcome, 'up');
    assert.ok(fine.details.certificateExpiresAt);
  });

  it('an expired certificate is down; one no trusted CA signed is down', async () => {
    const gone = await httpCheck(config(expired.url, { certExpiryWarningDays: 7 }), { client });
    assert.equal(gone.outcome, 'down');
    assert.equal(gone.details.error, 'CERT_HAS_EXPIRED');
    const untrusted = await httpCheck(config(soon.url));
    assert.equal(untrusted.outcome, 'down');
    assert.match(String(untrusted.details.error), /UNABLE_TO_VERIFY_LEAF_SIGNATURE|SELF_SIGNED|UNABLE_TO_GET_ISSUER/);
  });
});

describe('TCP check and errors', () => {
  it('an open port is up; once its server closes, down (refused)', async () => {
    const port = await startTcpPort();
    const up = await tcpCheck({ host: '127.0.0.1', port: port.port, timeoutSeconds: 2 });
    assert.equal(up.outcome, 'up');
    await port.close();
    const down = await tcpCheck({ host: '127.0.0.1', port: port.port, timeoutSeconds: 2 });
    assert.equal(down.outcome, 'down');
    assert.equal(down.details.error, 'ECONNREFUSED');
  });

  it('no route to any network is no data, never down; a host or its resolver unreachable is down, held for its round', () => {
    const failed = (code: string) => errorReport(Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new Error('x'), { code }) }), 0, 5, 10_000, { host: 'example.com' });
    for (const code of ['ENETUNREACH', 'ENETDOWN']) {
      const r = failed(code);
      assert.equal(r.outcome, 'no_data', code);
      assert.match(r.message!, new RegExp(`no route \\(${code}\\)`));
    }
    // A dead machine on the local network (EHOSTUNREACH), a domain whose own DNS servers fail (EAI_AGAIN).
    for (const code of ['EHOSTUNREACH', 'EAI_AGAIN']) {
      const r = failed(code);
      assert.equal(r.outcome, 'down', code);
      assert.equal(r.unreachable, true, `${code}: judged with the round before it counts`);
    }
  });

  it('a name the resolver says does not exist, or a resolver that cannot answer for it, is down (held for its round)', async () => {
    const failing = (code: string): LookupFunction => (hostname, _options, callback) =>
      callback(Object.assign(new Error(`getaddrinfo ${code} ${hostname}`), { code, hostname }), '', 4);
    const gone = createHttpClient({ lookup: failing('ENOTFOUND') });
    const unreachable = createHttpClient({ lookup: failing('EAI_AGAIN') });
    try {
      const http = await httpCheck(config('http://shop.gone.invalid/health'), { client: gone });
      assert.equal(http.outcome, 'down');
      assert.equal(http.nameNotFound, true, 'judged with the round before it counts');
      assert.equal(http.details.error, 'ENOTFOUND');
      const unanswered = await httpCheck(config('http://shop.gone.invalid/health'), { client: unreachable });
      assert.deepEqual([unanswered.outcome, unanswered.unreachable], ['down', true]);
      const tcp = await tcpCheck({ host: 'db.gone.invalid', port: 5432, timeoutSeconds: 2 }, undefined, failing('ENOTFOUND'));
      assert.equal(tcp.outcome, 'down');
      assert.equal(tcp.nameNotFound, true);
      const tcpUnanswered = await tcpCheck({ host: 'db.gone.invalid', port: 5432, timeoutSeconds: 2 }, undefined, failing('EAI_AGAIN'));
      assert.deepEqual([tcpUnanswered.outcome, tcpUnanswered.unreachable], ['down', true]);
    } finally {
      await gone.close();
      await unreachable.close();
    }
  });
});
