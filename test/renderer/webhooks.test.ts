// Settings → Webhooks in Debian's Chromium against a real host and a local receiver: a subscription made in the window
// gets its secret (which verifies what the receiver got, with the `standardwebhooks` verifier), the Test button shows
// the receiver's 204 right there, an incident the receiver refuses appears in the open log by itself with the
// receiver's answer, and "Send again" delivers it once the receiver is back. A screenshot of the section is kept.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { Webhook } from 'standardwebhooks';
import type { Browser, Page } from 'playwright-core';
import { startServer, fetchJson, type TestServer } from '../support/server.ts';
import { startWebhookReceiver, type TestReceiver } from '../support/webhook-receiver.ts';
import { ensureRendererBuilt } from './support/build.ts';
import { launchChromium, openSignedIn } from './support/browser.ts';

let server: TestServer;
let receiver: TestReceiver;
let browser: Browser;
before(async () => {
  const rendererDir = ensureRendererBuilt();
  server = await startServer({ rendererDir, serviceName: 'API Gateway' });
  receiver = await startWebhookReceiver();
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  await server?.close();
  await receiver?.close();
});

function watchCsp(page: Page): string[] {
  const violations: string[] = [];
  page.on('console', (m) => { if (/Content Security Policy/i.test(m.text())) violations.push(m.text()); });
  return violations;
}

test('made in the window, tested, a refused incident in the live log, sent again once the receiver is back', async () => {
  const { context, page } = await openSignedIn(browser, server);
  const csp = watchCsp(page);
  try {
    await page.getByRole('navigation', { name: 'Views' }).getByRole('link', { name: 'Settings' }).click();
    const section = page.getByRole('region', { name: 'Webhooks' });
    const form = section.getByRole('form', { name: 'New webhook' });
    await form.getByLabel('URL').fill(receiver.url);
    await form.getByRole('button', { name: 'Create webhook' }).click();
    const secret = await section.getByLabel('Signing secret', { exact: true }).innerText();
    assert.match(secret, /^whsec_/);
    await section.getByRole('button', { name: 'I have copied it' }).click();

    const item = section.getByRole('listitem', { name: receiver.url });
    await item.getByRole('button', { name: `Test ${receiver.url}` }).click();
    const result = item.getByRole('status', { name: `Test result for ${receiver.url}` });
    await result.getByText(/^Test message: Delivered · HTTP 204 · \d+ ms$/).waitFor();
    const got = receiver.received.at(-1)!;
    assert.equal((new Webhook(secret).verify(got.body, got.headers) as { type: string }).type, 'webhook.test');

    await item.getByRole('button', { name: 'Delivery log' }).click();
    const log = item.getByRole('table', { name: `Deliveries to ${receiver.url}` });
    await log.getByText('Test message').waitFor();

    receiver.mode = 'fail';
    const sent = await fetchJson(server.baseUrl, '/v2/enqueue', {
      body: { routing_key: server.routingKey, event_action: 'trigger', dedup_key: 'cart', payload: { summary: 'Cart is empty for everyone', source: 'playwright', severity: 'critical' } },
    });
    assert.equal(sent.status, 202, sent.text);
    // Nobody clicks: the open log picks it up.
    const row = log.getByRole('row').filter({ hasText: 'Cart is empty for everyone' });
    await row.getByText('HTTP 500').waitFor({ timeout: 30_000 });
    assert.match(await row.innerText(), /Retrying \(next at/);
    assert.match(await row.innerText(), /database down/);
    await row.getByRole('link', { name: 'Cart is empty for everyone' }).waitFor();

    receiver.mode = 'ok';
    await row.getByRole('button', { name: /^Send again/ }).click();
    await row.getByText('Delivered').waitFor();
    const last = receiver.received.at(-1)!;
    assert.equal((new Webhook(secret).verify(last.body, last.headers) as { type: string }).type, 'incident.triggered');

    mkdirSync('test-results', { recursive: true });
    await section.screenshot({ path: 'test-results/webhooks-settings.png' });
    assert.deepEqual(csp, []);
  } finally {
    await context.close();
  }
});
