// Sessions as a person meets them in Chromium: the header's Sign out ends this tab's session; a new tab of the same
// browser must sign in itself (the cookie is not enough); a reload keeps the tab signed in; Settings lists the
// sessions and revoking one sends that tab to the sign-in page at once; an API key signs in on the sign-in page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { startServer, fetchJson, pollUntil, type TestServer } from '../support/server.ts';
import { ensureRendererBuilt } from './support/build.ts';
import { launchChromium, openSignedIn } from './support/browser.ts';

let server: TestServer;
let browser: Browser;
before(async () => {
  server = await startServer({ rendererDir: ensureRendererBuilt() });
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

const views = 'navigation';

test('Sign out ends the session: the tab lands on the sign-in page and its secret no longer works', async () => {
  const { context, page } = await openSignedIn(browser, server);
  try {
    const tab = await page.evaluate(() => sessionStorage.getItem('klaxon.tab'));
    assert.ok(tab);
    await page.reload();
    await page.getByRole(views, { name: 'Views' }).waitFor();
    assert.equal(await page.evaluate(() => sessionStorage.getItem('klaxon.tab')), tab, 'a reload keeps the tab signed in');

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('status').getByText('You are signed out.').waitFor();
    assert.equal(new URL(page.url()).pathname, '/sign-in');
    assert.equal(await page.evaluate(() => sessionStorage.getItem('klaxon.tab')), null);
    assert.equal((await context.cookies()).filter((c) => c.name === 'klaxon_session').length, 0, 'the last tab took the cookie with it');
    const res = await page.goto('/');
    assert.equal(res?.status(), 401);
  } finally {
    await context.close();
  }
});

test('a new tab of a signed-in browser must sign in itself; signing it in keeps the first tab signed in', async () => {
  const { context, page } = await openSignedIn(browser, server);
  try {
    const second = await context.newPage();
    await second.goto('/');
    await second.getByRole('status').getByText('This tab is not signed in yet.').waitFor();
    assert.equal(new URL(second.url()).pathname, '/sign-in');

    const { createLoginLink } = await import('../../src-main/cli/open.ts');
    await second.goto(createLoginLink(server.dataDir, server.baseUrl));
    await second.getByRole(views, { name: 'Views' }).waitFor();
    // Both tabs work and stay live.
    await fetchJson(server.baseUrl, '/v2/enqueue', {
      body: { routing_key: server.routingKey, event_action: 'trigger', dedup_key: 'two-tabs', payload: { summary: 'Seen in two tabs', source: 'test', severity: 'critical' } },
    });
    for (const p of [page, second]) await p.getByRole('listitem', { name: 'Seen in two tabs', exact: true }).waitFor();
  } finally {
    await context.close();
  }
});

test('Settings lists the sessions; revoking another tab\'s session sends that tab to the sign-in page at once', async () => {
  const admin = await openSignedIn(browser, server);
  const victim = await openSignedIn(browser, server);
  try {
    const victimId = await victim.page.evaluate(async () => {
      const res = await fetch('/bridge/invoke', {
        method: 'POST', headers: { 'content-type': 'application/json', 'x-klaxon-tab': sessionStorage.getItem('klaxon.tab')! },
        body: JSON.stringify({ method: 'sessions.list' }),
      });
      return ((await res.json()) as { id: string; current: boolean }[]).find((s) => s.current)!.id;
    });
    const { page } = admin;
    await page.getByRole(views, { name: 'Views' }).getByRole('link', { name: 'Settings' }).click();
    const table = page.getByRole('table', { name: 'Browser sessions' });
    await table.waitFor();
    const mine = table.getByRole('row').filter({ hasText: '(this tab)' });
    assert.equal(await mine.count(), 1);
    const theirs = table.getByRole('row').filter({ hasText: victimId });
    assert.match(await theirs.innerText(), /klaxon open/);

    page.once('dialog', (d) => void d.accept());
    await page.getByRole('button', { name: `Revoke session ${victimId}` }).click();
    await theirs.waitFor({ state: 'detached' });
    // The victim's stream was closed by the host; its reconnection is refused; the window leaves.
    await victim.page.getByRole('status').getByText(/This tab was signed out/).waitFor();
    assert.equal(new URL(victim.page.url()).pathname, '/sign-in');
  } finally {
    await admin.context.close();
    await victim.context.close();
  }
});

test('an API key signs a tab in on the sign-in page, as that key', async () => {
  const key = await server.createKey(['incidents:read', 'incidents:write'], 'responder');
  const context = await browser.newContext({ baseURL: server.baseUrl });
  context.setDefaultTimeout(20_000);
  try {
    const page = await context.newPage();
    await page.goto('/sign-in');
    await page.getByLabel('API key', { exact: true }).fill('klx_not_a_key');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').getByText('Unknown or revoked API key').waitFor();
    await page.getByLabel('API key', { exact: true }).fill(key.key);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole(views, { name: 'Views' }).waitFor();
    await fetchJson(server.baseUrl, '/v2/enqueue', {
      body: { routing_key: server.routingKey, event_action: 'trigger', dedup_key: 'key-tab', payload: { summary: 'Acked in a key tab', source: 'test', severity: 'critical' } },
    });
    const id = server.klaxon.engine.listIncidents({ q: 'Acked in a key tab', limit: 1 }).incidents[0]!.id;
    await page.getByRole('listitem', { name: 'Acked in a key tab', exact: true }).getByRole('button', { name: 'Acknowledge', exact: true }).click();
    await pollUntil(() => server.klaxon.engine.getIncident(id).acknowledgedBy === `key:${key.id}`, { message: 'the acknowledgement was not recorded as the key' });
    // Settings shows what the key may not see, and Sessions need admin.
    await page.getByRole(views, { name: 'Views' }).getByRole('link', { name: 'Settings' }).click();
    await page.getByRole('heading', { name: 'Browser sessions' }).waitFor();
    await page.getByText(/sessions.list needs an API key with the admin scope/).waitFor();
  } finally {
    await context.close();
  }
});
