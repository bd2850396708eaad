// The window in Debian's Chromium against a real headless host on a temp data dir, through the same bridge code a
// user's browser runs: signing in, live incidents, one-click and keyboard acknowledge, notes and status updates in
// the timeline, filters, a refused command rolling back, and a screenshot of the queue kept as an artifact.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { Browser, Page } from 'playwright-core';
import { startServer, fetchJson, pollUntil, type TestServer } from '../support/server.ts';
import { ensureRendererBuilt } from './support/build.ts';
import { launchChromium, openSignedIn } from './support/browser.ts';

const execFileAsync = promisify(execFile);

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

/** Posts a trigger through the Events API (seed 003) and returns the incident id from its 2xx answer. */
async function trigger(summary: string, opts: { severity?: string; dedupKey?: string; routingKey?: string } = {}): Promise<string> {
  const res = await fetchJson(server.baseUrl, '/api/events', {
    key: server.adminKey,
    body: {
      routing_key: opts.routingKey ?? server.routingKey, event_action: 'trigger', dedup_key: opts.dedupKey ?? summary.toLowerCase().replace(/\W+/g, '-'),
      payload: { summary, source: 'playwright', severity: opts.severity ?? 'critical' },
    },
  });
  assert.equal(res.status, 202, res.text);
  return res.body.incident_key as string;
}

const apiStatus = async (id: string): Promise<string> => (await fetchJson(server.baseUrl, `/api/incidents/${id}`, { key: server.adminKey })).body.status;
const row = (page: Page, title: string) => page.getByRole('listitem', { name: title, exact: true });
const currentRowTitle = (page: Page) => page.locator('[role="listitem"][aria-current="true"]').getAttribute('aria-label', { timeout: 5000 }).catch(() => null);

test('a browser without a session gets the sign-in page, not the window', async () => {
  const context = await browser.newContext({ baseURL: server.baseUrl });
  try {
    const page = await context.newPage();
    const res = await page.goto('/');
    assert.equal(res?.status(), 401);
    await page.getByRole('heading', { name: 'Sign in to Klaxon' }).waitFor();
    assert.equal(await page.getByRole('navigation', { name: 'Views' }).count(), 0);
    const call = await page.evaluate(async () => (await fetch('/bridge/invoke', {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ method: 'incidents.list', input: {} }),
    })).status);
    assert.equal(call, 401);
  } finally {
    await context.close();
  }
});

test('with no open incidents the window teaches the first event with the real routing key and port', async () => {
  const { context, page } = await openSignedIn(browser, server);
  try {
    await page.getByRole('heading', { name: 'No open incidents' }).waitFor();
    const curl = await page.getByLabel('First event (curl)', { exact: true }).innerText();
    assert.ok(curl.includes(server.routingKey), 'the routing key of this machine\'s service');
    assert.ok(curl.includes(`${server.baseUrl}/v2/enqueue`), 'this host\'s port');
    // Pasted into a shell as shown, it works: the first incident arrives in this window.
    // (Asynchronously: the host answering it runs in this process.)
    const run = await execFileAsync('bash', ['-c', curl], { encoding: 'utf8', timeout: 30_000 });
    assert.match(run.stdout, /"status":"success"/);
    await row(page, 'My first alert').waitFor();
    const first = server.klaxon.engine.listIncidents({ q: 'My first alert', limit: 1 }).incidents[0]!;
    await server.klaxon.engine.resolve([first.id], 'user:test');
    await page.getByRole('heading', { name: 'No open incidents' }).waitFor();
  } finally {
    await context.close();
  }
});

test('an event posted over HTTP appears in the queue, live', async () => {
  const { context, page } = await openSignedIn(browser, server);
  try {
    await page.getByRole('heading', { name: 'No open incidents' }).waitFor();
    await trigger('Checkout latency above 2s');
    const r = row(page, 'Checkout latency above 2s');
    await r.waitFor();
    assert.match(await r.innerText(), /HIGH/);
    assert.match(await r.innerText(), /API Gateway/);
    assert.match(await r.innerText(), /Triggered/);
  } finally {
    await context.close();
  }
});

test("clicking a row's Acknowledge makes the API report it acknowledged", async () => {
  const id = await trigger('Database connections exhausted');
  const { context, page } = await openSignedIn(browser, server);
  try {
    const r = row(page, 'Database connections exhausted');
    await r.getByRole('button', { name: 'Acknowledge', exact: true }).click();
    await r.getByText('Acknowledged', { exact: true }).waitFor();
    await pollUntil(async () => (await apiStatus(id)) === 'acknowledged', { message: 'API never reported acknowledged' });
  } finally {
    await context.close();
  }
});

test('the keyboard path: j/k to the incident, a to acknowledge', async () => {
  const target = 'Keyboard path target';
  const id = await trigger(target);
  await trigger('Keyboard path neighbour');
  const { context, page } = await openSignedIn(browser, server);
  try {
    await row(page, target).waitFor();
    await page.keyboard.press('j');
    await page.keyboard.press('j');
    await page.keyboard.press('k');
    for (let i = 0; i < 20 && (await currentRowTitle(page)) !== target; i++) await page.keyboard.press('j');
    assert.equal(await currentRowTitle(page), target, 'j moved the cursor to the target row');
    await page.keyboard.press('a');
    await pollUntil(async () => (await apiStatus(id)) === 'acknowledged', { message: 'keyboard acknowledge never reached the API' });
    await row(page, target).getByText('Acknowledged', { exact: true }).waitFor();
    // ? shows the keys.
    await page.keyboard.press('?');
    await page.getByRole('dialog', { name: 'Keyboard shortcuts' }).waitFor();
    await page.keyboard.press('Escape');
    await page.getByRole('dialog', { name: 'Keyboard shortcuts' }).waitFor({ state: 'detached' });
  } finally {
    await context.close();
  }
});

test('a note and a status update show in the timeline', async () => {
  const title = 'Payments API 502s';
  const id = await trigger(title);
  const { context, page } = await openSignedIn(browser, server);
  try {
    await row(page, title).getByRole('link', { name: title }).click();
    await page.getByRole('heading', { name: title, level: 1 }).waitFor();
    await page.getByLabel('Note', { exact: true }).fill('Rolled back deploy 4711');
    await page.getByRole('button', { name: 'Add note' }).click();
    const timeline = page.getByRole('list', { name: 'Timeline' });
    await timeline.getByText('Rolled back deploy 4711').waitFor();

    await page.getByLabel('Update status').selectOption('identified');
    await page.getByLabel('Update message').fill('Root cause identified. Working on a fix.');
    await page.getByRole('button', { name: 'Post update' }).click();
    await timeline.getByText('Root cause identified. Working on a fix.').waitFor();
    const detail = await fetchJson(server.baseUrl, `/api/incidents/${id}`, { key: server.adminKey });
    assert.equal(detail.body.progress, 'identified');
    assert.ok(detail.body.timeline.some((e: { kind: string }) => e.kind === 'note'));

    // Snooze from the incident view, then resolve and re-open it.
    await page.getByRole('button', { name: 'Snooze 1 h' }).click();
    await pollUntil(async () => (await apiStatus(id)) === 'snoozed');
    await page.getByRole('button', { name: 'Resolve', exact: true }).click();
    await pollUntil(async () => (await apiStatus(id)) === 'resolved');
    await page.getByRole('button', { name: 'Re-open' }).click();
    await pollUntil(async () => (await apiStatus(id)) === 'triggered');
    await page.getByLabel('Priority').selectOption('P2');
    await pollUntil(async () => (await fetchJson(server.baseUrl, `/api/incidents/${id}`, { key: server.adminKey })).body.priority === 'P2');
  } finally {
    await context.close();
  }
});

test('filters by urgency, service, status and search', async () => {
  const shop = await server.klaxon.engine.createService({ name: 'Shop', urgencyRule: 'severity', suppressionRules: [] });
  await trigger('Shop search is slow', { severity: 'warning', routingKey: shop.routingKey });
  const resolvedId = await trigger('Old cache outage');
  await server.klaxon.engine.resolve([resolvedId], 'user:test');
  const { context, page } = await openSignedIn(browser, server);
  try {
    const list = page.getByRole('list', { name: 'Incident queue' });
    await row(page, 'Shop search is slow').waitFor();
    await page.getByLabel('Urgency filter').selectOption('LOW');
    await pollUntil(async () => (await list.getByRole('listitem').count()) === 1);
    assert.equal(await list.getByRole('listitem').first().getAttribute('aria-label'), 'Shop search is slow');

    await page.getByLabel('Urgency filter').selectOption('');
    await page.getByLabel('Service filter').selectOption({ label: 'Shop' });
    await pollUntil(async () => (await list.getByRole('listitem').count()) === 1);

    await page.getByLabel('Service filter').selectOption('');
    await page.keyboard.press('/');
    await page.keyboard.type('payments');
    await row(page, 'Payments API 502s').waitFor();
    assert.equal(await list.getByRole('listitem').count(), 1);
    await page.getByLabel('Search incidents').fill('');

    assert.equal(await row(page, 'Old cache outage').count(), 0, 'resolved incidents are not in the open view');
    await page.getByLabel('Status filter').selectOption('resolved');
    await row(page, 'Old cache outage').waitFor();
    assert.equal(await row(page, 'Checkout latency above 2s').count(), 0);
  } finally {
    await context.close();
  }
});

test('select several and acknowledge them at once', async () => {
  const ids = [await trigger('Bulk one'), await trigger('Bulk two')];
  const { context, page } = await openSignedIn(browser, server);
  try {
    await page.getByRole('checkbox', { name: 'Select Bulk one' }).check();
    await page.getByRole('checkbox', { name: 'Select Bulk two' }).check();
    await page.getByRole('button', { name: 'Acknowledge selected' }).click();
    for (const id of ids) await pollUntil(async () => (await apiStatus(id)) === 'acknowledged');
  } finally {
    await context.close();
  }
});

test('a refused acknowledge rolls the row back and shows the error', async () => {
  const title = 'Rollback candidate';
  const id = await trigger(title);
  const { context, page } = await openSignedIn(browser, server);
  try {
    await row(page, title).waitFor();
    // The session ends (signed out elsewhere): the host refuses the next command.
    await context.clearCookies();
    await row(page, title).getByRole('button', { name: 'Acknowledge', exact: true }).click();
    await page.getByRole('alert').getByText(/Could not acknowledge “Rollback candidate”: .*signed out/).waitFor();
    await row(page, title).getByText('Triggered', { exact: true }).waitFor();
    assert.equal(await apiStatus(id), 'triggered');
  } finally {
    await context.close();
  }
});

test('settings: an API key is shown once when created, then listed and revocable', async () => {
  const { context, page } = await openSignedIn(browser, server);
  try {
    await page.getByRole('link', { name: 'Settings' }).click();
    const routingKey = page.getByLabel('Routing key of API Gateway', { exact: true });
    assert.equal(await routingKey.innerText(), server.routingKey);
    await page.getByLabel('Key name').fill('grafana');
    await page.getByRole('checkbox', { name: 'incidents:read' }).check();
    await page.getByRole('button', { name: 'Create key' }).click();
    const secret = await page.getByLabel('Your new API key', { exact: true }).innerText();
    // The key works: it authenticates against the Incidents API with the scope chosen.
    assert.equal((await fetchJson(server.baseUrl, '/api/incidents?limit=1', { key: secret })).status, 200);
    await page.getByRole('button', { name: 'I have copied it' }).click();
    assert.equal(await page.getByLabel('Your new API key', { exact: true }).count(), 0, 'not shown again');
    page.once('dialog', (d) => void d.accept());
    await page.getByRole('button', { name: 'Revoke grafana' }).click();
    await page.getByText(/^Revoked /).first().waitFor();
    assert.equal((await fetchJson(server.baseUrl, '/api/incidents?limit=1', { key: secret })).status, 401);
  } finally {
    await context.close();
  }
});

test('every view runs under the strict CSP without a violation', async () => {
  const context = await browser.newContext({ baseURL: server.baseUrl });
  try {
    // Recorded from before the page's own scripts run, so nothing the window does escapes it.
    await context.addInitScript(() => {
      const w = window as unknown as { __cspViolations: string[] };
      w.__cspViolations = [];
      document.addEventListener('securitypolicyviolation', (e) => w.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`));
    });
    const page = await context.newPage();
    const { createLoginLink } = await import('../../src-main/cli/open.ts');
    await page.goto(createLoginLink(server.dataDir, server.baseUrl));
    await page.getByRole('list', { name: 'Incident queue' }).waitFor();
    const firstTitle = await page.getByRole('listitem').first().getAttribute('aria-label');
    await page.getByRole('link', { name: firstTitle!, exact: true }).click();
    await page.getByRole('list', { name: 'Timeline' }).waitFor();
    await page.getByRole('link', { name: 'New incident' }).click();
    await page.getByRole('button', { name: 'Create incident' }).waitFor();
    await page.getByRole('link', { name: 'Settings' }).click();
    await page.getByRole('heading', { name: 'API keys' }).waitFor();
    await page.keyboard.press('?');
    await page.getByRole('dialog', { name: 'Keyboard shortcuts' }).waitFor();
    assert.deepEqual(await page.evaluate(() => (window as unknown as { __cspViolations: string[] }).__cspViolations), []);
  } finally {
    await context.close();
  }
});

test('a screenshot of the queue is kept as a test artifact', async () => {
  await trigger('Disk usage 91% on db-2', { severity: 'warning' });
  await trigger('TLS certificate expires in 3 days', { severity: 'info' });
  mkdirSync('test-results', { recursive: true });
  for (const scheme of ['light', 'dark'] as const) {
    const { context, page } = await openSignedIn(browser, server, { colorScheme: scheme });
    try {
      await row(page, 'Disk usage 91% on db-2').waitFor();
      const path = scheme === 'light' ? 'test-results/queue.png' : 'test-results/queue-dark.png';
      await page.screenshot({ path });
      const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
      assert.equal(background === 'rgb(246, 247, 249)', scheme === 'light', `${scheme} theme follows the OS (${background})`);
    } finally {
      await context.close();
    }
  }
});
