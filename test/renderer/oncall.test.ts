// The On-call page in Debian's Chromium against a real headless host: two people are added and a schedule created
// in the window; "On call now" names today's person; "Cover me" on a shift offers this machine's own person; an
// override for the other person covering now wins at once — "On call now" names them and the timeline marks it —
// and the host agrees. The browser runs in Chicago, as the schedule does, so "today" means the same to both.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { startServer, fetchJson, type TestServer } from '../support/server.ts';
import { ensureRendererBuilt } from './support/build.ts';
import { launchChromium, openSignedIn, type SignedInPage } from './support/browser.ts';

const ZONE = 'America/Chicago';

let server: TestServer;
let browser: Browser;
let window: SignedInPage;
before(async () => {
  const rendererDir = ensureRendererBuilt();
  server = await startServer({ rendererDir });
  // This device's own person (made on first need) takes the settings' name.
  await server.klaxon.engine.updateSettings({ userName: 'Carol' });
  browser = await launchChromium();
  window = await openSignedIn(browser, server, { timezoneId: ZONE });
});
after(async () => {
  await browser?.close();
  await server?.close();
});

/** CSP refusals show as console errors; the page must not cause any (blocks are placed with CSSOM styles). */
function watchCsp(page: Page): string[] {
  const violations: string[] = [];
  page.on('console', (m) => { if (/Content Security Policy/i.test(m.text())) violations.push(m.text()); });
  return violations;
}

/** Midnight of the Chicago calendar day `days` from today, as a datetime-local input takes it. */
function chicagoMidnight(days: number): string {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: ZONE, year: 'numeric', month: '2-digit', day: '2-digit' }).format(Date.now());
  const [y, m, d] = today.split('-').map(Number);
  return `${new Date(Date.UTC(y!, m! - 1, d! + days)).toISOString().slice(0, 10)}T00:00`;
}

const nowRow = (page: Page, schedule: string) => page.getByRole('list', { name: 'On call now' }).getByRole('listitem', { name: schedule });

test('people and a schedule made in the window: today\'s person is on call now, and Cover me offers you', async () => {
  const { page } = window;
  const csp = watchCsp(page);
  await page.getByRole('navigation', { name: 'Views' }).getByRole('link', { name: 'On call' }).click();
  await page.getByRole('heading', { name: 'On call', level: 1 }).waitFor();
  const add = page.getByRole('form', { name: 'Add a person' });
  for (const name of ['Alice', 'Bob']) {
    await add.getByLabel('Name of the person').fill(name);
    await add.getByRole('button', { name: 'Add person' }).click();
    await page.getByRole('list', { name: 'People' }).getByText(name, { exact: true }).waitFor();
  }
  assert.match(await page.getByRole('list', { name: 'People' }).innerText(), /Carol \(you\)/, 'this machine\'s own person');

  await page.getByRole('button', { name: 'New schedule' }).click();
  const form = page.getByRole('form', { name: 'New schedule' });
  await form.getByLabel('Name', { exact: true }).fill('Primary');
  assert.equal(await form.getByLabel('Time zone').inputValue(), ZONE, 'the browser\'s zone to start with');
  // Daily turns from two days ago at midnight: Alice, Bob, then Alice again today.
  await form.getByLabel(`First turn starts (${ZONE})`).fill(chicagoMidnight(-2));
  const people = form.getByLabel('Add a person to People of Layer 1');
  await people.selectOption({ label: 'Alice' });
  await people.selectOption({ label: 'Bob' });
  await form.getByRole('button', { name: 'Create schedule' }).click();
  await form.waitFor({ state: 'detached' });

  await nowRow(page, 'Primary').getByText('Alice', { exact: true }).waitFor();
  assert.match(await nowRow(page, 'Primary').innerText(), /Alice\s+until .*Next: Bob from /s);
  const schedules = await fetchJson(server.baseUrl, '/api/schedules', { key: server.adminKey });
  assert.equal(schedules.body.schedules[0].timeZone, ZONE);
  assert.deepEqual(schedules.body.schedules[0].layers[0].start.slice(0, 16), chicagoMidnight(-2));

  const timeline = page.getByRole('group', { name: 'Timeline of Primary' });
  assert.ok(await timeline.getByRole('button').count() >= 14, 'a shift a day over two weeks');
  await timeline.getByRole('button').first().click();
  const cover = page.getByRole('dialog', { name: 'Cover this shift' });
  assert.equal(await cover.getByLabel('Who covers').locator('option:checked').innerText(), 'Carol', 'you, as the host knows you');
  await cover.getByRole('button', { name: 'Cancel' }).click();
  await cover.waitFor({ state: 'detached' });
  assert.deepEqual(csp, []);
});

test('an override for Bob covering now wins: "On call now" names him, the timeline marks it, the host agrees', async () => {
  const { page } = window;
  const csp = watchCsp(page);
  await page.getByRole('region', { name: 'Primary' }).getByRole('button', { name: 'Add override' }).click();
  const dialog = page.getByRole('dialog', { name: 'Add an override' });
  await dialog.getByLabel('Who covers').selectOption({ label: 'Bob' });
  // Prefilled from this minute for an hour: covering now.
  await dialog.getByRole('button', { name: 'Save override' }).click();
  await dialog.waitFor({ state: 'detached' });

  await nowRow(page, 'Primary').getByText('Bob', { exact: true }).first().waitFor();
  assert.match(await nowRow(page, 'Primary').innerText(), /^Primary\s+Bob\s+until /);
  const marked = page.getByRole('group', { name: 'Timeline of Primary' }).locator('.tl-override');
  assert.equal(await marked.count(), 1);
  assert.match((await marked.getAttribute('title'))!, /^Override: Bob covers /);
  assert.match(await page.getByRole('list', { name: 'Overrides of Primary' }).innerText(), /Override: Bob covers/);
  const style = await marked.evaluate((el) => getComputedStyle(el).borderStyle);
  assert.equal(style, 'dashed', 'outlined');

  const onCall = await fetchJson(server.baseUrl, '/api/oncall', { key: server.adminKey });
  const users = await fetchJson(server.baseUrl, '/api/users', { key: server.adminKey });
  const bob = users.body.users.find((u: { name: string }) => u.name === 'Bob').id;
  assert.equal(onCall.body.schedules[0].userId, bob, 'the host says Bob too');
  mkdirSync('test-results', { recursive: true });
  await page.screenshot({ path: 'test-results/oncall-page.png', fullPage: true });
  assert.deepEqual(csp, []);
});

test('a policy made in the window pages the service\'s incident through the schedule: the incident page says who and when', async () => {
  const { page } = window;
  const csp = watchCsp(page);
  await page.getByRole('button', { name: 'New policy' }).click();
  const form = page.getByRole('form', { name: 'New escalation policy' });
  await form.getByLabel('Name', { exact: true }).fill('Default');
  await form.getByLabel('Notify at Level 1').selectOption({ label: 'Primary' });
  await form.getByRole('button', { name: 'Add level' }).click();
  await form.getByLabel('Notify at Level 2').selectOption({ label: 'Alice' });
  await form.getByRole('button', { name: 'Create policy' }).click();
  await form.waitFor({ state: 'detached' });
  assert.match(await page.getByRole('list', { name: 'Levels of Default' }).innerText(), /Notifies Primary \(Bob now\)/);

  await page.getByRole('navigation', { name: 'Views' }).getByRole('link', { name: 'Settings' }).click();
  const service = page.getByRole('group', { name: 'Test service' });
  await service.getByText('Paging', { exact: true }).click();
  const paging = service.getByRole('form', { name: 'Paging of Test service' });
  await paging.getByLabel('Escalation policy').selectOption({ label: 'Default' });
  await paging.getByRole('button', { name: 'Save paging' }).click();
  await service.getByText(/^policy Default/).waitFor();

  const res = await fetchJson(server.baseUrl, '/v2/enqueue', {
    body: { routing_key: server.routingKey, event_action: 'trigger', dedup_key: 'db-down', payload: { summary: 'Database down', source: 'db-1', severity: 'critical' } },
  });
  assert.equal(res.status, 202, res.text);
  await page.getByRole('navigation', { name: 'Views' }).getByRole('link', { name: 'Incidents' }).click();
  await page.getByRole('link', { name: 'Database down' }).click();
  const panel = page.getByRole('region', { name: 'Escalation' });
  await panel.getByText(/^Level 1 of 2 — paging Bob — escalates to level 2 at /).waitFor();
  await panel.getByRole('button', { name: 'Escalate now' }).click();
  await panel.getByText(/^Level 2 of 2 — paging Alice — /).waitFor();
  // Acts are recorded by the person's id; the page names them.
  const actors = page.getByRole('list', { name: 'Timeline' }).locator('.entry-actor');
  await actors.filter({ hasText: /^Carol$/ }).first().waitFor();
  assert.ok((await actors.allInnerTexts()).every((a) => !a.startsWith('usr_')), 'no raw person ids');
  await page.screenshot({ path: 'test-results/oncall-incident.png', fullPage: true });
  assert.deepEqual(csp, []);
});
