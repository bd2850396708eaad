// What the Monitors page shows: every monitor, the services they belong to, the team's devices (to name each
// monitor's runner and to pick one), whether this window may change monitors, and each monitor's results over the
// last 90 days (raw checks of the last day where this device runs it, the rollups otherwise). Loaded on open and
// again when the change feed says monitors, services or the roster changed. Checks are no ops (a runner's verdict and
// response times reach no feed), so the states are asked again every 30 s (one small call) and the results every
// 5 minutes (a day of raw checks is most of the page's data). Reloads never overlap; a burst of notices costs one more.
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { ChangeNotice, KlaxonApi } from '../../src-shared/api.ts';
import type { Monitor, MonitorResultsResponse } from '../../src-shared/schemas/monitors.ts';
import type { Service } from '../../src-shared/schemas/admin.ts';
import type { TeamStatus } from '../../src-shared/schemas/team.ts';
import { describeError } from '../bridge/bridge-error.ts';

export const STATES_EVERY_MS = 30_000;
export const RESULTS_EVERY_MS = 5 * 60_000;
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
  /** The monitors and their states only (a monitor added or removed meanwhile: everything). */
  refreshStates(): Promise<void>;
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
      const to = new Date(now + 1).toISOString();
      // Two asks a monitor: the last day in full (sparkline, 24 h uptime) and 90 days of daily rollups only (the bars):
      // 90 days of hourly rollups would be most of the answer and shown nowhere.
      const answers = await Promise.all(monitors.map((m) => Promise.all([
        api.send('monitors.results', { id: m.id, from: new Date(now - DAY_MS - 3_600_000).toISOString(), to, only: ['results', 'hourly'] }),
        api.send('monitors.results', { id: m.id, from: from.toISOString(), to, only: ['daily'] }),
      ]).then(([day, bars]) => ({ ...day, from: bars.from, daily: bars.daily })).catch(() => null)));
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
    async refreshStates() {
      if (running) return;
      try {
        const monitors = await api.send('monitors.list');
        const known = get().results;
        const same = get().monitors?.length === monitors.length && monitors.every((m) => get().monitors!.some((x) => x.id === m.id));
        if (!same || monitors.some((m) => !(m.id in known))) return get().reload();
        set({ monitors, error: null });
      } catch (err) {
        set({ error: describeError(err) });
      }
    },
    applyChange(notice) {
      if (notice.monitors || notice.services || notice.roster || notice.resync) void get().reload();
    },
    start() {
      const unsubscribe = api.subscribe((n) => get().applyChange(n));
      void get().reload();
      const states = setInterval(() => void get().refreshStates(), STATES_EVERY_MS);
      const results = setInterval(() => void get().reload(), RESULTS_EVERY_MS);
      return () => { unsubscribe(); clearInterval(states); clearInterval(results); };
    },
  }));
}
