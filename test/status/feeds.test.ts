// The feeds as a feed reader reads them: RSS 2.0 and Atom parsed back by rss-parser, JSON Feed 1.1 checked against
// its spec's required fields — one item per incident update, newest first, ids that stay put, hostile text intact.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import Parser from 'rss-parser';
import { startServer, type TestServer } from '../support/server.ts';
import { FakeClock } from '../../src-main/clock.ts';
import { API_INCIDENT, FIXTURE_NOW, fixturePage, fixtureSource } from '../support/status-fixture.ts';

const HOSTILE = 'Disk full ]]> <script>alert(1)</script> & "quotes"';
const EXPECTED_TITLES = [
  'Monitoring: API Latency Issues', 'Identified: API Latency Issues', 'Investigating: API Latency Issues',
  'Resolved: Sign-in failures', 'Investigating: Sign-in failures',
];

describe('status page feeds', () => {
  let server: TestServer;
  const source = fixtureSource(fixturePage(), fixturePage({
    slug: 'hostile', activeIncidents: [{ ...API_INCIDENT, title: HOSTILE, updates: [{ at: '2026-11-30T14:00:00Z', progress: 'identified', message: `${HOSTILE}\nsecond line` }] }], pastIncidents: [],
  }));
  const parser = new Parser();
  const text = async (path: string, type: string) => {
    const res = await fetch(server.baseUrl + path);
    assert.equal(res.status, 200, path);
    assert.equal(res.headers.get('content-type'), type, path);
    assert.equal(res.headers.get('cache-control'), 'public, max-age=30', path);
    assert.ok(res.headers.get('etag'), path);
    return res.text();
  };

  before(async () => { server = await startServer({ statusSource: source, clock: new FakeClock(FIXTURE_NOW) }); });
  after(async () => { await server?.close(); });

  it('RSS 2.0: one item per update, newest first, stable guids, links to the incident on the page', async () => {
    const feed = await parser.parseString(await text('/status/acme/feed.rss', 'application/rss+xml; charset=utf-8'));
    assert.equal(feed.title, 'Acme status');
    assert.equal(feed.link, `${server.baseUrl}/status/acme`);
    assert.deepEqual(feed.items.map((i) => i.title), EXPECTED_TITLES);
    assert.equal(feed.items[0]!.guid, 'urn:klaxon:incident:inc-api-latency:update:2026-11-30T14%3A40%3A00Z');
    assert.equal(feed.items[0]!.link, `${server.baseUrl}/status/acme#i-inc-api-latency`);
    assert.equal(new Date(feed.items[0]!.pubDate!).toISOString(), '2026-11-30T14:40:00.000Z');
    assert.match(feed.items[1]!.content!, /database connection limits/);
    const again = await parser.parseString(await text('/status/acme/feed.rss', 'application/rss+xml; charset=utf-8'));
    assert.deepEqual(again.items.map((i) => i.guid), feed.items.map((i) => i.guid), 'the same updates keep their ids');
  });

  it('Atom: the same items with ids, and the feed links to itself', async () => {
    const xml = await text('/status/acme/feed.atom', 'application/atom+xml; charset=utf-8');
    const feed = await parser.parseString(xml);
    assert.deepEqual(feed.items.map((i) => i.title), EXPECTED_TITLES);
    assert.equal(feed.items[4]!.id, 'urn:klaxon:incident:inc-login:update:2026-11-20T08%3A00%3A00Z');
    assert.match(xml, new RegExp(`<link rel="self" href="${server.baseUrl}/status/acme/feed.atom"`));
  });

  it('JSON Feed 1.1: version, title, items with id, content and RFC 3339 dates', async () => {
    const feed = JSON.parse(await text('/status/acme/feed.json', 'application/feed+json; charset=utf-8')) as Record<string, unknown> & { items: Record<string, unknown>[] };
    assert.equal(feed.version, 'https://jsonfeed.org/version/1.1');
    assert.equal(feed.title, 'Acme status');
    assert.equal(feed.home_page_url, `${server.baseUrl}/status/acme`);
    assert.equal(feed.feed_url, `${server.baseUrl}/status/acme/feed.json`);
    assert.equal(feed.items.length, 5);
    for (const item of feed.items) {
      assert.equal(typeof item.id, 'string');
      assert.ok(typeof item.content_html === 'string' || typeof item.content_text === 'string', 'every item has content');
      assert.match(String(item.date_published), /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/);
    }
    assert.deepEqual(feed.items.map((i) => i.title), EXPECTED_TITLES);
    assert.ok(!('author' in feed), 'no 1.0-only field');
  });

  it('an incident published without a message yet is an item too, for its start', async () => {
    source.pages.set('quiet', fixturePage({
      slug: 'quiet', pastIncidents: [],
      activeIncidents: [{ ...API_INCIDENT, id: 'inc-quiet', title: 'Slow uploads', progress: 'investigating', startedAt: '2026-11-30T14:55:00Z', updates: [] }],
    }));
    const feed = await parser.parseString(await text('/status/quiet/feed.rss', 'application/rss+xml; charset=utf-8'));
    assert.deepEqual(feed.items.map((i) => [i.title, i.guid]), [['Investigating: Slow uploads', 'urn:klaxon:incident:inc-quiet:update:2026-11-30T14%3A55%3A00Z']]);
  });

  it('hostile titles and messages survive as text in every format', async () => {
    const rss = await parser.parseString(await text('/status/hostile/feed.rss', 'application/rss+xml; charset=utf-8'));
    assert.equal(rss.items[0]!.title, `Identified: ${HOSTILE}`);
    // The message is HTML in feeds: escaped, so a reader shows the text rather than running it.
    assert.equal(rss.items[0]!.content, '<p>Disk full ]]&gt; &lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quotes&quot;<br>second line</p>');
    const atom = await parser.parseString(await text('/status/hostile/feed.atom', 'application/atom+xml; charset=utf-8'));
    assert.equal(atom.items[0]!.title, `Identified: ${HOSTILE}`);
    const json = JSON.parse(await text('/status/hostile/feed.json', 'application/feed+json; charset=utf-8')) as { items: { title: string; content_html: string }[] };
    assert.equal(json.items[0]!.title, `Identified: ${HOSTILE}`);
    assert.doesNotMatch(json.items[0]!.content_html, /<script/);
  });
});
