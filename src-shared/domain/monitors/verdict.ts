// The one verdict rule every monitor kind (HTTP, TCP, heartbeat) goes by: from where a monitor stands and one
// check's outcome, where it stands next and what its runner must do about it.
//
//   - a failure while not down counts one; after `retries` further failures in a row it is down (pending between):
//     flip down, which opens the monitor's incident;
//   - a success while down counts one; after `successesBeforeUp` in a row it is up: flip up, which resolves it.
//     A success while pending or unknown is simply up (nothing was opened, nothing to resolve);
//   - a failure while down re-notifies once `renotifyMinutes` have passed since the last page (the flip or the last
//     re-notify), and never when it is null;
//   - `degraded` is a success (up, but slow);
//   - `no_data` concludes nothing: it neither counts toward down nor up, breaks no streak and re-notifies no one.
import type { CheckOutcome } from '../../schemas/monitors.ts';

export type VerdictState = 'unknown' | 'up' | 'pending' | 'down';

export interface Verdict {
  state: VerdictState;
  /** Since when `state` holds. */
  sinceMs: number;
  /** Failures in a row (reset by a success). */
  failures: number;
  /** Successes in a row (reset by a failure). */
  successes: number;
  /** While down: when it last paged (the flip down or the last re-notify). */
  notifiedAtMs: number | null;
}

export interface VerdictRules {
  retries: number;
  successesBeforeUp: number;
  renotifyMinutes: number | null;
}

/** What the runner must do: open the incident, resolve it, page again, or nothing. */
export type VerdictAction = 'down' | 'up' | 'renotify' | 'none';

export interface VerdictStep { verdict: Verdict; action: VerdictAction }

/** Where a monitor starts (first run, after a sleep, after a restart): nothing known and nothing counted. */
export const freshVerdict = (nowMs: number, state: VerdictState = 'unknown', notifiedAtMs: number | null = null): Verdict =>
  ({ state, sinceMs: nowMs, failures: 0, successes: 0, notifiedAtMs: state === 'down' ? notifiedAtMs ?? nowMs : null });

const moveTo = (v: Verdict, state: VerdictState, nowMs: number): Verdict =>
  (v.state === state ? v : { ...v, state, sinceMs: nowMs });

export function nextVerdict(v: Verdict, outcome: CheckOutcome, rules: VerdictRules, nowMs: number): VerdictStep {
  if (outcome === 'no_data') return { verdict: v, action: 'none' };
  if (outcome === 'up' || outcome === 'degraded') {
    const counted: Verdict = { ...v, failures: 0, successes: v.successes + 1 };
    if (v.state !== 'down') return { verdict: moveTo(counted, 'up', nowMs), action: 'none' };
    if (counted.successes < rules.successesBeforeUp) return { verdict: counted, action: 'none' };
    return { verdict: { ...moveTo(counted, 'up', nowMs), notifiedAtMs: null }, action: 'up' };
  }
  const counted: Verdict = { ...v, failures: v.failures + 1, successes: 0 };
  if (v.state === 'down') {
    const due = rules.renotifyMinutes !== null && nowMs - (v.notifiedAtMs ?? v.sinceMs) >= rules.renotifyMinutes * 60_000;
    return due ? { verdict: { ...counted, notifiedAtMs: nowMs }, action: 'renotify' } : { verdict: counted, action: 'none' };
  }
  if (counted.failures <= rules.retries) return { verdict: moveTo(counted, 'pending', nowMs), action: 'none' };
  return { verdict: { ...moveTo(counted, 'down', nowMs), notifiedAtMs: nowMs }, action: 'down' };
}
