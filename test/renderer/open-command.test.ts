// `klaxon open` against a real `klaxon serve` process. Without --print it hands the browser (a shim `xdg-open` here,
// recording what it was given) a 0600 file in the data dir, never the token: another local user can read any
// process's argv and environment in /proc. That file signs Chromium in once without the token ever being in a URL.
// With --print, the printed link carries the token in its fragment and signs a browser in once too.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext } from 'playwright-core';
import { klaxon, serve, type Served } from '../support/cli.ts';
import { makeTempDir, removeDir, fetchJson } from '../support/server.ts';
import { ensureRendererBuilt } from './support/build.ts';
import { launchChromium } from './support/browser.ts';

let dataDir: string;
let shimDir: string;
let host: Served;
let browser: Browser;
before(async () => {
  ensureRendererBuilt();
  dataDir = makeTempDir();
  shimDir = makeTempDir('klaxon-shim-');
  host = await serve(['--data-dir', dataDir, '--port', '0', '--no-notify', '--durability', 'normal']);
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  if (host) { host.child.kill('SIGTERM'); await host.exited; }
  if (dataDir) removeDir(dataDir);
  if (shimDir) removeDir(shimDir);
});

/** An `xdg-open` that records its arguments and environment (as JSON), then exits 0 as a browser launcher does. */
function installXdgOpenShim(): string {
  const record = path.join(shimDir, 'xdg-open.json');
  const shim = path.join(shimDir, 'xdg-open');
  writeFileSync(shim, `#!${process.execPath}\nrequire('node:fs').writeFileSync(${JSON.stringify(record)}, JSON.stringify({ argv: process.argv.slice(2), env: process.env }));\n`);
  chmodSync(shim, 0o755);
  return record;
}

/** A browser profile that notes every URL it requests or navigates to. */
async function recordingContext(): Promise<{ context: BrowserContext; urls: string[] }> {
  const context = await browser.newContext();
  context.setDefaultTimeout(20_000);
  const urls: string[] = [];
  context.on('request', (r) => urls.push(r.url()));
  return { context, urls };
}

test('klaxon open gives the browser a 0600 file, never the token, and that file signs in once', async () => {
  const record = installXdgOpenShim();
  const opened = await klaxon(['open', '--data-dir', dataDir], { PATH: `${shimDir}:${process.env.PATH}` });
  assert.equal(opened.code, 0, opened.stderr);
  const launched = JSON.parse(readFileSync(record, 'utf8')) as { argv: string[]; env: Record<string, string> };
  assert.equal(launched.argv.length, 1);
  assert.match(launched.argv[0]!, /^file:\/\//, 'the browser is handed a file, not a link holding the token');
  const file = fileURLToPath(launched.argv[0]!);
  assert.equal(path.dirname(file), dataDir);
  assert.equal(statSync(file).mode & 0o777, 0o600, 'only the owner may read it');
  assert.equal(statSync(dataDir).mode & 0o777, 0o700);
  const token = /name="token" value="([A-Za-z0-9_-]+)"/.exec(readFileSync(file, 'utf8'))?.[1];
  assert.ok(token && token.length >= 40, 'the file holds the token');
  assert.ok(!JSON.stringify(launched).includes(token), 'the token is in neither the argv nor the environment of the launcher');

  const { context, urls } = await recordingContext();
  try {
    const page = await context.newPage();
    await page.goto(launched.argv[0]!);
    await page.getByRole('navigation', { name: 'Views' }).waitFor();
    assert.equal(page.url(), `${host.baseUrl}/`);
    assert.ok(!urls.some((u) => u.includes(token)), 'no URL the browser visited or requested holds the token');
    const cookie = (await context.cookies()).find((c) => c.name === 'klaxon_session');
    assert.ok(cookie);
    assert.equal(cookie.httpOnly, true);
    assert.equal(cookie.sameSite, 'Strict');
    // The window works: it lists what the host holds.
    await page.getByRole('heading', { name: 'No open incidents' }).waitFor();

    // The same file again: the token is spent.
    const again = await context.newPage();
    await again.goto(launched.argv[0]!);
    await again.getByRole('alert').getByText(/already used or has expired/).waitFor();
  } finally {
    await context.close();
  }
});

test('the link printed by klaxon open --print carries the token in its fragment and signs a browser in once', async () => {
  const opened = await klaxon(['open', '--print', '--data-dir', dataDir]);
  assert.equal(opened.code, 0, opened.stderr);
  const link = opened.stdout.trim();
  assert.match(link, new RegExp(`^${host.baseUrl}/sign-in#token=[A-Za-z0-9_-]{40,}$`));
  const token = link.split('#token=')[1]!;

  const { context, urls } = await recordingContext();
  try {
    const page = await context.newPage();
    await page.goto(link);
    await page.getByRole('navigation', { name: 'Views' }).waitFor();
    assert.equal(page.url(), `${host.baseUrl}/`, 'redirected to the window');
    assert.ok(!urls.some((u) => u.includes(token) && !u.startsWith(link)), 'the token went to no server: only the typed-in link held it');
    await page.goBack();
    assert.equal(page.url(), 'about:blank', 'the sign-in page replaced itself: Back does not return to it');

    const other = await browser.newContext();
    try {
      const otherPage = await other.newPage();
      await otherPage.goto(link);
      await otherPage.getByRole('alert').getByText(/already used or has expired/).waitFor({ timeout: 20_000 });
      assert.equal(await otherPage.getByRole('navigation', { name: 'Views' }).count(), 0, 'a spent link signs nobody else in');
      assert.equal(new URL(otherPage.url()).hash, '', 'the page took the token out of the address bar');
    } finally {
      await other.close();
    }
  } finally {
    await context.close();
  }
  // The host itself is untouched by the refused attempt.
  assert.equal((await fetchJson(host.baseUrl, '/healthz')).status, 200);
});

test('klaxon open without a running host says to start one', async () => {
  const empty = makeTempDir();
  try {
    const res = await klaxon(['open', '--print', '--data-dir', empty]);
    assert.notEqual(res.code, 0);
    assert.match(res.stderr, /klaxon serve/);
    assert.equal(res.stdout, '');
  } finally {
    removeDir(empty);
  }
});
