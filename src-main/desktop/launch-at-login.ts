// Optional launch at login. The user's choice is kept in a small preferences file (electron-store) and applied
// to the OS at every start, so reinstalling or moving the app re-registers the right path.

export interface PreferencesStore {
  get(key: 'launchAtLogin'): boolean | undefined;
  set(key: 'launchAtLogin', value: boolean): void;
}

/** The parts of Electron's `app` that manage login items. */
export interface LoginItems {
  setLoginItemSettings(settings: { openAtLogin: boolean; args?: string[] }): void;
}

/** Started by the OS at login: open to the tray only, no window. */
export const HIDDEN_FLAG = '--hidden';

export interface LaunchAtLogin {
  get(): boolean;
  set(enabled: boolean): void;
}

export function createLaunchAtLogin(store: PreferencesStore, app: LoginItems): LaunchAtLogin {
  const apply = (enabled: boolean) => app.setLoginItemSettings({ openAtLogin: enabled, args: enabled ? [HIDDEN_FLAG] : [] });
  apply(store.get('launchAtLogin') ?? false);
  return {
    get: () => store.get('launchAtLogin') ?? false,
    set(enabled) {
      store.set('launchAtLogin', enabled);
      apply(enabled);
    },
  };
}
