// The window's security rules, in one place: what may open outside the app, where a page may navigate (nowhere),
// and which permissions a page gets (none). Written over small interfaces so the rules are tested in Node.

/** An http(s) URL that is safe to hand to the OS browser, or null. Parsed, never matched by prefix. */
export function externalHttpUrl(raw: string): URL | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
  if (!url.hostname || url.username || url.password) return null;
  return url;
}

export interface PreventableEvent {
  preventDefault(): void;
}

/** The parts of Electron's WebContents the guards use. */
export interface GuardedContents {
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void;
  on(event: 'will-navigate', listener: (event: PreventableEvent, url: string) => void): unknown;
  on(event: 'will-redirect', listener: (event: PreventableEvent, url: string) => void): unknown;
  on(event: 'will-attach-webview', listener: (event: PreventableEvent) => void): unknown;
}

export interface GuardOptions {
  /** Electron's shell.openExternal. */
  openExternal(url: string): Promise<void>;
  log: { warn(msg: string): void };
}

/**
 * No new windows: an http(s) link the page tries to open goes to the OS browser, anything else is dropped.
 * No navigation: the window is a single-page app and never leaves its own page (in-page routing does not fire
 * will-navigate). No webviews.
 */
export function guardWebContents(contents: GuardedContents, opts: GuardOptions): void {
  contents.setWindowOpenHandler(({ url }) => {
    const external = externalHttpUrl(url);
    if (external) {
      opts.openExternal(external.href).catch((err: unknown) => opts.log.warn(`could not open ${external.href}: ${String(err)}`));
    } else {
      opts.log.warn(`blocked a window.open to ${url.slice(0, 200)}`);
    }
    return { action: 'deny' };
  });
  const block = (what: string) => (event: PreventableEvent, url: string) => {
    event.preventDefault();
    opts.log.warn(`blocked ${what} to ${String(url).slice(0, 200)}`);
  };
  contents.on('will-navigate', block('navigation'));
  contents.on('will-redirect', block('redirect'));
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
    opts.log.warn('blocked a <webview>');
  });
}

/** The parts of Electron's Session the permission rules set. */
export interface PermissionSession {
  setPermissionRequestHandler(handler: (contents: unknown, permission: string, callback: (granted: boolean) => void) => void): void;
  setPermissionCheckHandler(handler: (contents: unknown, permission: string) => boolean): void;
}

/** The window needs no permission at all (notifications come from the main process), so every request is refused. */
export function denyAllPermissions(session: PermissionSession, log: { warn(msg: string): void }): void {
  session.setPermissionRequestHandler((_contents, permission, callback) => {
    log.warn(`denied a permission request: ${permission}`);
    callback(false);
  });
  session.setPermissionCheckHandler(() => false);
}
