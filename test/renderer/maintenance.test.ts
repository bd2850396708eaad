// Maintenance windows (seed 002, "Scheduled Maintenance") in Debian's Chromium against a real headless host:
// scheduled from Settings (local times typed in, instants sent), announced at the top of the queue, live when one
// is scheduled over HTTP, flipping from upcoming to in progress by the clock alone, keeping a service's new
// incidents suppressed while on, and gone from the banner once cancelled or ended.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { startServer, fetchJson, pollUntil, type TestServer } from '../support/server.ts';
import { ensureRendererBuilt } from './support/build.ts';
import { launchChromium, openSignedIn } from './support/browser.ts';

let server: TestServer;
let browser: Browser;
before(async () => {
  const rendererDir = ensureRendererBuilt();
  server = await startServer({ rendererDir, serviceName: 'API Gateway' });
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

// The browser runs in a zone of its own, with a half-hour offset and no daylight saving, so that a datetime-local
// value read as UTC (or as the test machine's zone) would be caught.
const TIME_ZONE = 'Asia/Kolkata';
const ZONE_OFFSET_MS = (5 * 60 + 30) * 60_000;
/** What a person in TIME_ZONE types into a datetime-local input for the instant `ms`. */
const typedAt = (ms: number) => new Date(ms + ZONE_OFFSET_MS).toISOString().slice(0, 16);
const open = (opts: { colorScheme?: 'light' | 'dark' } = {}) => openSignedIn(browser, server, { timezoneId: TIME_ZONE, ...opts });

const banner = (page: Page) => page.getByRole('status', { name: 'Maintenance' });
const bannerEntry = (page: Page, title: string) => banner(page).locator('p').filter({ hasText: title });
/** Through the header's views (the empty state links to Settings too). */
const goTo = (page: Page, view: 'Incidents' | 'Settings') => page.getByRole('navigation', { name: 'Views' }).getByRole('link', { name: view }).click();
const row = (page: Page, title: string) => page.getByRole('listitem', { name: title, exact: true });
const textOf = async (page: Page, title: string) => (await bannerEntry(page, title).allInnerTexts()).join('\n');

/** CSP refusals show as console errors; the window must not cause any. */
function watchCsp(page: Page): string[] {
  const violations: string[] = [];
  page.on('console', (m) => { if (/Content Security Policy/i.test(m.text())) violations.push(m.text()); });
  return violations;
}

async function enqueue(routingKey: string, summary: string): Promise<void> {
  const res = await fetchJson(server.baseUrl, '/v2/enqueue', {
    body: { routing_key: routingKey, event_action: 'trigger', dedup_key: summary.toLowerCase().replace(/\W+/g, '-'), payload: { summary, source: 'playwright', severity: 'critical' } },
  });
  assert.equal(res.status, 202, res.text);
}

async function scheduleOverHttp(body: Record<string, unknown>): Promise<string> {
  const res = await fetchJson(server.baseUrl, '/api/maintenance', { key: server.adminKey, body });
  assert.equal(res.status, 201, res.text);
  return res.body.id as string;
}

const listWindows = async (status?: string) =>
  (await fetchJson(server.baseUrl, `/api/maintenance${status ? `?status=${status}` : ''}`, { key: server.adminKey })).body.maintenance as {
    id: string; title: string; scheduledStart: string; scheduledEnd: string; serviceIds: string[]; status: string; impact: string; message: string | null; cancelledAt: string | null;
  }[];

test('scheduled from Settings: the host refuses an end before the start, then a window starting now is in progress on the queue', async () => {
  const { context, page } = await open();
  const csp = watchCsp(page);
  try {
    await goTo(page, 'Settings');
    const form = page.getByRole('form', { name: 'Schedule maintenance' });
    const start = Math.floor(Date.now() / 60_000) * 60_000;
    await form.getByLabel('Title').fill('Database upgrade');
    await form.getByLabel('Starts').fill(typedAt(start));
    await form.getByLabel('Ends').fill(typedAt(start - 30 * 60_000));
    await form.getByRole('button', { name: 'Schedule maintenance' }).click();
    // The host's own words, naming the field.
    const refusal = await form.getByRole('alert').innerText();
    assert.match(refusal, /scheduledEnd: must be after scheduledStart/);
    assert.deepEqual(await listWindows(), [], 'nothing scheduled');

    await form.getByLabel('Ends').fill(typedAt(start + 2 * 3600_000));
    await form.getByRole('group', { name: 'Affected services' }).getByRole('checkbox', { name: 'API Gateway' }).check();
    await form.getByLabel('Impact').selectOption('minor');
    await form.getByLabel('Message').fill('Scheduled database maintenance. Expect brief interruptions.');
    await form.getByRole('button', { name: 'Schedule maintenance' }).click();
    await form.getByRole('status').getByText('Maintenance scheduled').waitFor();

    // The local times typed in became the right instants.
    const [w] = await listWindows();
    assert.ok(w, 'the window is listed by the API');
    assert.equal(w.title, 'Database upgrade');
    assert.equal(w.scheduledStart, new Date(start).toISOString());
    assert.equal(w.scheduledEnd, new Date(start + 2 * 3600_000).toISOString());
    assert.deepEqual(w.serviceIds, [server.serviceId]);
    assert.equal(w.impact, 'minor');
    assert.equal(w.status, 'in_progress');

    const item = page.getByRole('list', { name: 'Maintenance windows' }).getByRole('listitem', { name: 'Database upgrade' });
    // The window may first draw it from a list read a moment before the host's answer: wait for the row to say so.
    await item.getByText('In progress').first().waitFor({ timeout: 10_000 }).catch(() => {});
    assert.match(await item.innerText(), /In progress/);
    assert.match(await item.innerText(), /Expect brief interruptions/);
    mkdirSync('test-results', { recursive: true });
    await page.getByRole('region', { name: 'Maintenance' }).screenshot({ path: 'test-results/maintenance-settings.png' });

    await goTo(page, 'Incidents');
    await bannerEntry(page, 'Database upgrade').waitFor();
    assert.match(await textOf(page, 'Database upgrade'), /^Maintenance in progress: Database upgrade until .+ — new incidents of API Gateway are suppressed$/);
    assert.deepEqual(csp, []);
  } finally {
    await context.close();
  }
});

test('during the window a new incident of its service arrives suppressed: not in Open, shown by the Suppressed filter', async () => {
  const shop = await server.klaxon.engine.createService({ name: 'Shop', urgencyRule: 'severity', suppressionRules: [] });
  const { context, page } = await open();
  try {
    await bannerEntry(page, 'Database upgrade').waitFor();
    await enqueue(server.routingKey, 'Disk pressure on db-1');
    // A service the window does not name still pages; its incident, sent second, arrives after the first.
    await enqueue(shop.routingKey, 'Shop checkout errors');
    await row(page, 'Shop checkout errors').getByText('Triggered', { exact: true }).waitFor();
    assert.equal(await row(page, 'Disk pressure on db-1').count(), 0, 'the suppressed incident is not in the Open view');

    await page.getByLabel('Status filter').selectOption('suppressed');
    const suppressed = row(page, 'Disk pressure on db-1');
    await suppressed.getByText('Suppressed', { exact: true }).waitFor();
    assert.equal(await row(page, 'Shop checkout errors').count(), 0);
    const api = await fetchJson(server.baseUrl, `/api/incidents?status=suppressed&serviceId=${server.serviceId}`, { key: server.adminKey });
    assert.ok(api.body.incidents.some((i: { title: string }) => i.title === 'Disk pressure on db-1'), 'the API reports it suppressed');

    // Its timeline says why.
    await suppressed.getByRole('link', { name: 'Disk pressure on db-1' }).click();
    await page.getByRole('list', { name: 'Timeline' }).getByText(/During maintenance window "Database upgrade"/).waitFor();
  } finally {
    await context.close();
  }
});

test('a window scheduled over HTTP appears as upcoming without a reload, then turns in progress when its start passes', async () => {
  const { context, page } = await open();
  const csp = watchCsp(page);
  try {
    await bannerEntry(page, 'Database upgrade').waitFor();
    // Far enough ahead to see it upcoming on a loaded machine; nothing is pushed when it starts.
    const startMs = Date.now() + 15_000;
    await scheduleOverHttp({
      title: 'Search reindex', scheduledStart: new Date(startMs).toISOString(), scheduledEnd: new Date(startMs + 3600_000).toISOString(),
      impact: 'none', message: 'Search may return stale results.',
    });
    const upcoming = await pollUntil(async () => {
      const text = await textOf(page, 'Search reindex');
      return text.startsWith('Upcoming maintenance: Search reindex, ') && text;
    }, { timeoutMs: 14_000, message: 'the window never showed as upcoming before its start' });
    assert.match(upcoming, /^Upcoming maintenance: Search reindex, .+–.+$/);

    const flipped = await pollUntil(async () => {
      const text = await textOf(page, 'Search reindex');
      return text.startsWith('Maintenance in progress: ') && text;
    }, { timeoutMs: 60_000, message: 'the banner never flipped to in progress' });
    assert.ok(Date.now() >= startMs, 'not before its start');
    assert.match(flipped, /^Maintenance in progress: Search reindex until .+ — announcement only$/);
    assert.deepEqual(csp, []);
  } finally {
    await context.close();
  }
});

test('cancelled and ended from Settings, windows leave the banner, and the service pages again', async () => {
  const tomorrow = Date.now() + 24 * 3600_000;
  await scheduleOverHttp({
    title: 'Network switch swap', scheduledStart: new Date(tomorrow).toISOString(), scheduledEnd: new Date(tomorrow + 3600_000).toISOString(),
    serviceIds: [server.serviceId],
  });
  const { context, page } = await open();
  try {
    await bannerEntry(page, 'Network switch swap').waitFor();
    assert.match(await textOf(page, 'Network switch swap'), /^Upcoming maintenance: Network switch swap, /);

    await goTo(page, 'Settings');
    const list = page.getByRole('list', { name: 'Maintenance windows' });
    assert.match(await list.getByRole('listitem', { name: 'Network switch swap' }).innerText(), /Upcoming/);
    await page.getByRole('button', { name: 'Cancel Network switch swap' }).click();
    await list.getByRole('listitem', { name: 'Network switch swap' }).waitFor({ state: 'detached' });
    await page.getByRole('button', { name: 'End Database upgrade now' }).click();
    await list.getByRole('listitem', { name: 'Database upgrade' }).waitFor({ state: 'detached' });
    const cancelled = await listWindows('cancelled');
    assert.deepEqual(cancelled.map((w) => w.title).sort(), ['Database upgrade', 'Network switch swap']);
    assert.ok(cancelled.every((w) => w.cancelledAt !== null));

    await goTo(page, 'Incidents');
    await bannerEntry(page, 'Search reindex').waitFor();
    assert.equal(await bannerEntry(page, 'Network switch swap').count(), 0);
    assert.equal(await bannerEntry(page, 'Database upgrade').count(), 0);

    // The window that kept API Gateway quiet is over: its next incident is open and pages.
    await enqueue(server.routingKey, 'Replica lag on db-2');
    await row(page, 'Replica lag on db-2').getByText('Triggered', { exact: true }).waitFor();
  } finally {
    await context.close();
  }
});

test('the banner follows the light and dark themes (screenshots kept as artifacts)', async () => {
  mkdirSync('test-results', { recursive: true });
  const backgrounds: Record<string, string> = {};
  for (const scheme of ['light', 'dark'] as const) {
    const { context, page } = await open({ colorScheme: scheme });
    try {
      await bannerEntry(page, 'Search reindex').waitFor();
      backgrounds[scheme] = await banner(page).evaluate((el) => getComputedStyle(el).backgroundColor);
      await page.screenshot({ path: `test-results/maintenance-banner-${scheme}.png` });
    } finally {
      await context.close();
    }
  }
  assert.equal(backgrounds.light, 'rgb(226, 243, 248)');
  assert.equal(backgrounds.dark, 'rgb(18, 48, 58)');
});
