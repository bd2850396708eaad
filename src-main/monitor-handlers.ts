// The window's monitors.* methods, answered for both bridges like the HTTP routes answer them
// (src-main/http/routes/monitors.ts): the same engine methods, the same shape (monitorToApi). A heartbeat's push URL is
// built on this host's own address (the window has no request origin to go by), and each monitor's state is asked of
// whichever runner this device has for it. A caller the bridge says may not administer sees monitors with their
// secrets hidden (redact.ts); no caller at all is this machine's own window, tray or CLI.
import { monitorReport } from './monitors/monitor-report.ts';
import type { KlaxonHandlers, ApiMethod, Caller } from '../src-shared/api.ts';
import type { MonitorCheck } from '../src-shared/schemas/monitors.ts';
import type { MonitorState } from '../src-shared/domain/monitors/fold.ts';
import { monitorToApi } from '../src-shared/domain/monitors/to-api.ts';
import { redactMonitor } from '../src-shared/domain/monitors/redact.ts';
import { KlaxonError } from '../src-shared/schemas/errors.ts';
import type { Engine } from './engine/types.ts';
import { monitorResults } from './monitors/results-view.ts';
import { readRollups } from './store/monitor-rollups.ts';

type MonitorMethod = Extract<ApiMethod, `monitors.${string}`>;
export type MonitorHandlers = Pick<KlaxonHandlers, MonitorMethod>;

export interface MonitorHandlerDeps {
  engine: Engine;
  /** Where this host is reached (its base URL): heartbeat push URLs are built on it. */
  origin: () => string;
  /** Where a monitor this device runs stands (undefined for one it does not run). */
  check?: (m: MonitorState) => MonitorCheck | undefined;
}

const DAY_MS = 86_400_000;
/** 90 days of bars and a little more: a span longer than this is a mistake, not a view. */
const MAX_SPAN_MS = 400 * DAY_MS;

function instant(value: string | undefined, fallback: number, field: string): number {
  if (value === undefined) return fallback;
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw new KlaxonError('VALIDATION_FAILED', `${field}: not a date and time (ISO 8601, e.g. 2026-03-06T09:00:00Z)`, field);
  return ms;
}

/**
 * A refusal naming its field says so in its words too ("url: …"), as the bridges' own schema refusals do: Electron's
 * IPC hands the window only an error's message, and the form shows the words next to the field they name.
 */
async function naming<T>(act: () => Promise<T>): Promise<T> {
  try {
    return await act();
  } catch (e) {
    if (e instanceof KlaxonError && e.field && !e.message.startsWith(`${e.field}:`)) throw new KlaxonError(e.code, `${e.field}: ${e.message}`, e.field);
    throw e;
  }
}

export function createMonitorHandlers(deps: MonitorHandlerDeps): MonitorHandlers {
  const { engine } = deps;
  const actor = (caller: Caller | undefined) => caller?.actor ?? engine.localActor();
  const view = (m: MonitorState, caller: Caller | undefined) => {
    const full = monitorToApi(m, deps.origin(), monitorReport(engine, m), deps.check?.(m));
    return caller === undefined || caller.admin === true ? full : redactMonitor(full);
  };
  return {
    'monitors.list': async (_input, caller) => engine.listMonitors().map((m) => view(m, caller)),
    'monitors.get': async ({ id }, caller) => view(engine.getMonitor(id), caller),
    'monitors.create': (input, caller) => naming(async () => view(await engine.createMonitor(input, actor(caller)), caller)),
    'monitors.update': ({ id, patch }, caller) => naming(async () => view(await engine.updateMonitor(id, patch, actor(caller)), caller)),
    'monitors.delete': async ({ id }, caller) => {
      const before = view(engine.getMonitor(id), caller);
      await engine.deleteMonitor(id, actor(caller));
      return before;
    },
    'monitors.pause': async ({ id }, caller) => view(await engine.updateMonitor(id, { paused: true }, actor(caller)), caller),
    'monitors.resume': async ({ id }, caller) => view(await engine.updateMonitor(id, { paused: false }, actor(caller)), caller),
    'monitors.results': async ({ id, from, to, only }) => {
      engine.getMonitor(id); // an unknown monitor is a 404, not an empty answer
      const toMs = instant(to, engine.clock.now(), 'to');
      const fromMs = instant(from, toMs - DAY_MS, 'from');
      if (fromMs >= toMs) throw new KlaxonError('VALIDATION_FAILED', 'to: must be after from', 'to');
      if (toMs - fromMs > MAX_SPAN_MS) throw new KlaxonError('VALIDATION_FAILED', 'to: at most 400 days at once', 'to');
      if (!only) return monitorResults(engine.store, id, fromMs, toMs);
      // Daily rollups alone (the window's 90 bars) are read alone: 90 days of hourly ones cost ten times the time.
      if (!only.includes('results') && !only.includes('hourly')) {
        return { monitorId: id, from: new Date(fromMs).toISOString(), to: new Date(toMs).toISOString(), results: [], hourly: [], daily: readRollups(engine.store, [id], 'day', fromMs, toMs).get(id) ?? [] };
      }
      const r = monitorResults(engine.store, id, fromMs, toMs);
      return { ...r, results: only.includes('results') ? r.results : [], hourly: only.includes('hourly') ? r.hourly : [], daily: only.includes('daily') ? r.daily : [] };
    },
  };
}
