// The Monitors page in Debian's Chromium against a real headless host: a heartbeat created in the window shows its
// push URL (on this host) with a curl line; a beat on it makes the row say Up; a monitor with a day of checks and 90
// days of rollups draws its sparkline and bars (those rows are written as the runners and the rollup op will write
// them: other parts of issue 10); Pause is seen by the host; a form mistake is named next to its field; no CSP
// violation; a screenshot of the page for review.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { startServer, fetchJson, type TestServer } from '../support/server.ts';
import { ensureRendererBuilt } from './support/build.ts';
import { launchChromium, openSignedIn, type SignedInPage } from './support/browser.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

let server: TestServer;
let browser: Browser;
let window: SignedInPage;
before(async () => {
  const rendererDir = ensureRendererBuilt();
  server = await startServer({ rendererDir });
  browser = await launchChromium();
  window = await openSignedIn(browser, server);
});
after(async () => {
  await browser?.close();
  await server?.close();
});

function watchCsp(page: Page): string[] {
  const violations: string[] = [];
  page.on('console', (m) => { if (/Content Security Policy/i.test(m.text())) violations.push(m.text()); });
  return violations;
}

const openMonitors = async (page: Page) => {
  await page.getByRole('navigation', { name: 'Views' }).getByRole('link', { name: 'Incidents' }).click();
  await page.getByRole('navigation', { name: 'Views' }).getByRole('link', { name: 'Monitors' }).click();
  await page.getByRole('heading', { name: 'Monitors', level: 1 }).waitFor();
};

/** A day of checks every 10 minutes and 90 days of daily rollups (one bad day, a week nobody could tell). */
function writeHistory(monitorId: string) {
  const store = server.klaxon.engine.store;
  const now = server.klaxon.engine.clock.now();
  for (let t = now - DAY + 60_000; t < now; t += 10 * 60_000) {
    const slow = Math.floor(t / HOUR) % 7 === 0;
    store.run(store.q.insertInto('monitor_results').values({ monitor_id: monitorId, at_ms: t, outcome: slow ? 'degraded' : 'up', response_ms: slow ? 900 : 120 + Math.round(t / 60_000) % 40, message: null }));
  }
  const today = Math.floor(now / DAY) * DAY;
  for (let d = 0; d < 90; d++) {
    if (d >= 40 && d < 47) continue;
    const down = d === 12 ? 60 : d % 17 === 0 ? 1 : 0;
    store.run(store.q.insertInto('monitor_rollups').values({
      monitor_id: monitorId, period: 'day', start_ms: today - d * DAY, checks: 1440, up: 1440 - down, degraded: 0, down, no_data_seconds: 0,
      avg_ms: 130, p95_ms: 300, last_hlc: '',
    }));
  }
}

test('a heartbeat made in the window shows its push URL and curl line; a beat makes it Up; Pause reaches the host', async () => {
  const { page } = window;
  const csp = watchCsp(page);
  await openMonitors(page);
  await page.getByText('No monitors yet.', { exact: false }).waitFor();
  await page.getByRole('button', { name: 'New monitor' }).click();
  const form = page.getByRole('form', { name: 'New monitor' });
  await form.getByLabel('Name', { exact: true }).fill('Shop');
  await form.getByRole('button', { name: 'Create monitor' }).click();
  assert.equal(await form.getByLabel('URL', { exact: true }).getAttribute('aria-invalid'), 'true', 'an HTTP monitor needs its URL');
  await form.getByLabel('Heartbeat (push URL)').check();
  await form.getByLabel('Name', { exact: true }).fill('Nightly backup');
  await form.getByRole('button', { name: 'Create monitor' }).click();
  const panel = page.getByRole('region', { name: 'Push URL of Nightly backup' });
  await panel.waitFor();
  const url = await panel.getByLabel('Push URL of Nightly backup', { exact: true }).innerText();
  assert.ok(url.startsWith(`${server.baseUrl}/api/heartbeats/`), url);
  assert.equal(await panel.locator('.curl-example').innerText(), `curl -fsS -m 10 --retry 3 "${url}"`);
  const row = page.getByRole('listitem', { name: 'Nightly backup' });
  assert.equal(await row.locator('.monitor-state').innerText(), 'Pending');
  assert.match(await row.innerText(), /Runs on this device\n/);

  assert.equal((await fetch(url)).status, 200);
  await openMonitors(page);
  assert.equal(await row.locator('.monitor-state').innerText(), 'Up');

  await row.getByRole('button', { name: 'Pause Nightly backup' }).click();
  await row.getByRole('button', { name: 'Resume Nightly backup' }).waitFor();
  assert.equal(await row.locator('.monitor-state').innerText(), 'Paused');
  const listed = await fetchJson(server.baseUrl, '/api/monitors', { key: server.adminKey });
  assert.equal(listed.body.monitors[0].paused, true, 'the host says paused too');
  assert.deepEqual(csp, []);
});

test('a monitor with history draws its sparkline and 90 bars (grey where nothing was concluded); screenshot', async () => {
  const { page } = window;
  const csp = watchCsp(page);
  const created = await fetchJson(server.baseUrl, '/api/monitors', {
    method: 'POST', key: server.adminKey,
    body: { name: 'Shop front page', type: 'http', url: 'http://127.0.0.1:9/health', intervalSeconds: 600, serviceId: server.serviceId, degradedAfterMs: 800 },
  });
  assert.equal(created.status, 201, created.text);
  writeHistory(created.body.monitor.id);
  await openMonitors(page);
  const row = page.getByRole('listitem', { name: 'Shop front page' });
  const spark = row.getByRole('img', { name: /^Response time of Shop front page, last 24 h \(each check\)/ });
  await spark.waitFor();
  const bars = row.getByRole('list', { name: 'Uptime of Shop front page, last 90 days' }).getByRole('listitem');
  assert.equal(await bars.count(), 90);
  assert.equal(await row.locator('.bar-none').count(), 7, 'the week nobody could tell');
  assert.equal(await row.locator('.bar-major').count(), 1, 'the day an hour was down (95.8 %)');
  assert.equal(await row.locator('.bar-minor').count(), 6, 'the days a minute was down (99.93 %)');
  const grey = await row.locator('.bar-none').first().evaluate((el) => getComputedStyle(el).backgroundColor);
  const green = await row.locator('.bar-ok').first().evaluate((el) => getComputedStyle(el).backgroundColor);
  assert.notEqual(grey, green);
  mkdirSync('test-results', { recursive: true });
  await page.screenshot({ path: 'test-results/monitors-page.png', fullPage: true });
  assert.deepEqual(csp, []);
});
