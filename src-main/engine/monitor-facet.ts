// The engine's monitors: written through the one write path, read from their projection.
import type { z } from 'zod';
import type { CreateMonitor, UpdateMonitor } from '../../src-shared/schemas/monitors.ts';
import { KlaxonError } from '../../src-shared/schemas/errors.ts';
import type { MonitorState } from '../../src-shared/domain/monitors/fold.ts';
import { listMonitorRows, monitorByToken, monitorRow } from '../store/monitor-rows.ts';
import type { Store } from '../store/database.ts';
import type { Tx } from './tx.ts';
import * as monitors from './commands/monitor-commands.ts';
import { monitorDown, monitorFailedAgain, monitorRenotify, monitorUp, type CheckFailure } from './commands/monitor-flip.ts';
import type { EventResult } from '../../src-shared/schemas/events.ts';
import type { Actor } from './types.ts';
import { opsOfEntity } from '../store/op-log.ts';
import { OP_DATA } from '../../src-shared/domain/ops.ts';
import { getMeta, setMeta } from '../store/meta.ts';
import { leanEntry, rollupEntity, type Histogram, type HourForDay, type RollupEntry } from '../../src-shared/domain/monitors/rollup.ts';
import { readHourHistograms, writeHourHistograms } from '../store/monitor-histograms.ts';
import { findOpenIncidentOfMonitor } from '../store/incident-rows.ts';
import type { RollupPeriod } from '../../src-shared/schemas/monitors.ts';

/** Where this device's closing of periods stands: the end of the last period it summed (device-local). */
const rollupMark = (period: RollupPeriod) => `monitor_rollups_through_${period}`;

export interface MonitorDeps {
  store: Store;
  deviceId: string;
  submit<T>(fn: () => T): Promise<T>;
  tx(): Tx;
}

export function createMonitorMethods(deps: MonitorDeps) {
  const { store, submit, tx, deviceId } = deps;
  const getMonitor = (id: string): MonitorState => {
    const m = monitorRow(store, id);
    if (!m) throw new KlaxonError('NOT_FOUND', `Monitor ${id} not found`);
    return m;
  };
  return {
    createMonitor: (input: z.output<typeof CreateMonitor>, by: Actor): Promise<MonitorState> =>
      submit(() => monitors.createMonitor(tx(), input, deps.deviceId, by)).then(getMonitor),
    updateMonitor: (id: string, patch: z.output<typeof UpdateMonitor>, by: Actor): Promise<MonitorState> =>
      submit(() => monitors.updateMonitor(tx(), id, patch, deps.deviceId, by)).then(() => getMonitor(id)),
    deleteMonitor: (id: string, by: Actor): Promise<void> => submit(() => monitors.deleteMonitor(tx(), id, by)),
    listMonitors: (runnerDeviceId?: string): MonitorState[] => listMonitorRows(store, runnerDeviceId),
    getMonitor,
    monitorByToken: (token: string): MonitorState | null => monitorByToken(store, token),
    /** The runner saw it flip to down: opens (or counts on) its incident. */
    monitorDown: (id: string, failure: CheckFailure): Promise<EventResult> => submit(() => monitorDown(tx(), getMonitor(id), failure)),
    /** Still down after its re-notify interval: counts on its incident and brings an acknowledged one back to triggered. */
    monitorRenotify: (id: string, failure: CheckFailure): Promise<EventResult | null> => submit(() => monitorRenotify(tx(), getMonitor(id), failure)),
    /** A failure reported while down (a heartbeat's `?status=down`): counts on its open incident; null when none is open. */
    monitorFailedAgain: (id: string, failure: CheckFailure): Promise<EventResult | null> => submit(() => monitorFailedAgain(tx(), getMonitor(id), failure)),
    /** Whether the monitor's incident is open (on any service): a runner taking the monitor over starts it as down. */
    monitorIncidentOpen: (id: string): boolean => findOpenIncidentOfMonitor(store, id) !== null,
    /** The runner saw it recover: resolves its incident, unless a person did already (then null). */
    monitorUp: (id: string, message: string): Promise<EventResult | null> => submit(() => monitorUp(tx(), getMonitor(id), message)),
    /** The end of the last period of this kind this device has summed, or null before its first. */
    rollupsThrough: (period: RollupPeriod): number | null => { const v = getMeta(store, rollupMark(period)); return v === undefined ? null : Number(v); },
    /**
     * This device's summary of a closed period, as one op (none when it ran nothing then) carrying only what the team
     * shows, its hour's histograms kept here (device-local), and the mark that it is done, in one transaction: a
     * restart neither loses nor repeats it. A period already summed is not written again.
     */
    commitRollup: (period: RollupPeriod, startMs: number, endMs: number, entries: (RollupEntry & { histogram?: Histogram })[]): Promise<void> => submit(() => {
      const t = tx();
      const entity = rollupEntity(deviceId, period, startMs);
      if (entries.length > 0 && opsOfEntity(t.store, entity).length === 0) {
        t.emit('monitor.rollup', entity, { period, start: new Date(startMs).toISOString(), monitors: entries.map(leanEntry) });
        if (period === 'hour') writeHourHistograms(t.store, startMs, new Map(entries.flatMap((e) => (e.histogram ? [[e.monitorId, e.histogram]] : []))));
      }
      setMeta(t.store, rollupMark(period), String(endMs));
    }),
    /**
     * The hourly summaries this device wrote in a span, each with its histogram when this device still has it (kept
     * here, or carried by an op written before histograms were kept locally): what its daily summary is summed from.
     */
    ownHourlyRollups: (fromMs: number, toMs: number): HourForDay[][] => {
      const out: HourForDay[][] = [];
      const kept = readHourHistograms(store, fromMs, toMs);
      for (let h = fromMs; h < toMs; h += 3_600_000) {
        for (const op of opsOfEntity(store, rollupEntity(deviceId, 'hour', h))) {
          const parsed = OP_DATA['monitor.rollup'].safeParse(op.data);
          if (parsed.success) out.push(parsed.data.monitors.map((e) => ({ ...e, histogram: kept.get(h)?.get(e.monitorId) ?? e.histogram })));
        }
      }
      return out;
    },
  };
}

export type MonitorMethods = ReturnType<typeof createMonitorMethods>;
