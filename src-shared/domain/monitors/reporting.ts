// Whether anyone is checking a monitor, and which monitors an incident is about: one rule each, for every face (API,
// window, status pages).
import type { MonitorConfig } from '../../schemas/monitors.ts';

/**
 * How long a teammate waits before it says "not being checked": the runner reports through hourly rollups, written
 * when an hour closes, so two hours of silence (plus one interval) mean a whole closed hour went unreported.
 */
export const TEAMMATE_SILENCE_MS = 2 * 3_600_000;
/** On the runner itself every check leaves a result: this many intervals without one mean its checks stopped. */
export const RUNNER_SILENT_INTERVALS = 3;

export interface ReportFacts {
  config: Pick<MonitorConfig, 'intervalSeconds' | 'type'> & { graceSeconds?: number };
  paused: boolean;
  /** Whether the device answering is the monitor's runner (it holds the raw results). */
  onRunner: boolean;
  /** The newest result (runner) or the end of the newest rollup (anyone) from its runner; null: none yet. */
  lastReportMs: number | null;
  /** Since when a report is owed: its creation or its last change (a new runner or a resume starts the wait again). */
  owedSinceMs: number;
  nowMs: number;
}

export function notBeingChecked(f: ReportFacts): boolean {
  if (f.paused) return false;
  const intervalMs = (f.config.intervalSeconds + (f.config.type === 'heartbeat' ? (f.config.graceSeconds ?? 0) : 0)) * 1000;
  const allowedMs = f.onRunner ? RUNNER_SILENT_INTERVALS * intervalMs : TEAMMATE_SILENCE_MS + intervalMs;
  const since = Math.max(f.lastReportMs ?? -Infinity, f.owedSinceMs);
  return f.nowMs - since > allowedMs;
}

/** One incident per monitor at a time: its flips' triggers carry this dedup key, whichever service it is on. */
export const monitorDedupKey = (monitorId: string): string => `monitor:${monitorId}`;
const DEDUP_PREFIX = monitorDedupKey('');

/**
 * The monitors an incident is about (seed 004's `affected_http_job_ids`): what its first alert named in
 * `extra.affectedMonitorIds` — a monitor's flip writes its own id there, and any event may name monitors the same way —
 * and the monitor whose own incident it is (its dedup key).
 */
export function monitorsOfIncident(s: { extra: Record<string, unknown> | null; dedupKey: string | null }): string[] {
  const named = new Set<string>();
  const ids = s.extra?.['affectedMonitorIds'];
  if (Array.isArray(ids)) for (const id of ids) if (typeof id === 'string') named.add(id);
  if (s.dedupKey?.startsWith(DEDUP_PREFIX)) named.add(s.dedupKey.slice(DEDUP_PREFIX.length));
  return [...named];
}
