// The public status page over HTTP, from a fixture view: what a visitor's browser gets (HTML with the banner, the
// incident's progress and messages, maintenance, past incidents), caching (ETag from content, 304, max-age=30,
// gzip), escaping of hostile text, 404s, the summary and the badges, and that none of it needs a key or a local Host.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { startServer, type TestServer } from '../support/server.ts';
import { FakeClock } from '../../src-main/clock.ts';
import type { StatusSummary } from '../../src-main/status/summary.ts';
import { API_INCIDENT, FIXTURE_NOW, fixturePage, fixtureSource } from '../support/status-fixture.ts';

const PLAIN = { 'accept-encoding': 'identity' };

describe('status page routes', () => {
  let server: TestServer;
  const source = fixtureSource(fixturePage());
  const clock = new FakeClock(FIXTURE_NOW);
  const get = (path: string, headers: Record<string, string> = PLAIN) => fetch(server.baseUrl + path, { headers });

  before(async () => { server = await startServer({ statusSource: source, clock }); });
  after(async () => { await server?.close(); });

  it('serves the page as self-contained HTML: banner, current incident with its steps and messages, maintenance, components, past incidents', async () => {
    const res = await get('/status/acme');
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'text/html; charset=utf-8');
    assert.equal(res.headers.get('cache-control'), 'public, max-age=30');
    const csp = res.headers.get('content-security-policy') ?? '';
    assert.match(csp, /default-src 'none'/);
    assert.doesNotMatch(csp, /script-src/, 'no script may run on the page');
    const html = await res.text();
    assert.doesNotMatch(html, /<script|<link rel="stylesheet"|src="http/i, 'no script, no external asset');
    assert.match(html, /<div class="banner s-partial_outage" role="status">Partial outage<\/div>/);
    assert.match(html, /<h3>API Latency Issues<\/h3>/);
    assert.match(html, /<li class="now" aria-current="step">Monitoring<\/li>/);
    // The timeline is newest first: monitoring, identified, investigating.
    const order = ['Fix deployed', 'database connection limits', 'We are investigating'].map((m) => html.indexOf(m));
    assert.ok(order.every((at, i) => at > 0 && (i === 0 || at > order[i - 1]!)), `timeline order ${order.join(',')}`);
    assert.match(html, /Database upgrade/);
    assert.match(html, /Upcoming<\/strong> · <time datetime="2026-12-02T22:00:00Z">2 Dec 2026, 22:00 UTC<\/time>/);
    assert.match(html, /<details class="card incident imp-minor" id="i-inc-login"><summary>Sign-in failures <span class="muted">· 20 Nov 2026<\/span><\/summary>/);
    assert.equal(html.match(/<li tabindex="-?[01]"/g)?.length, 3 * 90, 'three components × 90 daily bars');
    assert.match(html, /30 Nov 2026 · 93\.00% uptime · 1 incident: API Latency Issues/);
    assert.match(html, /No data · No incidents/, 'a day without measurements says so rather than "down"');
    assert.match(html, /<span class="state s-partial_outage">Partial outage<\/span>/);
    assert.match(html, /99\.41% uptime/);
    for (const [type, file] of [['application/rss+xml', 'feed.rss'], ['application/atom+xml', 'feed.atom'], ['application/feed+json', 'feed.json']] as const) {
      assert.match(html, new RegExp(`<link rel="alternate" type="${type.replace('+', '\\+')}" title="Acme \\([^)]+\\)" href="/status/acme/${file}">`));
    }
  });

  it('answers a revalidation with 304, and a new update with a new ETag and body; time passing alone changes nothing', async () => {
    const first = await get('/status/acme');
    const etag = first.headers.get('etag')!;
    assert.match(etag, /^"[\w-]+"$/);
    clock.advance(60_000); // the view is built again, at a new time, with the same content
    const again = await get('/status/acme', { ...PLAIN, 'if-none-match': etag });
    assert.equal(again.status, 304);
    assert.equal(await again.text(), '');
    assert.equal(again.headers.get('etag'), etag);
    assert.equal(again.headers.get('cache-control'), 'public, max-age=30');

    const updated = fixturePage({ activeIncidents: [{ ...API_INCIDENT, progress: 'resolved', updates: [{ at: '2026-11-30T15:00:00Z', progress: 'resolved', message: 'Latency is back to normal' }, ...API_INCIDENT.updates] }] });
    source.pages.set('acme', updated);
    try {
      const changed = await get('/status/acme', { ...PLAIN, 'if-none-match': etag });
      assert.equal(changed.status, 200);
      assert.notEqual(changed.headers.get('etag'), etag);
      assert.match(await changed.text(), /Latency is back to normal/);
    } finally {
      source.pages.set('acme', fixturePage());
    }
  });

  it('gzips for clients that take it, with its own ETag', async () => {
    const plain = await (await get('/status/acme')).text();
    const res = await new Promise<{ status: number; headers: Record<string, unknown>; body: Buffer }>((resolve, reject) => {
      const req = httpRequest(`${server.baseUrl}/status/acme`, { headers: { 'accept-encoding': 'gzip, br' } }, (r) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => resolve({ status: r.statusCode!, headers: r.headers, body: Buffer.concat(chunks) }));
      });
      req.on('error', reject);
      req.end();
    });
    assert.equal(res.status, 200);
    assert.equal(res.headers['content-encoding'], 'gzip');
    assert.match(String(res.headers.vary), /accept-encoding/);
    assert.match(String(res.headers.etag), /-gz"$/);
    assert.equal(gunzipSync(res.body).toString('utf8'), plain);
    assert.ok(res.body.length < plain.length / 4, `gzip ${res.body.length} bytes vs ${plain.length}`);
  });

  it('escapes hostile text everywhere it is shown: page, component and incident names, messages, maintenance, badges', async () => {
    const evil = '<script>alert(1)</script>"\'&';
    source.pages.set('evil', fixturePage({
      slug: 'evil', name: evil, description: evil,
      groups: [{ name: evil, components: [{ ...fixturePage().groups[0]!.components[0]!, name: evil, days: fixturePage().groups[0]!.components[0]!.days.map((d) => ({ ...d, incidents: [{ id: 'x', title: evil }] })) }] }],
      activeIncidents: [{ ...API_INCIDENT, title: evil, updates: [{ at: '2026-11-30T14:00:00Z', progress: 'identified', message: evil }] }],
      maintenance: [{ ...fixturePage().maintenance[0]!, title: evil, message: evil }],
    }));
    const html = await (await get('/status/evil')).text();
    assert.doesNotMatch(html, /<script/i);
    assert.ok(html.includes('&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;&amp;'), 'shown as text');
    const svg = await (await get(`/status/evil/badge.svg?label=${encodeURIComponent(evil)}`)).text();
    assert.doesNotMatch(svg, /<script/i);
    assert.match(svg, /&lt;script&gt;/);
    assert.equal((await get('/status/evil/badge.svg')).headers.get('content-security-policy'), "default-src 'none'");
  });

  it('an unknown page is a 404 page in HTML; its feeds, summary and badges, and an unknown component, are 404s in the error shape', async () => {
    const page = await get('/status/no-such-page');
    assert.equal(page.status, 404);
    assert.equal(page.headers.get('content-type'), 'text/html; charset=utf-8');
    assert.match(await page.text(), /No such status page/);
    for (const path of ['/status/nope/feed.rss', '/status/nope/summary.json', '/status/nope/badge.svg', '/status/acme/components/nope/badge.svg', '/status/acme/components/nope/uptime.svg']) {
      const res = await get(path);
      assert.equal(res.status, 404, path);
      assert.equal((await res.json() as { error: { code: string } }).error.code, 'NOT_FOUND', path);
    }
    assert.equal((await get(`/status/${'x'.repeat(100)}`)).status, 404, 'a long slug is just not found');
    assert.equal((await get(`/status/${'x'.repeat(5000)}`)).status, 414, 'a huge one is refused before any lookup');
  });

  it('summary.json: overall state, components with state and 90-day uptime, active incidents, maintenance — and no history', async () => {
    const res = await get('/status/acme/summary.json');
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'application/json; charset=utf-8');
    assert.equal(res.headers.get('access-control-allow-origin'), '*');
    const body = await res.json() as StatusSummary;
    assert.deepEqual(body.overall, { state: 'partial_outage', description: 'Partial outage' });
    assert.deepEqual(body.components.map((c) => [c.id, c.group, c.state, c.uptime90]), [
      ['api', 'Core', 'partial_outage', 0.99412], ['web', 'Core', 'operational', 0.9995], ['mail', null, 'operational', null],
    ]);
    assert.deepEqual(body.activeIncidents.map((i) => [i.id, i.progress, i.updates.length]), [['inc-api-latency', 'monitoring', 3]]);
    assert.equal(body.maintenance[0]!.title, 'Database upgrade');
    assert.equal(body.page.url, `${server.baseUrl}/status/acme`);
    assert.ok(!JSON.stringify(body).includes('"days"'));
  });

  it('badges: the overall state, a component\'s state and its 90-day uptime, as SVG', async () => {
    const overall = await get('/status/acme/badge.svg');
    assert.equal(overall.status, 200);
    assert.equal(overall.headers.get('content-type'), 'image/svg+xml');
    assert.equal(overall.headers.get('cache-control'), 'public, max-age=30');
    const svg = await overall.text();
    assert.match(svg, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" width="\d+" height="20"/);
    assert.match(svg, /<title>status: partial outage<\/title>/);
    assert.match(await (await get('/status/acme/components/web/badge.svg')).text(), /<title>status: operational<\/title>/);
    assert.match(await (await get('/status/acme/components/api/uptime.svg')).text(), /<title>uptime: 99\.41%<\/title>/);
    assert.match(await (await get('/status/acme/components/mail/uptime.svg')).text(), /<title>uptime: no data<\/title>/);
    assert.match(await (await get('/status/acme/badge.svg?label=Acme')).text(), /<title>Acme: partial outage<\/title>/);
  });

  it('HEAD answers the headers alone; without a usable Host the links use the listener\'s address', async () => {
    const head = await fetch(`${server.baseUrl}/status/acme`, { method: 'HEAD', headers: PLAIN });
    assert.equal(head.status, 200);
    assert.equal(head.headers.get('content-type'), 'text/html; charset=utf-8');
    assert.equal(head.headers.get('etag'), (await get('/status/acme')).headers.get('etag'));
    assert.equal(await head.text(), '');
    // HTTP/1.0 without Host (an old monitoring script): the summary's link is still absolute and right.
    const raw = await new Promise<string>((resolve, reject) => {
      const socket = connect(Number(new URL(server.baseUrl).port), '127.0.0.1', () => socket.write('GET /status/acme/summary.json HTTP/1.0\r\n\r\n'));
      let text = '';
      socket.on('data', (d: Buffer) => { text += d.toString('utf8'); });
      socket.on('end', () => resolve(text));
      socket.on('error', reject);
    });
    assert.match(raw, /^HTTP\/1\.[01] 200/);
    assert.ok(raw.includes(`"url":"${server.baseUrl}/status/acme"`), raw.slice(0, 400));
  });

  it('needs no key; on the receiver the Host rule still applies (a page meant for the office is no other site\'s to read)', async () => {
    const withHost = (path: string, host: string) => new Promise<number>((resolve, reject) => {
      const req = httpRequest(`${server.baseUrl}${path}`, { headers: { host } }, (r) => { r.resume(); resolve(r.statusCode!); });
      req.on('error', reject);
      req.end();
    });
    assert.equal(await withHost('/status/acme', `127.0.0.1:${new URL(server.baseUrl).port}`), 200);
    assert.equal(await withHost('/status/acme', 'localhost'), 200);
    // A DNS-rebinding page (evil.example resolving to 127.0.0.1) cannot read it: use the status listener, a wildcard
    // bind or KLAXON_ALLOWED_HOSTS for a public name.
    assert.equal(await withHost('/status/acme', 'evil.example'), 403);
    assert.equal(await withHost('/status/acme/feed.rss', 'evil.example'), 403);
  });
});
