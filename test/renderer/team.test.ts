// The Team page in Debian's Chromium against two real hosts on loopback, each with its own window: the first, in no
// team, founds one and shows a copyable invite; the second joins by pasting it in its own window; the first window
// then lists the second device as online without a reload; revoking it (after a confirmation naming it) greys it out.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { startServer, fetchJson, type TestServer } from '../support/server.ts';
import { ensureRendererBuilt } from './support/build.ts';
import { launchChromium, openSignedIn, type SignedInPage } from './support/browser.ts';

let a: TestServer;
let b: TestServer;
let browser: Browser;
let windowA: SignedInPage;
let windowB: SignedInPage;
before(async () => {
  const rendererDir = ensureRendererBuilt();
  const sync = { host: '127.0.0.1', port: 0 };
  a = await startServer({ rendererDir, sync });
  b = await startServer({ rendererDir, sync });
  await a.klaxon.engine.updateSettings({ userName: 'Alice' });
  await b.klaxon.engine.updateSettings({ userName: 'Bob' });
  browser = await launchChromium();
  windowA = await openSignedIn(browser, a);
  windowB = await openSignedIn(browser, b);
});
after(async () => {
  await browser?.close();
  await b?.close();
  await a?.close();
});

const goToTeam = (page: Page) => page.getByRole('navigation', { name: 'Views' }).getByRole('link', { name: 'Team' }).click();
const device = (page: Page, name: string) => page.getByRole('list', { name: 'Devices' }).getByRole('listitem', { name: name, exact: true });

/** CSP refusals show as console errors; the page must not cause any. */
function watchCsp(page: Page): string[] {
  const violations: string[] = [];
  page.on('console', (m) => { if (/Content Security Policy/i.test(m.text())) violations.push(m.text()); });
  return violations;
}

let invite = '';

test('a host in no team founds one from its Team page, and invites a device with a copyable invite', async () => {
  const { page } = windowA;
  const csp = watchCsp(page);
  await goToTeam(page);
  await page.getByText(`This device (${a.klaxon.engine.deviceId}) is in no team`).waitFor();

  const create = page.getByRole('form', { name: 'Create a team' });
  await create.getByLabel('Team name').fill('Ops');
  await create.getByLabel('This device’s name (optional)').fill('laptop-a');
  await create.getByRole('button', { name: 'Create team' }).click();
  await page.getByRole('heading', { name: 'Ops' }).waitFor();
  const self = device(page, 'laptop-a');
  assert.match(await self.innerText(), /Alice[\s\S]*admin[\s\S]*This device/);
  assert.equal((await fetchJson(a.baseUrl, '/api/team', { key: a.adminKey })).body.team.name, 'Ops', 'the host has the team');

  const form = page.getByRole('form', { name: 'Invite a device' });
  await form.getByLabel('Expires in').selectOption({ label: '1 hour' });
  await form.getByRole('button', { name: 'Create invite' }).click();
  const box = page.getByRole('textbox', { name: 'Invite' });
  invite = await box.inputValue();
  assert.match(invite, /^klaxon-invite:[A-Za-z0-9_-]+$/);
  assert.equal(await box.getAttribute('readonly'), '', 'read-only');
  await page.getByRole('table', { name: 'Invites' }).getByRole('cell', { name: 'Open' }).waitFor();

  await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: a.baseUrl });
  await page.getByRole('button', { name: 'Copy invite' }).click();
  await page.getByRole('button', { name: 'Copy invite' }).getByText('Copied').waitFor();
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), invite, 'the clipboard holds the whole invite');
  assert.deepEqual(csp, []);
});

test('a second host joins by pasting the invite in its own window; a mangled paste is refused and changes nothing', async () => {
  assert.ok(invite, 'the previous test made an invite');
  const { page } = windowB;
  const csp = watchCsp(page);
  await goToTeam(page);
  const join = page.getByRole('form', { name: 'Join a team' });
  await join.getByLabel('Invite').fill(invite.slice(0, -20));
  await join.getByRole('button', { name: 'Join team' }).click();
  assert.match(await join.getByRole('alert').innerText(), /damaged/);
  assert.equal((await fetchJson(b.baseUrl, '/api/team', { key: b.adminKey })).body.team, null, 'still in no team');

  // As pasted from a chat: wrapped over lines, with spaces around.
  await join.getByLabel('Invite').fill(` ${invite.slice(0, 50)}\n${invite.slice(50)} `);
  await join.getByLabel('This device’s name (optional)').fill('laptop-b');
  await join.getByRole('button', { name: 'Join team' }).click();
  await page.getByRole('heading', { name: 'Ops' }).waitFor({ timeout: 60_000 });
  assert.match(await device(page, 'laptop-b').innerText(), /Bob[\s\S]*member[\s\S]*This device/);
  await device(page, 'laptop-a').waitFor();
  assert.match(await page.getByRole('region', { name: 'Invites' }).innerText(), /Only an admin device/, 'a member cannot invite');
  assert.deepEqual(csp, []);
});

test('the first window lists the second device as online, with its person, without a reload', async () => {
  const { page } = windowA;
  const joined = device(page, 'laptop-b');
  await joined.getByText('Online').waitFor({ timeout: 30_000 });
  assert.match(await joined.innerText(), /Bob[\s\S]*member/);
  const people = page.getByRole('list', { name: 'People' });
  assert.match(await people.getByRole('listitem', { name: 'Alice' }).innerText(), /Alice \(you\) · laptop-a/);
  assert.match(await people.getByRole('listitem', { name: 'Bob' }).innerText(), /Bob · laptop-b/);
  await page.getByRole('table', { name: 'Invites' }).getByRole('cell', { name: 'Used' }).waitFor();
  mkdirSync('test-results', { recursive: true });
  await page.screenshot({ path: 'test-results/team-page.png', fullPage: true });
});

test('revoke asks first, naming the device and what happens; confirmed, the device is greyed out as revoked', async () => {
  const { page } = windowA;
  const joined = device(page, 'laptop-b');
  await joined.getByRole('button', { name: 'Revoke laptop-b' }).click();
  const dialog = page.getByRole('alertdialog', { name: 'Revoke laptop-b?' });
  assert.match(await dialog.innerText(), /laptop-b \(Bob\) is disconnected at once, and every device of the team refuses what it writes from now on/);
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await dialog.waitFor({ state: 'detached' });
  assert.equal(await joined.getByText('Online').count(), 1, 'cancelled: nothing happened');
  assert.equal(await page.evaluate(() => window.location.hash), '#/team');

  await joined.getByRole('button', { name: 'Revoke laptop-b' }).click();
  await dialog.getByRole('button', { name: 'Revoke device' }).click();
  await joined.getByText(/^Revoked/).waitFor();
  assert.equal(await joined.getByRole('button', { name: 'Revoke laptop-b' }).count(), 0, 'no second revoke');
  const opacity = Number(await joined.evaluate((el) => getComputedStyle(el).opacity));
  assert.ok(opacity < 1, `greyed out (opacity ${opacity})`);
  const status = await fetchJson(a.baseUrl, '/api/team', { key: a.adminKey });
  assert.equal(status.body.devices.find((d: { name: string }) => d.name === 'laptop-b').revoked, true);
  await page.screenshot({ path: 'test-results/team-page-revoked.png', fullPage: true });
});
