// A team's monitors as the Monitors page's tests serve them over a fake bridge: seven monitors in every state, a
// day of checks and 90 days of rollups for some, the services and the team (an admin device, or a member one).
import type { FakeApi } from './fake-api.ts';
import type { Monitor, MonitorResultsResponse, MonitorRollup, CheckResult } from '../../../src-shared/schemas/monitors.ts';
import type { TeamStatus } from '../../../src-shared/schemas/team.ts';

export const NOW = Date.now();
export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;
export const iso = (ms: number) => new Date(ms).toISOString();
export const dayOf = (ms: number) => iso(ms).slice(0, 10);

export function monitor(over: Partial<Monitor> & { id: string; name: string }, extra: Record<string, unknown> = {}): Monitor {
  const type = over.type ?? 'http';
  const config = type === 'http'
    ? { method: 'GET', url: 'https://shop.example.com/health', headers: {}, body: null, timeoutSeconds: 10, expectedStatus: ['200-299'], keyword: null, keywordAbsent: false, degradedAfterMs: null, certExpiryWarningDays: null, redirectsToOtherHosts: false }
    : type === 'tcp' ? { host: 'db.internal', port: 5432, timeoutSeconds: 10 } : { graceSeconds: 60 };
  return {
    type, serviceId: 'svc_shop', intervalSeconds: 60, runnerDeviceId: 'dev_self', paused: false, createdAt: iso(NOW - 10 * DAY), createdBy: 'usr_a',
    check: { state: 'up', since: iso(NOW - HOUR), lastBeatAt: null, message: null },
    ...over,
    config: { name: over.name, serviceId: over.serviceId ?? 'svc_shop', intervalSeconds: 60, retries: 0, successesBeforeUp: 1, renotifyMinutes: null, type, ...config, ...over.config },
    ...extra,
  } as Monitor;
}

export const check = (state: NonNullable<Monitor['check']>['state']) => ({ state, since: iso(NOW - HOUR), lastBeatAt: null, message: null });
export const rollup = (period: 'hour' | 'day', start: number, uptime: number | null, avgMs: number | null = null): MonitorRollup =>
  ({ period, start: iso(start), checks: uptime === null ? 0 : 100, up: uptime === null ? 0 : Math.round(uptime * 100), degraded: 0, down: uptime === null ? 0 : 100 - Math.round(uptime * 100), noDataSeconds: 0, uptime, avgMs, p95Ms: null });
export const result = (ago: number, outcome: CheckResult['outcome'], responseMs: number | null): CheckResult => ({ at: iso(NOW - ago), outcome, responseMs, message: null });

export interface World { monitors: Monitor[]; results: Record<string, Partial<MonitorResultsResponse>>; team: TeamStatus | null }

export function team(role: 'admin' | 'member'): TeamStatus {
  const device = (id: string, name: string, self: boolean) => ({ deviceId: id, name, userId: 'usr_a', userName: 'Alice', role, self, revoked: false, revokedAt: null, addresses: [], connected: self, lastSeenAt: null, behind: null, lastError: null });
  return {
    team: { id: 'team_1', name: 'Ops' }, self: { deviceId: 'dev_self', name: 'Laptop', role, userId: 'usr_a', userName: 'Alice' },
    devices: [device('dev_self', 'Laptop', true), device('dev_nas', 'NAS', false)], users: [], forks: [], listening: null,
  };
}

export function world(): World {
  const today = Math.floor(NOW / DAY) * DAY;
  return {
    monitors: [
      monitor({ id: 'mon_up', name: 'Shop front' }),
      monitor({ id: 'mon_slow', name: 'Checkout' }),
      monitor({ id: 'mon_pending', name: 'Search', check: check('unknown') }),
      monitor({ id: 'mon_down', name: 'Database', type: 'tcp', serviceId: 'svc_db', check: check('down') }),
      monitor({ id: 'mon_paused', name: 'Old API', paused: true, check: check('paused') }),
      monitor({ id: 'mon_nodata', name: 'Backup', type: 'heartbeat', serviceId: 'svc_db', check: check('no_data'), heartbeatUrl: 'http://127.0.0.1:8977/api/heartbeats/tok' }),
      monitor({ id: 'mon_nas', name: 'Nightly NAS', type: 'heartbeat', serviceId: 'svc_db', runnerDeviceId: 'dev_nas', check: undefined, heartbeatUrl: 'http://127.0.0.1:8977/api/heartbeats/nas' }),
      monitor({ id: 'mon_orphan', name: 'Reports', runnerDeviceId: 'dev_gone', check: undefined }, { notBeingChecked: true, lastReportAt: iso(NOW - DAY) }),
    ],
    results: {
      mon_up: {
        results: [result(2 * HOUR, 'up', 120), result(HOUR, 'up', 180), result(60_000, 'up', 150)],
        daily: [rollup('day', today - 3 * DAY, 0.5), rollup('day', today - DAY, 1), rollup('day', today, 1)],
      },
      mon_slow: { results: [result(HOUR, 'up', 300), result(60_000, 'degraded', 2500)] },
      mon_down: { hourly: [rollup('hour', NOW - 3 * HOUR, 1, 40), rollup('hour', NOW - 2 * HOUR, 0, 60)] },
    },
    team: team('admin'),
  };
}

export function serveMonitors(api: FakeApi, w: World) {
  api.handle('monitors.list', async () => w.monitors);
  api.handle('services.list', async () => [{ id: 'svc_db', name: 'Database' }, { id: 'svc_shop', name: 'Shop' }]);
  api.handle('team.status', async () => w.team);
  api.handle('monitors.results', async (input) => {
    const { id, from, to, only } = input as { id: string; from: string; to: string; only?: string[] };
    const all: MonitorResultsResponse = { monitorId: id, from, to, results: [], hourly: [], daily: [], ...w.results[id] };
    const part = <K extends 'results' | 'hourly' | 'daily'>(k: K) => (!only || only.includes(k) ? all[k] : []);
    return { ...all, results: part('results'), hourly: part('hourly'), daily: part('daily') };
  });
  const flip = (paused: boolean) => async (input: unknown) => {
    const m = w.monitors.find((x) => x.id === (input as { id: string }).id)!;
    m.paused = paused;
    m.check = check(paused ? 'paused' : 'unknown');
    return m;
  };
  api.handle('monitors.pause', flip(true));
  api.handle('monitors.resume', flip(false));
  api.handle('monitors.delete', async (input) => {
    const i = w.monitors.findIndex((x) => x.id === (input as { id: string }).id);
    return w.monitors.splice(i, 1)[0];
  });
}

