// A recording stand-in for the parts of Electron's main-process API that src-main/desktop uses, so the built
// dist/desktop/main.cjs can run in plain Node where the Electron binary cannot be installed. It behaves as Electron
// documents where the shell depends on it (ready, quit sequence with preventable will-quit, web-contents-created
// for each window, protocol handlers as Request → Response) and records everything else for the test to read.
import { EventEmitter } from 'node:events';
import Module from 'node:module';

export interface Preventable { defaultPrevented: boolean; preventDefault(): void }
const preventable = (): Preventable => {
  const e = { defaultPrevented: false, preventDefault() { e.defaultPrevented = true; } };
  return e;
};

export class FakeWebContents extends EventEmitter {
  readonly mainFrame = { url: '', processId: 7, routingId: 1 };
  readonly sent: { channel: string; payload: unknown }[] = [];
  windowOpenHandler: ((details: { url: string }) => { action: string }) | null = null;
  destroyed = false;
  send(channel: string, payload: unknown) { this.sent.push({ channel, payload }); }
  isDestroyed() { return this.destroyed; }
  isLoading() { return false; }
  setWindowOpenHandler(h: (details: { url: string }) => { action: string }) { this.windowOpenHandler = h; }
  /** Emits a preventable event as Electron does and tells whether a listener prevented it. */
  emitPreventable(event: string, ...args: unknown[]): boolean {
    const e = preventable();
    this.emit(event, e, ...args);
    return e.defaultPrevented;
  }
}

export class FakeBrowserWindow extends EventEmitter {
  static all: FakeBrowserWindow[] = [];
  readonly options: Record<string, unknown> & { webPreferences?: Record<string, unknown> };
  readonly webContents = new FakeWebContents();
  loadedUrl: string | null = null;
  visible = false;
  focused = false;
  menuRemoved = false;
  destroyed = false;
  constructor(options: Record<string, unknown>) {
    super();
    this.options = options;
    FakeBrowserWindow.all.push(this);
    fake.app.emit('web-contents-created', preventable(), this.webContents);
  }
  async loadURL(url: string) {
    this.loadedUrl = url;
    this.webContents.mainFrame.url = url;
    setImmediate(() => this.emit('ready-to-show'));
  }
  show() { this.visible = true; }
  hide() { this.visible = false; }
  focus() { this.focused = true; }
  isMinimized() { return false; }
  restore() {}
  removeMenu() { this.menuRemoved = true; }
  isDestroyed() { return this.destroyed; }
  /** The user clicks the window's close button. Returns whether the close went through. */
  userClose(): boolean {
    const e = preventable();
    this.emit('close', e);
    if (!e.defaultPrevented) { this.destroyed = true; this.visible = false; }
    return !e.defaultPrevented;
  }
}

export class FakeImage {
  readonly path: string | null;
  readonly representations: { scaleFactor: number; width: number; height: number; buffer: Buffer }[] = [];
  template = false;
  constructor(path: string | null) { this.path = path; }
  addRepresentation(r: { scaleFactor: number; width: number; height: number; buffer: Buffer }) { this.representations.push(r); }
  setTemplateImage(v: boolean) { this.template = v; }
}

export interface MenuItem { id?: string; label?: string; type?: string; enabled?: boolean; checked?: boolean; click?: () => void; submenu?: MenuItem[] }

export class FakeTray extends EventEmitter {
  static all: FakeTray[] = [];
  image: FakeImage;
  toolTip = '';
  title = '';
  menu: MenuItem[] = [];
  destroyed = false;
  constructor(image: FakeImage) {
    super();
    this.image = image;
    FakeTray.all.push(this);
  }
  setImage(image: FakeImage) { this.image = image; }
  setToolTip(t: string) { this.toolTip = t; }
  setTitle(t: string) { this.title = t; }
  setContextMenu(menu: MenuItem[]) { this.menu = menu; }
  destroy() { this.destroyed = true; }
  item(id: string): MenuItem | undefined {
    return this.menu.flatMap((i) => [i, ...(i.submenu ?? [])]).find((i) => i.id === id);
  }
}

type Handler = (event: { senderFrame: unknown }, ...args: unknown[]) => unknown;

class FakeApp extends EventEmitter {
  readonly calls: string[] = [];
  readonly loginItemSettings: unknown[] = [];
  name = 'klaxon';
  exited = false;
  private readyResolve!: () => void;
  private readonly ready = new Promise<void>((r) => { this.readyResolve = r; });
  private quitRequested = false;
  appPath = process.cwd();
  userData = '';
  setName(n: string) { this.name = n; }
  getName() { return this.name; }
  setAppUserModelId(id: string) { this.calls.push(`setAppUserModelId:${id}`); }
  getAppPath() { return this.appPath; }
  getPath(name: string) {
    if (name === 'userData') return this.userData;
    throw new Error(`fake app.getPath(${name}) not supported`);
  }
  requestSingleInstanceLock() { this.calls.push('requestSingleInstanceLock'); return true; }
  enableSandbox() { this.calls.push('enableSandbox'); }
  whenReady() { return this.ready; }
  /** Fires `ready` (the test decides when, after checking what had to happen before it). */
  becomeReady() { this.calls.push('ready'); this.emit('ready'); this.readyResolve(); }
  setAsDefaultProtocolClient(scheme: string) { this.calls.push(`setAsDefaultProtocolClient:${scheme}`); return true; }
  getLoginItemSettings() { return { wasOpenedAtLogin: false, openAtLogin: false }; }
  setLoginItemSettings(s: unknown) { this.loginItemSettings.push(s); }
  /** Electron's quit: before-quit, then a preventable will-quit, then quit. */
  quit() {
    this.calls.push('quit');
    if (!this.quitRequested) {
      this.quitRequested = true;
      this.emit('before-quit', preventable());
    }
    const e = preventable();
    this.emit('will-quit', e);
    if (e.defaultPrevented) { this.quitRequested = false; return; }
    this.exited = true;
    this.emit('quit');
  }
}

export const fake = {
  app: new FakeApp(),
  BrowserWindow: FakeBrowserWindow,
  Tray: FakeTray,
  Menu: { buildFromTemplate: (items: MenuItem[]) => items, setApplicationMenu() {} },
  nativeImage: {
    createFromPath: (p: string) => new FakeImage(p),
    createEmpty: () => new FakeImage(null),
  },
  nativeTheme: Object.assign(new EventEmitter(), { shouldUseDarkColors: true }),
  Notification: Object.assign(class { constructor() { throw new Error('no notifications in the fake'); } }, { isSupported: () => false }),
  ipcMain: {
    handlers: new Map<string, Handler>(),
    handle(channel: string, h: Handler) {
      if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
      this.handlers.set(channel, h);
    },
    removeHandler(channel: string) { this.handlers.delete(channel); },
  },
  protocol: {
    privileged: [] as { scheme: string; privileges: Record<string, boolean> }[],
    privilegedBeforeReady: false,
    handlers: new Map<string, (req: Request) => Promise<Response>>(),
    registerSchemesAsPrivileged(schemes: { scheme: string; privileges: Record<string, boolean> }[]) {
      this.privileged.push(...schemes);
      this.privilegedBeforeReady = !fake.app.calls.includes('ready');
    },
    handle(scheme: string, h: (req: Request) => Promise<Response>) { this.handlers.set(scheme, h); },
  },
  session: {
    defaultSession: {
      permissionRequestHandler: null as null | ((wc: unknown, permission: string, cb: (granted: boolean) => void) => void),
      permissionCheckHandler: null as null | ((wc: unknown, permission: string) => boolean),
      setPermissionRequestHandler(h: (wc: unknown, permission: string, cb: (granted: boolean) => void) => void) { this.permissionRequestHandler = h; },
      setPermissionCheckHandler(h: (wc: unknown, permission: string) => boolean) { this.permissionCheckHandler = h; },
    },
  },
  shell: {
    opened: [] as string[],
    async openExternal(url: string) { this.opened.push(url); },
  },
  dialog: {
    errors: [] as string[],
    showErrorBox(title: string, content: string) { this.errors.push(`${title}: ${content}`); },
  },
};

/** Makes `require('electron')` answer with the fake, for everything loaded after this call. */
export function installFakeElectron(): void {
  const mod = Module as unknown as { _load(request: string, parent: unknown, isMain: boolean): unknown };
  const original = mod._load;
  mod._load = function load(request, parent, isMain) {
    if (request === 'electron') return fake;
    return original.call(this, request, parent, isMain);
  };
}
