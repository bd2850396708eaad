// Klaxon's Electron main process — thin: it starts the same app as `klaxon serve` (createKlaxon) and gives it a
// window, a tray, OS notifications and deep links. Every decision lives in a module that is tested without
// Electron (ipc, tray, security, app-protocol, deep-link, electron-notifier, launch-at-login); this file wires them.
import {
  app, BrowserWindow, Menu, Notification, Tray, dialog, ipcMain, nativeImage, nativeTheme, protocol, session, shell,
} from 'electron';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { createKlaxon, type Klaxon } from '../app.ts';
import { selectNotifier } from '../pager/select-notifier.ts';
import type { Notifier } from '../pager/notifier.ts';
import { stderrLogger } from '../log.ts';
import { findRunningHost, removeRuntimeInfo, writeRuntimeInfo } from '../runtime-file.ts';
import { IPC_CHANNELS, type NavigateRequest } from '../../src-shared/api.ts';
import { APP_ORIGIN, APP_SCHEME, APP_SCHEME_PRIVILEGES, createAppProtocolHandler } from './app-protocol.ts';
import { createIpcManager, type IpcManager } from './ipc.ts';
import { createTrayService, type TrayService } from './tray.ts';
import { electronTrayFactory } from './electron-tray.ts';
import { createElectronNotifier } from './electron-notifier.ts';
import { guardWebContents, denyAllPermissions } from './security.ts';
import { DEEP_LINK_SCHEME, findDeepLink, parseDeepLink } from './deep-link.ts';
import { createLaunchAtLogin, HIDDEN_FLAG, type LaunchAtLogin, type PreferencesStore } from './launch-at-login.ts';
import { createMainWindow, revealWindow } from './main-window.ts';

const APP_ID = 'dev.klaxon.desktop';
const log = stderrLogger('klaxon-desktop');

// Same folder as `klaxon serve`'s default (src-main/data-dir.ts), in development and when packaged alike.
app.setName('Klaxon');
if (process.platform === 'win32') app.setAppUserModelId(APP_ID);

interface Running {
  klaxon: Klaxon;
  dataDir: string;
  notifier: Notifier;
  ipc: IpcManager;
  tray: TrayService;
}

let win: BrowserWindow | null = null;
let running: Running | null = null;
let quitting = false;
/** A deep link that arrived before the window existed (macOS delivers the launching link before `ready`). */
let pendingLink: NavigateRequest | null = findDeepLink(process.argv);

function showWindow(): void {
  if (win && !win.isDestroyed()) revealWindow(win);
}

function openIncident(to: NavigateRequest): void {
  if (!win || win.isDestroyed()) {
    pendingLink = to;
    return;
  }
  revealWindow(win);
  const send = () => win?.webContents.send(IPC_CHANNELS.navigate, to);
  if (win.webContents.isLoading()) win.webContents.once('did-finish-load', send);
  else send();
}

function quit(): void {
  quitting = true;
  app.quit();
}

/** The desktop picks its notifier: Electron's own on macOS/Windows; on Linux the D-Bus one, which has action buttons. */
async function desktopNotifier(): Promise<Notifier> {
  if (process.platform !== 'linux' && Notification.isSupported()) {
    return createElectronNotifier({
      createNotification: (options) => new Notification(options),
      platform: process.platform,
      onFailure: (id, error) => log.warn(`notification for ${id} failed: ${error}`),
    });
  }
  return selectNotifier({ log });
}

async function preferences(): Promise<PreferencesStore> {
  // electron-store is ESM-only; the main bundle is CommonJS, so it comes in through import().
  const { default: Store } = await import('electron-store');
  // 0600 like every file Klaxon writes (conf's default is 0666 less the umask).
  return new Store<{ launchAtLogin: boolean }>({ name: 'desktop-preferences', defaults: { launchAtLogin: false }, configFileMode: 0o600 });
}

function registerDeepLinks(): void {
  // The test runner sets KLAXON_TEST; a test must not re-register the OS's klaxon:// handler.
  if (process.env.KLAXON_TEST === '1') return;
  if (process.defaultApp && process.argv[1]) {
    app.setAsDefaultProtocolClient(DEEP_LINK_SCHEME, process.execPath, [path.resolve(process.argv[1])]);
  } else {
    app.setAsDefaultProtocolClient(DEEP_LINK_SCHEME);
  }
}

async function start(): Promise<void> {
  const appDir = app.getAppPath();
  const rendererDir = path.join(appDir, 'dist', 'renderer');
  const resourcesDir = path.join(appDir, 'resources');
  const dataDir = process.env.KLAXON_DATA_DIR || app.getPath('userData');

  denyAllPermissions(session.defaultSession, log);
  protocol.handle(APP_SCHEME, createAppProtocolHandler(rendererDir));
  if (!existsSync(path.join(rendererDir, 'index.html'))) {
    log.warn(`the window is not built (${rendererDir} has no index.html): run \`npm run build\``);
  }

  // One process owns a data dir: a `klaxon serve` already running on it would fight this one over the database.
  const other = await findRunningHost(dataDir);
  if (other && other.pid !== process.pid) {
    dialog.showErrorBox('Klaxon is already running',
      `\`klaxon serve\` (process ${other.pid}) is using ${dataDir} at ${other.baseUrl}.\n\nStop it first, or open it in a browser with \`klaxon open\`.`);
    quit();
    return;
  }

  const notifier = await desktopNotifier();
  const klaxon = await createKlaxon({
    dataDir, notifier, rendererDir, bridge: 'electron', log,
    host: process.env.KLAXON_HOST || undefined,
    port: process.env.KLAXON_PORT ? Number(process.env.KLAXON_PORT) : undefined,
  });
  // A first run gets a service, so the window's empty state can show a real routing key to send events to.
  if (klaxon.engine.listServices().length === 0) await klaxon.engine.createService({ name: 'Default service' });
  writeRuntimeInfo(dataDir, { pid: process.pid, baseUrl: klaxon.baseUrl, startedAt: new Date().toISOString() });
  log.info(`receiver listening on ${klaxon.baseUrl} (data: ${dataDir}, notifier: ${notifier.name})`);

  notifier.onAction((incidentId, action) => {
    if (action !== 'open') return;
    // The "N more incidents triggered" bubble stands for the queue, not for one incident.
    // The "N more incidents triggered" bubble stands for the queue, and a shift reminder for no incident at all.
    if (incidentId.startsWith('inc_')) openIncident({ incidentId });
    else showWindow();
  });

  const startHidden = process.argv.includes(HIDDEN_FLAG)
    || (process.platform === 'darwin' && app.getLoginItemSettings().wasOpenedAtLogin);
  win = createMainWindow({
    BrowserWindow,
    preloadPath: path.join(appDir, 'dist', 'desktop', 'preload.cjs'),
    iconPath: process.platform === 'linux' ? path.join(resourcesDir, 'icons', '512x512.png') : undefined,
    dark: nativeTheme.shouldUseDarkColors,
    isQuitting: () => quitting,
    startHidden,
  });
  if (process.platform !== 'darwin') win.removeMenu();

  const ipc = createIpcManager({
    ipcMain, window: () => win, appOrigin: APP_ORIGIN, handlers: klaxon.handlers, engine: klaxon.engine, log,
  });

  let launchAtLogin: LaunchAtLogin | undefined;
  // Login items exist on macOS and Windows only (Electron has no API for Linux autostart).
  if (process.platform === 'darwin' || process.platform === 'win32') launchAtLogin = createLaunchAtLogin(await preferences(), app);

  const makeTray = electronTrayFactory({ Tray, Menu, nativeImage, nativeTheme, platform: process.platform, resourcesDir });
  const tray = createTrayService({
    createTray: (initial, onClick) => {
      const handle = makeTray(initial, onClick);
      exposeForSmokeTest({ tray: handle.native, dataDir, baseUrl: klaxon.baseUrl });
      return handle;
    },
    handlers: klaxon.handlers,
    engine: klaxon.engine,
    clock: klaxon.engine.clock,
    log,
    openWindow: showWindow,
    openIncident: (incidentId) => openIncident({ incidentId }),
    quit,
    launchAtLogin,
  });

  running = { klaxon, dataDir, notifier, ipc, tray };
  registerDeepLinks();
  if (pendingLink) {
    const link = pendingLink;
    pendingLink = null;
    openIncident(link);
  }
}

/**
 * The Playwright `_electron` smoke test reads the tray and the receiver's address from the main process. Only
 * under the test runner (KLAXON_TEST=1), and read-only.
 */
function exposeForSmokeTest(state: { tray: Tray; dataDir: string; baseUrl: string }): void {
  if (process.env.KLAXON_TEST === '1') Object.assign(globalThis, { klaxonSmokeTest: state });
}

async function shutdown(): Promise<void> {
  const r = running;
  running = null;
  if (!r) return;
  r.tray.close();
  r.ipc.dispose();
  await r.klaxon.close();
  removeRuntimeInfo(r.dataDir);
}

function main(): void {
  if (!app.requestSingleInstanceLock()) {
    // Another Klaxon runs: it gets our argv (and any deep link) through `second-instance` and shows itself.
    app.quit();
    return;
  }

  // Before `ready`: the app's scheme must be privileged, and every renderer sandboxed.
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: APP_SCHEME_PRIVILEGES }]);
  app.enableSandbox();

  app.on('web-contents-created', (_event, contents) => {
    guardWebContents(contents, { openExternal: (url) => shell.openExternal(url), log });
  });
  app.on('second-instance', (_event, argv) => {
    const link = findDeepLink(argv);
    if (link) openIncident(link);
    else showWindow();
  });
  // macOS delivers deep links as open-url, possibly before `ready`.
  app.on('open-url', (event, url) => {
    event.preventDefault();
    const link = parseDeepLink(url);
    if (link) openIncident(link);
  });
  app.on('activate', showWindow);
  // A tray app keeps running with no window open.
  app.on('window-all-closed', () => {});
  app.on('before-quit', () => { quitting = true; });

  let shutDown = false;
  app.on('will-quit', (event) => {
    if (shutDown) return;
    // Let in-flight commands commit and the database close before the process ends.
    event.preventDefault();
    shutdown()
      .catch((err: unknown) => log.error(`shutdown: ${err instanceof Error ? err.message : String(err)}`))
      .finally(() => {
        shutDown = true;
        app.quit();
      });
  });

  app.whenReady().then(start).catch((err: unknown) => {
    const message = err instanceof Error ? (err.stack ?? err.message) : String(err);
    log.error(`could not start: ${message}`);
    dialog.showErrorBox('Klaxon could not start', message);
    quit();
  });
}

main();
