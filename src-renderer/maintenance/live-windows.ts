// Which maintenance windows are on and which are coming, by the clock. The status is the domain's rule
// (`maintenanceStatus`), asked again as time passes, so a banner flips from "upcoming" to "in progress" (and goes
// away at the end) without anything being pushed: starting and ending are the clock's business, not the feed's.
import { maintenanceStatus } from '../../src-shared/domain/maintenance.ts';
import type { Maintenance, MaintenanceStatus } from '../../src-shared/schemas/maintenance.ts';

export type LiveStatus = Extract<MaintenanceStatus, 'scheduled' | 'in_progress'>;
export interface LiveWindow { window: Maintenance; status: LiveStatus }

export const statusAt = (m: Maintenance, nowMs: number): MaintenanceStatus =>
  maintenanceStatus({ startsAt: m.scheduledStart, endsAt: m.scheduledEnd, cancelledAt: m.cancelledAt }, nowMs);

/** Every window's status at `nowMs` as one string: it changes only when some window's status does. */
export const statusesKey = (windows: readonly Maintenance[], nowMs: number): string =>
  windows.map((w) => statusAt(w, nowMs)).join(',');

/** The windows that are on or coming, in the host's order (soonest first), given their statuses from `statusesKey`. */
export function liveWindows(windows: readonly Maintenance[], key: string): LiveWindow[] {
  const statuses = key === '' ? [] : key.split(',');
  const live: LiveWindow[] = [];
  windows.forEach((window, i) => {
    const status = statuses[i];
    if (status === 'scheduled' || status === 'in_progress') live.push({ window, status });
  });
  return live;
}
