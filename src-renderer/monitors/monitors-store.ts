// What the Monitors page shows: every monitor, the services they belong to, the team's devices (to name each
// monitor's runner and to pick one), whether this window may change monitors, and each monitor's results over the
// last 90 days (raw checks of the last day where this device runs it, the rollups otherwise). Loaded on open, again
// when the change feed says monitors, services or the roster changed, and every minute (checks are no ops: a runner's
// verdict and response times reach no feed). Reloads never overlap; a burst of notices costs one more.
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { ChangeNotice, KlaxonApi } from '../../src-shared/api.ts';
import type { Monitor, MonitorResultsResponse } from '../../src-shared/schemas/monitors.ts';
import type { Service } from '../../src-shared/schemas/admin.ts';
import type { TeamStatus } from '../../src-shared/schemas/team.ts';
import { describeError } from '../bridge/bridge-error.ts';

export const RELOAD_EVERY_MS = 60_000;
const DAY_MS = 86_400_000;
/** The bars' span. */
export const BAR_DAYS = 90;

/** A device a monitor can run on; `name` is empty for this device before it has one (in no team). */
export interface DeviceChoice { id: string; name: string; self: boolean }

/** "Laptop (this device)", "NAS", or "this device" when it has no name. */
export const deviceLabel = (d: DeviceChoice): string => (d.self ? (d.name ? `${d.name} (this device)` : 'this device') : d.name);

export interface MonitorsState {
  monitors: readonly Monitor[] | null;
  services: readonly Service[] | null;
  devices: readonly DeviceChoice[];
  /** This device's id (the default runner). */
  selfDeviceId: string | null;
  /** Creating, changing, pausing and deleting monitors: an admin device (or one in no team) over an admin bridge. */
  canEdit: boolean;
  results: Readonly<Record<string, MonitorResultsResponse>>;
  /** When the results were asked for (the bars end on that day). */
  loadedAt: number;
  error: string | null;
}

export interface MonitorsActions {
  reload(): Promise<void>;
  applyChange(notice: ChangeNotice): void;
  start(): () => void;
}

export type MonitorsStore = StoreApi<MonitorsState & MonitorsActions>;

function devicesOf(team: TeamStatus | null): DeviceChoice[] {
  if (!team) return [];
  const live = team.devices.filter((d) => !d.revoked).map((d) => ({ id: d.deviceId, name: d.name, self: d.self }));
  if (!live.some((d) => d.self)) live.unshift({ id: team.self.deviceId, name: team.self.name ?? '', self: true });
  return live;
}

export function createMonitorsStore(api: KlaxonApi, clock: () => number = Date.now): MonitorsStore {
  let running: Promise<void> | null = null;
  let again = false;
  const load = async (set: MonitorsStore['setState']) => {
    try {
      const now = clock();
      // Services and the team are optional: a browser session without the admin scope still sees the monitors.
      const [monitors, services, team] = await Promise.all([
        api.send('monitors.list'),
        api.send('services.list').catch(() => null),
        api.send('team.status').catch(() => null),
      ]);
      const from = new Date(now - (BAR_DAYS - 1) * DAY_MS);
      from.setUTCHours(0, 0, 0, 0);
      const answers = await Promise.all(monitors.map((m) => api.send('monitors.results', { id: m.id, from: from.toISOString(), to: new Date(now + 1).toISOString() })
        .catch(() => null)));
      const results: Record<string, MonitorResultsResponse> = {};
      answers.forEach((r, i) => { if (r) results[monitors[i]!.id] = r; });
      const admin = team === null || team.team === null || team.self.role === 'admin';
      set({
        monitors, services, devices: devicesOf(team), selfDeviceId: team?.self.deviceId ?? null,
        canEdit: services !== null && admin, results, loadedAt: now, error: null,
      });
    } catch (err) {
      set({ error: describeError(err) });
    }
  };
  return createStore<MonitorsState & MonitorsActions>()((set, get) => ({
    monitors: null, services: null, devices: [], selfDeviceId: null, canEdit: false, results: {}, loadedAt: clock(), error: null,
    reload() {
      if (running) { again = true; return running; }
      running = (async () => {
        do { again = false; await load(set); } while (again);
      })().finally(() => { running = null; });
      return running;
    },
    applyChange(notice) {
      if (notice.monitors || notice.services || notice.roster || notice.resync) void get().reload();
    },
    start() {
      const unsubscribe = api.subscribe((n) => get().applyChange(n));
      void get().reload();
      const timer = setInterval(() => void get().reload(), RELOAD_EVERY_MS);
      return () => { unsubscribe(); clearInterval(timer); };
    },
  }));
}
