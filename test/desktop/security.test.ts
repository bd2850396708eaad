// The window's security rules with fake webContents/session: no new windows (http(s) links go to the OS browser,
// after parsing), no navigation, no webviews, no permissions.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { externalHttpUrl, guardWebContents, denyAllPermissions, type GuardedContents } from '../../src-main/desktop/security.ts';

const quiet = { warn() {} };

class Contents extends EventEmitter {
  openHandler: ((d: { url: string }) => { action: 'deny' }) | null = null;
  setWindowOpenHandler(h: (d: { url: string }) => { action: 'deny' }) { this.openHandler = h; }
  prevented(event: string, url?: string): boolean {
    let prevented = false;
    this.emit(event, { preventDefault: () => { prevented = true; } }, url);
    return prevented;
  }
}

test('only well-formed http(s) URLs count as external links', () => {
  assert.equal(externalHttpUrl('https://grafana.example/d/abc?x=1')?.href, 'https://grafana.example/d/abc?x=1');
  assert.equal(externalHttpUrl('http://10.0.0.5:9093/#/alerts')?.host, '10.0.0.5:9093');
  for (const bad of [
    'file:///etc/passwd', 'javascript:alert(1)', 'klaxon-app://app/index.html', 'smb://share/x', 'ms-msdt:/id',
    'https://user:pass@evil.example/', 'https:', 'not a url', ' https//missing-colon', 'data:text/html,hi',
  ]) {
    assert.equal(externalHttpUrl(bad), null, bad);
  }
});

test('window.open is always denied; http(s) targets open in the OS browser, nothing else does', async () => {
  const contents = new Contents();
  const opened: string[] = [];
  guardWebContents(contents as unknown as GuardedContents, { openExternal: async (u) => { opened.push(u); }, log: quiet });
  for (const url of ['https://runbooks.example/db', 'file:///etc/passwd', 'javascript:void(0)', 'http://127.0.0.1:8977/api/openapi.json']) {
    assert.deepEqual(contents.openHandler?.({ url }), { action: 'deny' }, url);
  }
  assert.deepEqual(opened, ['https://runbooks.example/db', 'http://127.0.0.1:8977/api/openapi.json']);
});

test('navigation, redirects and webviews are blocked', () => {
  const contents = new Contents();
  guardWebContents(contents as unknown as GuardedContents, { openExternal: async () => {}, log: quiet });
  assert.equal(contents.prevented('will-navigate', 'https://evil.example/'), true);
  assert.equal(contents.prevented('will-navigate', 'klaxon-app://app/index.html'), true, 'even to itself: the app routes in-page');
  assert.equal(contents.prevented('will-redirect', 'https://evil.example/'), true);
  assert.equal(contents.prevented('will-attach-webview'), true);
});

test('every permission request and check is refused', () => {
  let request: ((wc: unknown, p: string, cb: (g: boolean) => void) => void) | undefined;
  let check: ((wc: unknown, p: string) => boolean) | undefined;
  denyAllPermissions({ setPermissionRequestHandler: (h) => { request = h; }, setPermissionCheckHandler: (h) => { check = h; } }, quiet);
  for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal', 'fullscreen']) {
    let granted: boolean | undefined;
    request?.({}, permission, (g) => { granted = g; });
    assert.equal(granted, false, permission);
    assert.equal(check?.({}, permission), false, permission);
  }
});
