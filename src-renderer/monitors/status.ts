// A monitor's state as the page says it, from what its runner answered (`check`), whether it is paused, whether
// anything checks it at all (`notBeingChecked`: its runner was revoked or has not been heard from; read optionally,
// the host adds it) and its latest check (up but slower than its limit is "degraded").
import type { CheckResult, Monitor } from '../../src-shared/schemas/monitors.ts';

export type MonitorStatus = 'up' | 'degraded' | 'pending' | 'down' | 'paused' | 'no_data' | 'not_checked' | 'elsewhere';

/** Fields the host may add to a monitor (another part of issue 10): read when there. */
export interface MonitorExtras { notBeingChecked?: boolean; lastReportAt?: string | null }

export const STATUS_LABEL: Record<MonitorStatus, string> = {
  up: 'Up', degraded: 'Degraded', pending: 'Pending', down: 'Down', paused: 'Paused', no_data: 'No data',
  not_checked: 'Not being checked', elsewhere: 'Checked elsewhere',
};

/** `runsHere`: this device is its runner (no answer yet from its runner is then "pending", not "elsewhere"). */
export function monitorStatus(m: Monitor & MonitorExtras, latest: CheckResult | undefined, runsHere = false): MonitorStatus {
  if (m.paused) return 'paused';
  if (m.notBeingChecked) return 'not_checked';
  const state = m.check?.state;
  if (state === undefined) {
    // Another device runs it: its last check that reached this device is what can be said.
    if (!latest) return runsHere ? 'pending' : 'elsewhere';
    return latest.outcome;
  }
  if (state === 'up') return latest?.outcome === 'degraded' ? 'degraded' : 'up';
  if (state === 'unknown') return 'pending';
  return state;
}

/** What the state means, for the badge's title (screen readers and hover). */
export function statusDetail(m: Monitor & MonitorExtras, status: MonitorStatus): string {
  switch (status) {
    case 'pending': return m.check?.state === 'unknown' ? 'Waiting for its first check' : 'Failing, retrying before it counts as down';
    case 'no_data': return 'Its runner could not tell (asleep, offline or no route)';
    case 'not_checked': return `Nothing is checking it${m.lastReportAt ? `: its runner last reported at ${m.lastReportAt}` : ''}`;
    case 'elsewhere': return 'Another device runs it; no results have reached this one yet';
    case 'degraded': return 'Up, but slower than its limit';
    default: return m.check?.message ?? STATUS_LABEL[status];
  }
}
