// An alert storm in the window, in Debian's Chromium against a real host: while events flood in, one banner above
// the queue says "Storm: … incidents in 5 min on … — paging summarised", with the number the host counted; once
// the storm's five minutes have passed (a fake clock here), the banner goes.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { startServer, fetchJson, type TestServer } from '../support/server.ts';
import { ensureRendererBuilt } from './support/build.ts';
import { launchChromium, openSignedIn } from './support/browser.ts';
import { FakeClock } from '../../src-main/clock.ts';
import { STORM_THRESHOLD, STORM_WINDOW_MS } from '../../src-shared/domain/storm.ts';

let server: TestServer;
let browser: Browser;
let clock: FakeClock;
before(async () => {
  const rendererDir = ensureRendererBuilt();
  clock = new FakeClock(Date.now());
  server = await startServer({ rendererDir, serviceName: 'Database', clock });
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

const send = (routingKey: string, summary: string) => fetchJson(server.baseUrl, '/v2/enqueue', {
  body: { routing_key: routingKey, event_action: 'trigger', dedup_key: summary, payload: { summary, source: 'db-1', severity: 'critical' } },
});

test('a flood shows one storm banner above the queue, with the host\'s count and services; it goes when the storm is over', async () => {
  const cache = await server.klaxon.engine.createService({ name: 'Cache' });
  const { context, page } = await openSignedIn(browser, server);
  try {
    const banner = page.getByRole('status', { name: 'Alert storm' });
    await page.getByRole('heading', { name: 'No open incidents' }).waitFor();
    assert.equal(await banner.innerText(), '', 'calm: no storm');

    const flood = [
      ...Array.from({ length: STORM_THRESHOLD + 10 }, (_, i) => send(server.routingKey, `Replica ${i} lagging`)),
      ...Array.from({ length: 4 }, (_, i) => send(cache.routingKey, `Cache miss rate ${i}`)),
    ];
    for (const res of await Promise.all(flood)) assert.equal(res.status, 202, res.text);
    const expected = `Storm: ${STORM_THRESHOLD + 14} incidents in 5 min on Database and Cache — paging summarised`;
    await page.getByText(expected, { exact: true }).waitFor();
    assert.equal(await page.locator('.storm-banner .storm-entry').count(), 1, 'one banner, not one per row');

    clock.advance(STORM_WINDOW_MS + 1000);
    assert.equal((await send(cache.routingKey, 'after the storm')).status, 202);
    // The window asks again after the change this event brings: one incident in the last five minutes is calm.
    await page.locator('.storm-banner:empty').waitFor({ state: 'attached' });
  } finally {
    await context.close();
  }
});
