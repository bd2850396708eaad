// `klaxon open --print` against a real `klaxon serve` process: the printed link signs Chromium in to the window,
// once; the same link a second time is refused; without a running host the command says how to start one.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { klaxon, serve, type Served } from '../support/cli.ts';
import { makeTempDir, removeDir, fetchJson } from '../support/server.ts';
import { ensureRendererBuilt } from './support/build.ts';
import { launchChromium } from './support/browser.ts';

let dataDir: string;
let host: Served;
let browser: Browser;
before(async () => {
  ensureRendererBuilt();
  dataDir = makeTempDir();
  host = await serve(['--data-dir', dataDir, '--port', '0', '--no-notify', '--durability', 'normal']);
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  if (host) { host.child.kill('SIGTERM'); await host.exited; }
  if (dataDir) removeDir(dataDir);
});

test('the link printed by klaxon open signs a browser in once', async () => {
  const opened = await klaxon(['open', '--print', '--data-dir', dataDir]);
  assert.equal(opened.code, 0, opened.stderr);
  const link = opened.stdout.trim();
  assert.match(link, new RegExp(`^${host.baseUrl}/bridge/session\\?token=[A-Za-z0-9_-]{40,}$`));

  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.goto(link);
    assert.equal(new URL(page.url()).pathname, '/', 'redirected to the window');
    await page.getByRole('navigation', { name: 'Views' }).waitFor({ timeout: 20_000 });
    const cookie = (await context.cookies()).find((c) => c.name === 'klaxon_session');
    assert.ok(cookie);
    assert.equal(cookie.httpOnly, true);
    assert.equal(cookie.sameSite, 'Strict');

    const other = await browser.newContext();
    try {
      const again = await (await other.newPage()).goto(link);
      assert.equal(again?.status(), 401, 'a spent link signs nobody else in');
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
