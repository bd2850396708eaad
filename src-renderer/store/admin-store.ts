// The host's configuration as the window shows it: services (with routing keys), API keys, this device's settings,
// what the host says about itself (its port, for the empty state's curl) and the maintenance windows that are on or
// coming. Reloaded when a change says so.
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { ChangeNotice, KlaxonApi } from '../../src-shared/api.ts';
import type { Service, ApiKeyInfo } from '../../src-shared/schemas/admin.ts';
import type { Settings, HostInfo } from '../../src-shared/schemas/settings.ts';
import type { Maintenance } from '../../src-shared/schemas/maintenance.ts';
import { describeError } from '../bridge/bridge-error.ts';

type Loadable = 'services' | 'keys' | 'settings' | 'host' | 'maintenance';

export interface AdminState {
  services: readonly Service[] | null;
  keys: readonly ApiKeyInfo[] | null;
  settings: Settings | null;
  host: HostInfo | null;
  /** Scheduled and in-progress windows as the host last listed them, soonest first (the clock says which is which). */
  maintenance: readonly Maintenance[] | null;
  /** Keys and services need the admin scope over some bridges; a refusal is shown where they would be. */
  loadErrors: Partial<Record<Loadable, string>>;
}

export interface AdminActions {
  loadAll(): Promise<void>;
  loadServices(): Promise<void>;
  loadKeys(): Promise<void>;
  loadSettings(): Promise<void>;
  loadHost(): Promise<void>;
  loadMaintenance(): Promise<void>;
  /** A window as a command answered it (scheduled, cancelled): shown at once, before the change feed's reload. */
  putMaintenance(window: Maintenance): void;
  applyChange(notice: ChangeNotice): void;
}

export type AdminStore = StoreApi<AdminState & AdminActions>;

const bySchedule = (a: Maintenance, b: Maintenance) =>
  a.scheduledStart < b.scheduledStart ? -1 : a.scheduledStart > b.scheduledStart ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;

export function createAdminStore(api: KlaxonApi): AdminStore {
  return createStore<AdminState & AdminActions>()((set, get) => {
    const latestRun: Partial<Record<Loadable, number>> = {};
    const loader = <K extends Loadable>(key: K, fetch: () => Promise<AdminState[K]>) => async () => {
      // Two reloads can cross (two changes in quick succession): only the last one started may write.
      const run = (latestRun[key] ?? 0) + 1;
      latestRun[key] = run;
      try {
        const value = await fetch();
        if (latestRun[key] !== run) return;
        const { [key]: _dropped, ...rest } = get().loadErrors;
        set({ [key]: value, loadErrors: rest } as Partial<AdminState>);
      } catch (err) {
        if (latestRun[key] !== run) return;
        set({ loadErrors: { ...get().loadErrors, [key]: describeError(err) } });
      }
    };
    return {
      services: null,
      keys: null,
      settings: null,
      host: null,
      maintenance: null,
      loadErrors: {},
      loadServices: loader('services', () => api.send('services.list')),
      loadKeys: loader('keys', () => api.send('keys.list')),
      loadSettings: loader('settings', () => api.send('settings.get')),
      loadHost: loader('host', () => api.send('host.info')),
      loadMaintenance: loader('maintenance', () => api.send('maintenance.list', {})),
      async loadAll() {
        const s = get();
        await Promise.all([s.loadServices(), s.loadKeys(), s.loadSettings(), s.loadHost(), s.loadMaintenance()]);
      },
      putMaintenance(window) {
        const others = (get().maintenance ?? []).filter((m) => m.id !== window.id);
        set({ maintenance: [...others, window].sort(bySchedule) });
      },
      applyChange(notice) {
        const s = get();
        if (notice.services) void s.loadServices();
        if (notice.keys) void s.loadKeys();
        if (notice.settings) { void s.loadSettings(); void s.loadHost(); }
        // Windows carry their services' names; a resync (the stream reconnected) may have missed a window changing.
        if (notice.maintenance || notice.services || notice.resync) void s.loadMaintenance();
      },
    };
  });
}
