// The host's configuration as the window shows it: services (with routing keys), API keys, this device's settings
// and what the host says about itself (its port, for the empty state's curl). Reloaded when a change says so.
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { ChangeNotice, KlaxonApi } from '../../src-shared/api.ts';
import type { Service, ApiKeyInfo } from '../../src-shared/schemas/admin.ts';
import type { Settings, HostInfo } from '../../src-shared/schemas/settings.ts';
import { describeError } from '../bridge/bridge-error.ts';

export interface AdminState {
  services: readonly Service[] | null;
  keys: readonly ApiKeyInfo[] | null;
  settings: Settings | null;
  host: HostInfo | null;
  /** Keys and services need the admin scope over some bridges; a refusal is shown where they would be. */
  loadErrors: Partial<Record<'services' | 'keys' | 'settings' | 'host', string>>;
}

export interface AdminActions {
  loadAll(): Promise<void>;
  loadServices(): Promise<void>;
  loadKeys(): Promise<void>;
  loadSettings(): Promise<void>;
  loadHost(): Promise<void>;
  applyChange(notice: ChangeNotice): void;
}

export type AdminStore = StoreApi<AdminState & AdminActions>;

export function createAdminStore(api: KlaxonApi): AdminStore {
  return createStore<AdminState & AdminActions>()((set, get) => {
    const loader = <K extends 'services' | 'keys' | 'settings' | 'host'>(key: K, fetch: () => Promise<AdminState[K]>) => async () => {
      try {
        const value = await fetch();
        const { [key]: _dropped, ...rest } = get().loadErrors;
        set({ [key]: value, loadErrors: rest } as Partial<AdminState>);
      } catch (err) {
        set({ loadErrors: { ...get().loadErrors, [key]: describeError(err) } });
      }
    };
    return {
      services: null,
      keys: null,
      settings: null,
      host: null,
      loadErrors: {},
      loadServices: loader('services', () => api.send('services.list')),
      loadKeys: loader('keys', () => api.send('keys.list')),
      loadSettings: loader('settings', () => api.send('settings.get')),
      loadHost: loader('host', () => api.send('host.info')),
      async loadAll() {
        const s = get();
        await Promise.all([s.loadServices(), s.loadKeys(), s.loadSettings(), s.loadHost()]);
      },
      applyChange(notice) {
        const s = get();
        if (notice.services) void s.loadServices();
        if (notice.keys) void s.loadKeys();
        if (notice.settings) { void s.loadSettings(); void s.loadHost(); }
      },
    };
  });
}
