// Maintenance windows as a fold of their ops, and the two rules about them. Like snoozes, a window's state is a
// function of its facts and the clock: nothing is written when a window starts or ends.
import type { Op } from './ops.ts';
import { compareOps, parseKnownOp, type KnownOp } from './ops.ts';
import { hlcToIso } from './hlc.ts';
import type { Impact } from '../schemas/common.ts';
import type { MaintenanceStatus } from '../schemas/maintenance.ts';

export interface MaintenanceState {
  id: string;
  title: string;
  message: string | null;
  impact: Impact;
  startsAt: string;
  endsAt: string;
  serviceIds: string[];
  createdAt: string;
  createdBy: string;
  cancelledAt: string | null;
  cancelledBy: string | null;
  lastHlc: string;
}

/**
 * Scheduled once; a cancellation is forward-only and the earliest one counts (by the time the cancelling device gave
 * it), whatever order the ops arrive in.
 */
export function foldMaintenance(ops: readonly Op[]): MaintenanceState | null {
  let m: MaintenanceState | null = null;
  let cancel: { at: string; by: string } | null = null;
  let lastHlc = '';
  for (const op of [...ops].sort(compareOps).map(parseKnownOp).filter((o): o is KnownOp => o !== null)) {
    if (op.type === 'maintenance.scheduled' && !m) {
      const d = op.data;
      m = {
        id: op.entity, title: d.title, message: d.message, impact: d.impact, startsAt: d.startsAt, endsAt: d.endsAt,
        serviceIds: d.serviceIds, createdAt: hlcToIso(op.hlc), createdBy: d.by, cancelledAt: null, cancelledBy: null, lastHlc: op.hlc,
      };
    } else if (op.type === 'maintenance.cancelled') {
      const at = op.data.at ?? hlcToIso(op.hlc);
      if (!cancel || at < cancel.at) cancel = { at, by: op.data.by };
    } else continue;
    if (op.hlc > lastHlc) lastHlc = op.hlc;
  }
  return m ? { ...m, cancelledAt: cancel?.at ?? null, cancelledBy: cancel?.by ?? null, lastHlc } : null;
}

/**
 * Where a window stands at `nowMs`. A window cancelled before its end is off at once, even where a clock lags the
 * cancelling device's (ending maintenance early must never leave a device silent); a cancellation after its end
 * changes nothing (it completed).
 */
export function maintenanceStatus(m: Pick<MaintenanceState, 'startsAt' | 'endsAt' | 'cancelledAt'>, nowMs: number): MaintenanceStatus {
  const start = Date.parse(m.startsAt);
  const end = Date.parse(m.endsAt);
  const cancelled = m.cancelledAt === null ? Infinity : Date.parse(m.cancelledAt);
  if (cancelled < end) return 'cancelled';
  if (nowMs < start) return 'scheduled';
  if (nowMs < end) return 'in_progress';
  return 'completed';
}

/** The window that keeps `serviceId` quiet at `nowMs`, if any (the one ending last, so the answer is stable). */
export function maintenanceSilencing(windows: readonly MaintenanceState[], serviceId: string, nowMs: number): MaintenanceState | null {
  let found: MaintenanceState | null = null;
  for (const w of windows) {
    if (!w.serviceIds.includes(serviceId) || maintenanceStatus(w, nowMs) !== 'in_progress') continue;
    if (!found || w.endsAt > found.endsAt || (w.endsAt === found.endsAt && w.id > found.id)) found = w;
  }
  return found;
}

/**
 * Until when maintenance keeps `serviceId` quiet, starting at `nowMs`: the end of the window silencing it, carried on
 * through every window of the service that starts before the previous one ends (a follow-up window scheduled back
 * to back). Null if none silences it now.
 */
export function maintenanceQuietUntil(windows: readonly MaintenanceState[], serviceId: string, nowMs: number): string | null {
  let until = maintenanceSilencing(windows, serviceId, nowMs)?.endsAt ?? null;
  for (let extended = until !== null; extended;) {
    extended = false;
    for (const w of windows) {
      if (!w.serviceIds.includes(serviceId) || maintenanceStatus(w, Date.parse(w.startsAt)) === 'cancelled') continue;
      if (w.startsAt <= until! && w.endsAt > until!) { until = w.endsAt; extended = true; }
    }
  }
  return until;
}
