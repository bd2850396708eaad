// Status pages in Debian's Chromium against a real headless host: a page made in the window (its slug suggested from
// the name, a service shown under a public name) is listed with its public URL; a second page with that slug is
// refused at the slug field (the host's 409); the page's Open link shows the public page with the component; an
// incident published from the incident page ("Publish to status page…") appears there with its public title and
// message. No CSP violation; screenshots of the form, the list, the publish dialog and the public page for review.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { startServer, fetchJson, type TestServer } from '../support/server.ts';
import { ensureRendererBuilt } from './support/build.ts';
import { launchChromium, openSignedIn, type SignedInPage } from './support/browser.ts';

let server: TestServer;
let browser: Browser;
let window: SignedInPage;
before(async () => {
  const rendererDir = ensureRendererBuilt();
  server = await startServer({ rendererDir, serviceName: 'checkout-svc-prod-eu1' });
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

test('a page made in the window is served at its public URL with its component; a published incident shows there', async () => {
  const { page, context } = window;
  const csp = watchCsp(page);
  await page.getByRole('navigation', { name: 'Views' }).getByRole('link', { name: 'Status pages' }).click();
  await page.getByRole('heading', { name: 'Status pages', level: 1 }).waitFor();
  await page.getByText('No status pages yet.').waitFor();

  await page.getByRole('button', { name: 'New status page' }).click();
  let form = page.getByRole('form', { name: 'New status page' });
  await form.getByLabel('Name', { exact: true }).fill('Acme Status');
  assert.equal(await form.getByLabel('Slug', { exact: true }).inputValue(), 'acme-status');
  await form.getByLabel('Group name').fill('Shop');
  await form.getByLabel('Add to Shop').selectOption({ label: 'Service: checkout-svc-prod-eu1' });
  await form.getByRole('button', { name: 'Add component to Shop' }).click();
  await form.getByLabel('Public name of checkout-svc-prod-eu1').fill('Checkout');
  mkdirSync('test-results', { recursive: true });
  await page.screenshot({ path: 'test-results/status-page-form.png', fullPage: true });
  await form.getByRole('button', { name: 'Create status page' }).click();

  const item = page.getByRole('listitem', { name: 'Acme Status', exact: true });
  await item.waitFor();
  const url = await item.getByLabel('Public URL of Acme Status', { exact: true }).innerText();
  assert.equal(url, `${server.baseUrl}/status/acme-status`);
  assert.match(await item.innerText(), /1 component/);

  // A second page on the same slug: the host's 409, shown at the slug.
  await page.getByRole('button', { name: 'New status page' }).click();
  form = page.getByRole('form', { name: 'New status page' });
  await form.getByLabel('Name', { exact: true }).fill('Acme status');
  await form.getByRole('button', { name: 'Create status page' }).click();
  await form.getByText('Another status page has this slug: choose another').waitFor();
  assert.equal(await form.getByLabel('Slug', { exact: true }).getAttribute('aria-invalid'), 'true');
  await form.getByRole('button', { name: 'Cancel' }).click();
  await page.screenshot({ path: 'test-results/status-pages-window.png', fullPage: true });

  // The preview: the Open link shows the public page, with the component under its public name only.
  const [pub] = await Promise.all([context.waitForEvent('page'), item.getByRole('link', { name: 'Open Acme Status (preview)' }).click()]);
  await pub.waitForLoadState();
  assert.equal(pub.url(), url);
  await pub.getByRole('heading', { name: 'Acme Status' }).first().waitFor();
  const body = await pub.locator('body').innerText();
  assert.match(body, /Checkout/);
  assert.doesNotMatch(body, /checkout-svc-prod-eu1/, 'the internal name is never shown');

  // Publish an incident from the incident page, with seed 002's fields.
  const created = await fetchJson(server.baseUrl, '/api/incidents', { method: 'POST', key: server.adminKey, body: { title: 'pg-primary replication lag', serviceId: server.serviceId } });
  assert.equal(created.status, 201, created.text);
  await page.goto(`${server.baseUrl}/#/incident/${created.body.id}`);
  await page.getByRole('button', { name: 'Publish to status page…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Publish to status page' });
  await dialog.getByLabel('Title').fill('Checkout is slow');
  await dialog.getByLabel('Status', { exact: true }).selectOption('identified');
  await dialog.getByLabel('Impact').selectOption('major');
  await dialog.getByLabel('Message').fill('Card payments take up to a minute.');
  await page.screenshot({ path: 'test-results/status-page-publish.png' });
  await dialog.getByRole('button', { name: 'Publish' }).click();
  await page.getByRole('link', { name: 'Acme Status' }).waitFor();
  await page.getByRole('heading', { name: 'Checkout is slow', level: 1 }).waitFor();

  await pub.reload();
  const after = await pub.locator('body').innerText();
  assert.match(after, /Checkout is slow/);
  assert.match(after, /Card payments take up to a minute\./);
  assert.doesNotMatch(after, /replication lag/);
  await pub.screenshot({ path: 'test-results/status-page-public.png', fullPage: true });
  assert.deepEqual(csp, []);
});
