// The built Electron main process (dist/desktop/main.cjs from `vite build --mode desktop`), run in plain Node over a
// recording fake of Electron's API, since the Electron binary cannot be installed here. It starts the real Klaxon
// (SQLite in a temp dir, the receiver on 127.0.0.1), so this follows one incident through the shell as a user
// would: an event arrives over HTTP → the window is told and the tray turns to alert → Acknowledge from the tray →
// a deep link opens it → the window hides on close → Quit from the tray shuts everything down.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fake, installFakeElectron, FakeBrowserWindow, FakeTray, type FakeImage } from './support/fake-electron.ts';
import { buildDesktop, repoRoot } from './support/build-desktop.ts';
import { makeTempDir, removeDir, pollUntil, fetchJson } from '../support/server.ts';
import { IPC_CHANNELS, type ChangeNotice } from '../../src-shared/api.ts';
import type { IpcReply } from '../../src-main/desktop/ipc.ts';

test('the built main process wires window, IPC, tray, deep links and quit around a real Klaxon', async (t) => {
  const build = await buildDesktop(t);
  const dataDir = makeTempDir('klaxon-desktop-');
  t.after(() => removeDir(dataDir));
  process.env.KLAXON_DATA_DIR = dataDir;
  process.env.KLAXON_PORT = '0';
  process.env.KLAXON_NOTIFIER = 'none';
  fake.app.appPath = repoRoot;

  installFakeElectron();
  createRequire(import.meta.url)(build.mainPath);

  // Before ready: one instance only, the app scheme privileged, every renderer sandboxed.
  assert.deepEqual(fake.app.calls, ['requestSingleInstanceLock', 'enableSandbox']);
  assert.equal(fake.app.getName(), 'Klaxon', 'userData resolves to the same Klaxon folder as `klaxon serve`');
  assert.equal(fake.protocol.privilegedBeforeReady, true);
  assert.deepEqual(fake.protocol.privileged.map((p) => [p.scheme, p.privileges.standard, p.privileges.secure]), [['klaxon-app', true, true]]);
  fake.app.becomeReady();

  const win = await pollUntil(() => FakeBrowserWindow.all[0], { message: 'a window was created' });
  const tray = await pollUntil(() => FakeTray.all[0]?.menu.length ? FakeTray.all[0] : undefined, { message: 'the tray has a menu' });
  assert.deepEqual(fake.dialog.errors, []);

  // The window: locked down, loaded from the app's own files, shown when ready.
  const prefs = win.options.webPreferences ?? {};
  assert.equal(prefs.sandbox, true);
  assert.equal(prefs.contextIsolation, true);
  assert.equal(prefs.nodeIntegration, false);
  assert.equal(prefs.webviewTag, false);
  assert.equal(prefs.preload, path.join(repoRoot, 'dist', 'desktop', 'preload.cjs'));
  assert.equal(win.loadedUrl, 'klaxon-app://app/index.html');
  await pollUntil(() => win.visible, { message: 'the window is shown once ready' });

  // Security rules are in place on the window's contents and session.
  assert.equal(win.webContents.emitPreventable('will-navigate', 'https://evil.example/'), true, 'navigation is blocked');
  assert.deepEqual(win.webContents.windowOpenHandler?.({ url: 'https://docs.example/runbook' }), { action: 'deny' });
  assert.deepEqual(win.webContents.windowOpenHandler?.({ url: 'file:///etc/passwd' }), { action: 'deny' });
  await pollUntil(() => fake.shell.opened.length > 0);
  assert.deepEqual(fake.shell.opened, ['https://docs.example/runbook'], 'only the http(s) link went to the OS browser');
  let granted: boolean | undefined;
  fake.session.defaultSession.permissionRequestHandler?.(win.webContents, 'media', (g) => { granted = g; });
  assert.equal(granted, false);
  assert.equal(fake.session.defaultSession.permissionCheckHandler?.(win.webContents, 'notifications'), false);

  // The app protocol answers with the strict CSP (whether or not the renderer has been built).
  const appHandler = fake.protocol.handlers.get('klaxon-app');
  assert.ok(appHandler, 'klaxon-app:// is handled');
  const page = await appHandler(new Request('klaxon-app://app/index.html'));
  assert.match(page.headers.get('content-security-policy') ?? '', /default-src 'none'/);
  assert.equal((await appHandler(new Request('klaxon-app://app/..%2f..%2fpackage.json'))).status, 404);

  // The window's bridge: the IPC handler answers the window's main frame (and nobody else).
  const invoke = async (method: string, input?: unknown, frame: unknown = win.webContents.mainFrame) => {
    const handler = fake.ipcMain.handlers.get(IPC_CHANNELS.invoke);
    assert.ok(handler, 'the invoke handler is registered');
    return await handler({ senderFrame: frame }, { method, input }) as IpcReply;
  };
  const services = await invoke('services.list');
  assert.ok(services.ok, JSON.stringify(services));
  const service = (services.value as { name: string; routingKey: string }[])[0];
  assert.equal(service?.name, 'Default service', 'a first run gets a service to send events to');
  assert.equal((await invoke('services.list', undefined, { url: 'klaxon-app://app/index.html', processId: 99, routingId: 3 })).ok, false);

  // The receiver listens, and says where in the data dir (so `klaxon open` finds it).
  const runtime = JSON.parse(readFileSync(path.join(dataDir, 'runtime.json'), 'utf8')) as { baseUrl: string; pid: number };
  assert.equal(runtime.pid, process.pid);

  // An event arrives over HTTP → the window is told, the tray turns to alert with a drawn count badge.
  const posted = await fetchJson(runtime.baseUrl, '/v2/enqueue', {
    body: { routing_key: service.routingKey, event_action: 'trigger', dedup_key: 'db-down', payload: { summary: 'Database down', source: 'db-1', severity: 'critical' } },
  });
  assert.equal(posted.status, 202, posted.text);
  const notice = await pollUntil(() => win.webContents.sent.find((m) => m.channel === IPC_CHANNELS.changes)?.payload as ChangeNotice | undefined,
    { message: 'the window got a change notice' });
  const incident = notice.incidents[0];
  assert.equal(incident?.title, 'Database down');
  await pollUntil(() => tray.toolTip.includes('1 triggered'), { message: 'tray tooltip counts the incident' });
  const badge = tray.image as FakeImage;
  assert.deepEqual(badge.representations.map((r) => [r.scaleFactor, r.buffer.subarray(1, 4).toString()]), [[1, 'PNG'], [2, 'PNG']],
    'Linux: a PNG badge drawn at 1x and 2x');

  // Acknowledge from the tray menu → the API reports it acknowledged, the tray goes idle again.
  tray.item(`ack:${incident.id}`)?.click?.();
  await pollUntil(async () => {
    const r = await invoke('incidents.get', { id: incident.id });
    return r.ok && (r.value as { status: string }).status === 'acknowledged';
  }, { message: 'acknowledged through the tray' });
  await pollUntil(() => (tray.image as FakeImage).path?.endsWith(path.join('tray', '22', 'idle-dark.png')), { message: 'tray idle icon (Linux, 22 px, dark panel)' });

  // Closing the window hides it to the tray; a deep link from a second launch brings it back on that incident.
  assert.equal(win.userClose(), false, 'close is turned into hide');
  assert.equal(win.visible, false);
  fake.app.emit('second-instance', {}, ['/usr/bin/klaxon', `klaxon://incident/${incident.id}`], repoRoot);
  assert.equal(win.visible, true);
  assert.deepEqual(win.webContents.sent.filter((m) => m.channel === IPC_CHANNELS.navigate).map((m) => m.payload), [{ incidentId: incident.id }]);
  fake.app.emit('second-instance', {}, ['/usr/bin/klaxon', 'klaxon://incident/../../etc'], repoRoot);
  assert.equal(win.webContents.sent.filter((m) => m.channel === IPC_CHANNELS.navigate).length, 1, 'a malformed link navigates nowhere');

  // Quit from the tray: the database closes and the runtime file goes before the process may end.
  tray.item('quit')?.click?.();
  await pollUntil(() => fake.app.exited, { message: 'the app quit after shutting Klaxon down', timeoutMs: 30_000 });
  assert.equal(existsSync(path.join(dataDir, 'runtime.json')), false);
  assert.equal(tray.destroyed, true);
  assert.equal(fake.ipcMain.handlers.size, 0);
  assert.equal(win.userClose(), true, 'while quitting, close really closes');
  const after = await fetch(`${runtime.baseUrl}/healthz`).then(() => 'answered', () => 'refused');
  assert.equal(after, 'refused', 'the receiver stopped listening');
});
