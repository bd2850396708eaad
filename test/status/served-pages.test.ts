// A status page end to end on a real host: made with seed 002's calls over the API, served at /status/:slug without
// signing in, its incident and messages on the page, in the feeds (parsed back by a real feed parser), the summary
// and the badges; a private note never appears; a page deleted is gone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import Parser from 'rss-parser';
import { startServer, type TestServer } from '../support/server.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- answers are read loosely; the assertions say what matters
type Loose = Record<string, any>;

async function api(s: TestServer, method: string, path: string, body?: unknown): Promise<{ status: number; body: Loose }> {
  const res = await fetch(new URL(path, s.baseUrl), {
    method, headers: { authorization: `Bearer ${s.adminKey}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Loose };
}

test('a page made over the API is served publicly with its incident, messages, feeds, summary and badges', async (t) => {
  const s = await startServer({ serviceName: 'Checkout API' });
  t.after(() => s.close());

  const created = await api(s, 'POST', '/api/status-pages', { name: 'Acme status', slug: 'acme', serviceIds: [s.serviceId] });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  const pageId = created.body.statusPage.id as string;
  assert.equal(created.body.statusPage.slug, 'acme');

  // Seed 002's create body, posted to the page.
  const opened = await api(s, 'POST', `/api/status-pages/${pageId}/incidents`, {
    title: 'API Latency Issues', status: 'investigating', impact: 'minor', message: 'We are investigating increased API response times.',
  });
  assert.ok(opened.status === 200 || opened.status === 201, JSON.stringify(opened.body));
  const incidentId = (opened.body.incident?.id ?? opened.body.id) as string;
  assert.ok(incidentId, JSON.stringify(opened.body));
  // Seed 002's update, and a private note that must stay private.
  const updated = await api(s, 'POST', `/api/incidents/${incidentId}/updates`, { status: 'identified', message: 'Root cause identified. Working on a fix.' });
  assert.ok(updated.status < 300, JSON.stringify(updated.body));
  const noted = await api(s, 'POST', `/api/incidents/${incidentId}/notes`, { text: 'PRIVATE-NOTE db-7 password rotated' });
  assert.ok(noted.status < 300, JSON.stringify(noted.body));

  // No sign-in for the public page.
  const page = await fetch(new URL('/status/acme', s.baseUrl));
  assert.equal(page.status, 200);
  assert.match(page.headers.get('content-type') ?? '', /^text\/html/);
  const html = await page.text();
  assert.match(html, /API Latency Issues/);
  assert.match(html, /Root cause identified\. Working on a fix\./);
  assert.match(html, /We are investigating increased API response times\./);
  assert.match(html, /Checkout API/);
  assert.doesNotMatch(html, /PRIVATE-NOTE/);

  const parser = new Parser();
  for (const kind of ['rss', 'atom'] as const) {
    const res = await fetch(new URL(`/status/acme/feed.${kind}`, s.baseUrl));
    assert.equal(res.status, 200);
    const xml = await res.text();
    assert.doesNotMatch(xml, /PRIVATE-NOTE/);
    const feed = await parser.parseString(xml);
    // RSS carries the message as the item's description, Atom as its summary.
    const titles = feed.items.map((i) => `${i.title} ${i.contentSnippet || i.content || (i as { summary?: string }).summary || ''}`).join('\n');
    assert.match(titles, /API Latency Issues/, `${kind} feed items: ${titles}`);
    assert.match(titles, /Root cause identified/);
  }
  const json = await (await fetch(new URL('/status/acme/feed.json', s.baseUrl))).json() as { version: string; items: { title?: string }[] };
  assert.match(json.version, /jsonfeed\.org\/version\/1/);
  assert.ok(json.items.some((i) => /API Latency Issues/.test(i.title ?? '')));

  const summary = await (await fetch(new URL('/status/acme/summary.json', s.baseUrl))).json() as Loose;
  assert.equal(summary.overall.state, 'degraded', JSON.stringify(summary));
  assert.deepEqual(summary.components.map((c: { name: string; state: string }) => [c.name, c.state]), [['Checkout API', 'degraded']]);
  const badge = await fetch(new URL('/status/acme/badge.svg', s.baseUrl));
  assert.equal(badge.status, 200);
  assert.match(badge.headers.get('content-type') ?? '', /image\/svg\+xml/);
  assert.match(await badge.text(), /degraded/i);

  // Resolved: the page is operational again and the incident moves to the past.
  assert.ok((await api(s, 'POST', `/api/incidents/${incidentId}/updates`, { status: 'resolved', message: 'All systems operational' })).status < 300);
  const after = await (await fetch(new URL('/status/acme', s.baseUrl))).text();
  assert.match(after, /All systems operational/);
  assert.match(await (await fetch(new URL('/status/acme/badge.svg', s.baseUrl))).text(), /operational/i);

  assert.equal((await api(s, 'DELETE', `/api/status-pages/${pageId}`)).status, 200);
  assert.equal((await fetch(new URL('/status/acme', s.baseUrl))).status, 404);
});
