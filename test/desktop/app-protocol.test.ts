// klaxon-app:// serves the built window from its folder only, with the strict CSP on every answer — tested with
// real files in a temp dir and the same Request → Response calls Electron's protocol.handle makes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createAppProtocolHandler, resolveAppFile, APP_CONTENT_SECURITY_POLICY } from '../../src-main/desktop/app-protocol.ts';
import { tempDir } from '../support/temp-dir.ts';

function rendererFixture(t: { after(fn: () => void): void }) {
  const root = tempDir(t, 'klaxon-renderer-');
  const dir = path.join(root, 'renderer');
  mkdirSync(path.join(dir, 'assets'), { recursive: true });
  writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>Klaxon</title><script type="module" src="./assets/index.js"></script>');
  writeFileSync(path.join(dir, 'assets', 'index.js'), 'console.log("queue")');
  writeFileSync(path.join(dir, 'assets', 'index.css'), 'body{}');
  writeFileSync(path.join(root, 'secret.txt'), 'outside the renderer folder');
  return dir;
}

test('the window and its assets are served with the right type and a strict CSP', async (t) => {
  const handle = createAppProtocolHandler(rendererFixture(t));
  const page = await handle(new Request('klaxon-app://app/index.html'));
  assert.equal(page.status, 200);
  assert.match(page.headers.get('content-type') ?? '', /^text\/html/);
  assert.match(await page.text(), /<title>Klaxon<\/title>/);
  const csp = page.headers.get('content-security-policy') ?? '';
  assert.equal(csp, APP_CONTENT_SECURITY_POLICY);
  assert.match(csp, /default-src 'none'/);
  assert.match(csp, /script-src 'self'(;|$)/, 'no inline or eval script');
  assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|\*/);
  assert.equal(page.headers.get('x-content-type-options'), 'nosniff');

  const js = await handle(new Request('klaxon-app://app/assets/index.js'));
  assert.equal(js.status, 200);
  assert.match(js.headers.get('content-type') ?? '', /^text\/javascript/);
  assert.equal(await js.text(), 'console.log("queue")');
  assert.match((await handle(new Request('klaxon-app://app/assets/index.css'))).headers.get('content-type') ?? '', /^text\/css/);

  // Routes of the single-page app get the page itself.
  for (const route of ['klaxon-app://app/', 'klaxon-app://app/incident/inc_abc']) {
    const r = await handle(new Request(route));
    assert.equal(r.status, 200, route);
    assert.match(await r.text(), /<title>Klaxon/, route);
  }
});

test('nothing outside the renderer folder, on another host, or by another method is served', async (t) => {
  const dir = rendererFixture(t);
  const handle = createAppProtocolHandler(dir);
  for (const url of [
    'klaxon-app://app/../secret.txt', 'klaxon-app://app/%2e%2e/secret.txt', 'klaxon-app://app/..%2fsecret.txt',
    'klaxon-app://app/assets/..%2f..%2fsecret.txt', 'klaxon-app://app/%00index.html', 'klaxon-app://other/index.html',
    'klaxon-app://app/missing.js',
  ]) {
    const r = await handle(new Request(url));
    assert.equal(r.status, 404, url);
    assert.doesNotMatch(await r.text(), /outside the renderer folder/, url);
    assert.ok(r.headers.get('content-security-policy'), `${url}: the CSP is on refusals too`);
  }
  assert.equal((await handle(new Request('klaxon-app://app/index.html', { method: 'POST', body: 'x' }))).status, 405);
  assert.equal(resolveAppFile('https://app/index.html', dir), null, 'only the app scheme');
});
