// The Reports page in Debian's Chromium against a real host, through the HTTP bridge and the window's strict CSP:
// reached from the header, it shows this week's incident in the table with its MTTA, draws the four uPlot charts,
// and Download CSV saves the rows shown.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { startServer, fetchJson, type TestServer } from '../support/server.ts';
import { ensureRendererBuilt } from './support/build.ts';
import { launchChromium, openSignedIn } from './support/browser.ts';

let server: TestServer;
let browser: Browser;
before(async () => {
  server = await startServer({ rendererDir: ensureRendererBuilt(), serviceName: 'Payments' });
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

test('the Reports page shows this week\'s figures as charts and a table, and downloads them as CSV', async () => {
  const sent = await fetchJson(server.baseUrl, '/v2/enqueue', {
    body: { routing_key: server.routingKey, event_action: 'trigger', dedup_key: 'r1', payload: { summary: 'Checkout errors', source: 'test', severity: 'critical' } },
  });
  assert.equal(sent.status, 202, sent.text);
  const { incidents } = (await fetchJson(server.baseUrl, '/api/incidents', { key: server.adminKey })).body;
  await server.klaxon.engine.acknowledge([incidents[0].id], 'user:someone');

  const { context, page } = await openSignedIn(browser, server);
  try {
    const errors: string[] = [];
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    await page.getByRole('navigation', { name: 'Views' }).getByRole('link', { name: 'Reports' }).click();
    const table = page.getByRole('table', { name: 'Report by week' });
    await table.getByRole('rowheader', { name: 'Payments' }).waitFor();
    const cells = await table.getByRole('row').nth(1).locator('th, td').allInnerTexts();
    assert.deepEqual(cells.slice(1, 6), ['Payments', '1', '1', '0', cells[5]!]);
    assert.match(cells[5]!, /^\d+ s$/, 'MTTA in seconds: it was acknowledged at once');

    for (const title of ['MTTA per week (minutes)', 'MTTR per week (minutes)', 'Incidents per week', 'Escalated share per week']) {
      const chart = page.getByRole('figure', { name: title });
      await chart.locator('.uplot canvas').waitFor();
      const box = await chart.locator('.uplot canvas').boundingBox();
      assert.ok(box && box.width > 300 && box.height > 100, `${title} is drawn at a readable size`);
      assert.ok(await chart.locator('.u-legend').getByText('Payments').count() > 0, `${title} has a Payments series`);
    }

    const download = page.waitForEvent('download');
    await page.getByRole('link', { name: 'Download CSV' }).click();
    const file = await download;
    assert.match(file.suggestedFilename(), /^klaxon-report-service-\d{4}-\d{2}-\d{2}\.csv$/);
    const csv = readFileSync((await file.path())!, 'utf8').split('\r\n');
    assert.match(csv[0]!, /^week,key,name,incidents,/);
    assert.match(csv[1]!, new RegExp(`^\\d{4}-\\d{2}-\\d{2}T00:00:00\\.000Z,${server.serviceId},Payments,1,1,0,`));
    assert.deepEqual(errors, [], 'no console errors (CSP included)');
  } finally {
    await context.close();
  }
});
