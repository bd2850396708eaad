// The one window: locked down (sandboxed renderer, isolated preload, no Node), loaded from the app's own files
// through `klaxon-app://`, and hidden to the tray on close — only Quit (tray menu, app menu) really ends the app.
import type { BrowserWindow as BrowserWindowType, BrowserWindowConstructorOptions } from 'electron';
import { APP_ENTRY_URL } from './app-protocol.ts';

export interface MainWindowOptions {
  BrowserWindow: new (options: BrowserWindowConstructorOptions) => BrowserWindowType;
  preloadPath: string;
  /** Linux shows it in the task switcher; macOS and Windows take the bundle's icon. */
  iconPath?: string;
  dark: boolean;
  /** True once the user chose Quit: then close really closes. */
  isQuitting: () => boolean;
  /** Started at login: stay in the tray. */
  startHidden: boolean;
}

export function createMainWindow(opts: MainWindowOptions): BrowserWindowType {
  const win = new opts.BrowserWindow({
    title: 'Klaxon',
    width: 1180,
    height: 760,
    minWidth: 640,
    minHeight: 420,
    show: false,
    backgroundColor: opts.dark ? '#15171c' : '#ffffff',
    autoHideMenuBar: true,
    ...(opts.iconPath ? { icon: opts.iconPath } : {}),
    webPreferences: {
      preload: opts.preloadPath,
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: false,
    },
  });
  hideOnClose(win, opts.isQuitting);
  if (!opts.startHidden) win.once('ready-to-show', () => win.show());
  void win.loadURL(APP_ENTRY_URL);
  return win;
}

/** Closing the window keeps Klaxon paging from the tray; the close goes through only while quitting. */
export function hideOnClose(
  win: { on(event: 'close', listener: (event: { preventDefault(): void }) => void): unknown; hide(): void },
  isQuitting: () => boolean,
): void {
  win.on('close', (event) => {
    if (isQuitting()) return;
    event.preventDefault();
    win.hide();
  });
}

/** Brings the window to the front (tray click, second launch, notification click, deep link). */
export function revealWindow(win: BrowserWindowType): void {
  if (win.isMinimized()) win.restore();
  win.show();
  win.focus();
}
