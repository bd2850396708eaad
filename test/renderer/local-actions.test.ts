// Settings → Local actions in Debian's Chromium against a real host: an action made in the window (node running a
// small script the test writes, the script's path as its argument) is tested with the Test button, which shows exit 0
// and what the script printed from the JSON it got on stdin; an incident then triggered runs it by itself, and the run
// appears in the open run log with its incident, exit code and output; "Run again" runs it once more. A screenshot of
// the section is kept.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { startServer, fetchJson, makeTempDir, removeDir, type TestServer } from '../support/server.ts';
import { ensureRendererBuilt } from './support/build.ts';
import { launchChromium, openSignedIn } from './support/browser.ts';

let server: TestServer;
let browser: Browser;
let scriptDir: string;
before(async () => {
  const rendererDir = ensureRendererBuilt();
  server = await startServer({ rendererDir, serviceName: 'API Gateway' });
  browser = await launchChromium();
  scriptDir = makeTempDir('klaxon-action-');
});
after(async () => {
  await browser?.close();
  await server?.close();
  if (scriptDir) removeDir(scriptDir);
});

/** Reads the event from stdin, says what it got, and notes each run in a file (the proof it ran on this machine). */
function writeScript(): { script: string; ran: string } {
  const script = path.join(scriptDir, 'light.mjs');
  const ran = path.join(scriptDir, 'ran.txt');
  writeFileSync(script, [
    "import { appendFileSync } from 'node:fs';",
    "let input = '';",
    "process.stdin.on('data', (d) => { input += d; });",
    "process.stdin.on('end', () => {",
    '  const message = JSON.parse(input);',
    `  appendFileSync(${JSON.stringify(ran)}, process.env.KLAXON_EVENT + '\\n');`,
    "  console.log(`light on: ${message.type} ${message.data.incident?.title ?? ''}`.trim());",
    '});',
  ].join('\n'));
  return { script, ran };
}

test('made in the window, tested (exit 0 and its output), run by a trigger into the open log, and run again', async () => {
  const { script, ran } = writeScript();
  // Tall enough for the whole section in the screenshot.
  const { context, page } = await openSignedIn(browser, server, { viewport: { width: 1280, height: 1700 } });
  const csp: string[] = [];
  page.on('console', (m) => { if (/Content Security Policy/i.test(m.text())) csp.push(m.text()); });
  try {
    await page.getByRole('navigation', { name: 'Views' }).getByRole('link', { name: 'Settings' }).click();
    const section = page.getByRole('region', { name: 'Local actions' });
    await section.getByText(/never replicate to teammates/).waitFor();
    const form = section.getByRole('form', { name: 'New local action' });
    await form.getByRole('note').getByText(/runs on this computer, as you, with your rights/).waitFor();
    await form.getByLabel('Name', { exact: true }).fill('Desk light');
    await form.getByLabel('Program', { exact: true }).fill(process.execPath);
    await form.getByLabel('Arguments (one a line)').fill(script);
    await form.getByRole('button', { name: 'Create local action' }).click();

    const item = section.getByRole('listitem', { name: 'Desk light' });
    assert.equal(await item.getByLabel('Command of Desk light').innerText(), `${process.execPath} ${script}`);
    await item.getByRole('button', { name: 'Test Desk light' }).click();
    const result = item.getByRole('status', { name: 'Test result for Desk light' });
    await result.getByText(/^Test run: Succeeded · exit 0 · \d+ ms$/).waitFor();
    assert.equal(await result.getByLabel('Output').innerText(), 'light on: local_action.test');
    assert.equal(readFileSync(ran, 'utf8'), 'test\n');

    await item.getByRole('button', { name: 'Run log' }).click();
    const log = item.getByRole('table', { name: 'Runs of Desk light' });
    await log.getByText('Test run').waitFor();

    const sent = await fetchJson(server.baseUrl, '/v2/enqueue', {
      body: { routing_key: server.routingKey, event_action: 'trigger', dedup_key: 'lamp', payload: { summary: 'Checkout is failing', source: 'playwright', severity: 'critical' } },
    });
    assert.equal(sent.status, 202, sent.text);
    const incidentId = server.klaxon.engine.listIncidents({ q: 'Checkout is failing', limit: 1 }).incidents[0]!.id;
    // Nobody clicks: the open log picks the run up.
    const row = log.getByRole('row').filter({ hasText: 'Triggered' });
    await row.getByText('light on: incident.triggered Checkout is failing').waitFor({ timeout: 30_000 });
    assert.match(await row.innerText(), /Succeeded\s+1\s+exit 0/);
    assert.equal(await row.getByRole('link').getAttribute('href'), `#/incident/${incidentId}`);
    assert.equal(readFileSync(ran, 'utf8'), 'test\ntriggered\n');

    await row.getByRole('button', { name: /^Run again: Triggered/ }).click();
    await row.getByText(/^2$/).waitFor();
    assert.equal(readFileSync(ran, 'utf8'), 'test\ntriggered\ntriggered\n');

    mkdirSync('test-results', { recursive: true });
    await section.screenshot({ path: 'test-results/local-actions-settings.png' });
    assert.deepEqual(csp, []);
  } finally {
    await context.close();
  }
});
