// An alert storm in Debian's Chromium against a real headless host: with 5,000 open incidents the window shows the
// host's counts at once, fetches only the rows around what is on screen (never the whole list), loads a deep row when
// scrolled to it, searches through the host (a word of a title, a dedup key), shows a live new incident at the top,
// and keeps acknowledge optimistic with a rollback when the host refuses.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { startServer, fetchJson, pollUntil, type TestServer } from '../support/server.ts';
import { ensureRendererBuilt } from './support/build.ts';
import { launchChromium, openSignedIn } from './support/browser.ts';

const STORM = 5000;
const ROW_HEIGHT = 52;

let server: TestServer;
let browser: Browser;
before(async () => {
  const rendererDir = ensureRendererBuilt();
  server = await startServer({ rendererDir, serviceName: 'Storm' });
  browser = await launchChromium();
  // Warnings: LOW urgency, so a critical incident sorts above the whole storm.
  for (let start = 0; start < STORM; start += 500) {
    await Promise.all(Array.from({ length: Math.min(500, STORM - start) }, (_, k) => server.klaxon.engine.ingestEvent({
      action: 'trigger', routingKey: server.routingKey, dedupKey: `storm-key-${start + k}`, summary: `Storm ${start + k}: disk usage above 90% on host-${(start + k) % 50}`,
      source: `host-${(start + k) % 50}`, severity: 'warning', receivedVia: 'events-api',
    })));
  }
});
after(async () => {
  await browser?.close();
  await server?.close();
});

/** Counts the incident rows the host sends this page over the bridge. */
function countRowsReceived(page: Page): { rows: number } {
  const seen = { rows: 0 };
  page.on('response', (res) => {
    if (!res.url().endsWith('/bridge/invoke')) return;
    void res.json().then((body: { incidents?: unknown[] }) => { seen.rows += body?.incidents?.length ?? 0; }, () => undefined);
  });
  return seen;
}

const list = (page: Page) => page.getByRole('list', { name: 'Incident queue' });
const rowAtPlace = (page: Page, position: number) => list(page).locator(`[role="listitem"][aria-posinset="${position}"]`);
const hostRowAt = async (offset: number) =>
  (await fetchJson(server.baseUrl, `/api/incidents?order=queue&status=triggered,acknowledged,snoozed&offset=${offset}&limit=1`, { key: server.adminKey })).body.incidents[0] as { id: string; title: string };

test('5,000 open: the host\'s counts at once, only the rows on screen fetched, a deep row loaded when scrolled to', async (t) => {
  const { context, page } = await openSignedIn(browser, server);
  const received = countRowsReceived(page);
  try {
    await page.getByRole('status').filter({ hasText: `${STORM} shown` }).waitFor();
    await page.getByRole('banner').getByText(`${STORM} triggered`).waitFor();
    assert.equal(await page.getByLabel('Status filter').locator('option[value="open"]').innerText(), `Open (${STORM.toLocaleString()})`);
    assert.equal(await page.getByLabel('Urgency filter').locator('option[value="HIGH"]').innerText(), 'High (0)');
    assert.ok(await list(page).getByRole('listitem').count() < 60, 'the DOM holds the rows in view');

    // Halfway down: the rows there are the host's rows at that place.
    const deep = 2500;
    const expected = await hostRowAt(deep);
    await page.locator('.queue-scroll').evaluate((el, top) => { el.scrollTop = top; }, deep * ROW_HEIGHT);
    await rowAtPlace(page, deep + 1).waitFor();
    assert.equal(await rowAtPlace(page, deep + 1).getAttribute('aria-label'), expected.title);
    // And back up, and down again elsewhere.
    for (const at of [0, 4000, 1200, 4990]) {
      await page.locator('.queue-scroll').evaluate((el, top) => { el.scrollTop = top; }, at * ROW_HEIGHT);
      await rowAtPlace(page, at + 1).waitFor();
    }
    t.diagnostic(`${received.rows} rows fetched for ${STORM} open incidents over 6 scroll positions`);
    assert.ok(received.rows <= 1500, `${received.rows} rows fetched for ${STORM} open incidents`);
  } finally {
    await context.close();
  }
});

test('search goes to the host: a word of a title, a dedup key', async () => {
  const { context, page } = await openSignedIn(browser, server);
  try {
    await page.getByRole('status').filter({ hasText: `${STORM} shown` }).waitFor();
    await page.getByLabel('Search incidents').fill('4321');
    await page.getByRole('status').filter({ hasText: /^1 shown$/ }).waitFor();
    await list(page).getByRole('listitem', { name: 'Storm 4321: disk usage above 90% on host-21', exact: true }).waitFor();
    await page.getByLabel('Search incidents').fill('storm-key-1234');
    await page.getByRole('status').filter({ hasText: /^1 shown$/ }).waitFor();
    await list(page).getByRole('listitem', { name: 'Storm 1234: disk usage above 90% on host-34', exact: true }).waitFor();
    await page.getByLabel('Search incidents').fill('host-7');
    // host-7 only (not host-17): 100 of the 5,000.
    await page.getByRole('status').filter({ hasText: /^100 shown$/ }).waitFor();
  } finally {
    await context.close();
  }
});

test('a live critical incident appears at the top of the storm, and acknowledging it moves it below the triggered', async () => {
  const { context, page } = await openSignedIn(browser, server);
  try {
    await page.getByRole('status').filter({ hasText: `${STORM} shown` }).waitFor();
    const res = await fetchJson(server.baseUrl, '/v2/enqueue', {
      body: { routing_key: server.routingKey, event_action: 'trigger', dedup_key: 'storm-critical', payload: { summary: 'Primary database down', source: 'db-1', severity: 'critical' } },
    });
    assert.equal(res.status, 202, res.text);
    await pollUntil(async () => (await rowAtPlace(page, 1).getAttribute('aria-label', { timeout: 1000 }).catch(() => null)) === 'Primary database down',
      { message: 'the new incident never reached the top' });
    await page.getByRole('banner').getByText(`${STORM + 1} triggered`).waitFor();
    await rowAtPlace(page, 1).getByRole('button', { name: 'Acknowledge', exact: true }).click();
    const id = server.klaxon.engine.listIncidents({ q: 'Primary database down', limit: 1 }).incidents[0]!.id;
    await pollUntil(async () => (await fetchJson(server.baseUrl, `/api/incidents/${id}`, { key: server.adminKey })).body.status === 'acknowledged');
    // The host placed it after every triggered incident; the top is the storm again.
    await pollUntil(async () => (await rowAtPlace(page, 1).getAttribute('aria-label', { timeout: 1000 }).catch(() => null)) === 'Storm 0: disk usage above 90% on host-0');
    await page.getByRole('banner').getByText(`${STORM} triggered`).waitFor();
  } finally {
    await context.close();
  }
});

test('acknowledge in the storm shows at once and rolls back when the host refuses', async () => {
  const { context, page } = await openSignedIn(browser, server);
  try {
    await page.getByRole('status').filter({ hasText: /^\d+ shown$/ }).waitFor();
    const top = rowAtPlace(page, 1);
    const title = (await top.getAttribute('aria-label'))!;
    // Record every status the row shows, from before the click.
    await page.evaluate((t) => {
      const w = window as unknown as { __statuses: string[] };
      w.__statuses = [];
      const record = () => {
        const badge = document.querySelector(`[role="listitem"][aria-label="${CSS.escape(t)}"] .badge[class*="status-"]`);
        const text = badge?.textContent ?? '';
        if (text && w.__statuses.at(-1) !== text) w.__statuses.push(text);
      };
      record();
      new MutationObserver(record).observe(document.body, { childList: true, subtree: true, characterData: true, attributes: true });
    }, title);
    await context.clearCookies(); // signed out elsewhere: the host refuses the command
    await top.getByRole('button', { name: 'Acknowledge', exact: true }).click();
    await page.getByRole('alert').getByText(new RegExp(`Could not acknowledge “${title}”: .*signed out`)).waitFor();
    await top.getByText('Triggered', { exact: true }).waitFor();
    const statuses = await page.evaluate(() => (window as unknown as { __statuses: string[] }).__statuses);
    assert.deepEqual(statuses, ['Triggered', 'Acknowledged', 'Triggered'], 'acknowledged at once, then rolled back');
  } finally {
    await context.close();
  }
});
