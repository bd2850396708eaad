// The window in Debian's Chromium against a real host, with text a monitor or a teammate sent to deceive: a title
// whose bidi override makes it read as another incident, and control characters in its source and dedup key.
// They show as visible escapes in the queue row and on the incident page, while the API keeps what was sent.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { startServer, fetchJson, type TestServer } from '../support/server.ts';
import { ensureRendererBuilt } from './support/build.ts';
import { launchChromium, openSignedIn } from './support/browser.ts';

let server: TestServer;
let browser: Browser;
before(async () => {
  const rendererDir = ensureRendererBuilt();
  server = await startServer({ rendererDir, serviceName: 'Payments' });
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

test('a right-to-left override in a title renders escaped in the queue and on the incident page; the API keeps it', async () => {
  // Rendered raw, this reads "Refund of $1000 approved" (the override reverses "devorppa 0001$"...).
  const title = 'Refund \u202Edevorppa 0001$ fo\u202C';
  const res = await fetchJson(server.baseUrl, '/v2/enqueue', {
    body: { routing_key: server.routingKey, event_action: 'trigger', dedup_key: 'refund\u0007\u2066x', payload: { summary: title, source: 'bank\rEvil', severity: 'critical' } },
  });
  assert.equal(res.status, 202, res.text);
  const shown = 'Refund <U+202E>devorppa 0001$ fo<U+202C>';

  const { context, page } = await openSignedIn(browser, server);
  try {
    const row = page.getByRole('listitem', { name: shown, exact: true });
    await row.waitFor();
    const link = row.locator('.row-title');
    assert.equal(await link.innerText(), shown);
    assert.ok(!(await link.textContent())!.includes('\u202E'), 'no override reaches the page');

    await link.click();
    await page.getByRole('heading', { level: 1, name: shown, exact: true }).waitFor();
    const details = page.getByRole('region', { name: 'Details' });
    assert.equal(await details.locator('.field-row', { hasText: 'Dedup key' }).locator('dd').innerText(), 'refund<U+0007><U+2066>x');
    assert.equal(await details.locator('.field-row', { hasText: 'Source' }).locator('dd').innerText(), 'bank<U+000D>Evil');

    const stored = (await fetchJson(server.baseUrl, '/api/incidents?limit=1', { key: server.adminKey })).body.incidents[0];
    assert.equal(stored.title, title, 'the stored title is the one sent');
    assert.equal(stored.source, 'bank\rEvil');
  } finally {
    await context.close();
  }
});
