// What a heartbeat monitor's results are, for the recorder: each beat is a check (up, or down when it says so); each
// interval that passes without one once the beat is due is a down check (a missed deadline, whether that made it
// pending or down, and again every interval while it stays down); a span the runner slept through is no data.
import type { MonitorState } from '../../src-shared/domain/monitors/fold.ts';
import type { CheckRecorder } from './check-recorder.ts';

export interface HeartbeatResults {
  beat(monitorId: string, atMs: number, status: 'up' | 'down', message: string | null): void;
  /** Each tick of an active monitor: `dueAt` is when a beat was last due (its last beat + interval + grace). */
  tick(m: MonitorState, nowMs: number, dueAt: number): void;
  /**
   * Nothing can be told from `atMs` on, until its next check (asleep, just started); beats sent meanwhile reached no
   * one, so the next missed deadline counts only from `nextDueMs` (a full interval and grace after the wake).
   */
  noData(monitorId: string, atMs: number, message: string, nextDueMs: number): void;
}

export function heartbeatResults(recorder: CheckRecorder | undefined): HeartbeatResults {
  // When the next missed deadline counts, per monitor; unset: at its beat's due time.
  const nextMiss = new Map<string, number>();
  return {
    beat(monitorId, atMs, status, message) {
      nextMiss.delete(monitorId);
      recorder?.record(monitorId, { atMs, outcome: status, responseMs: null, message });
    },
    tick(m, nowMs, dueAt) {
      // The later of the two: a deadline moved on by a resume or a wake outranks a miss counted before it.
      const missAt = Math.max(nextMiss.get(m.id) ?? -Infinity, dueAt);
      if (nowMs < missAt) return;
      recorder?.record(m.id, { atMs: nowMs, outcome: 'down', responseMs: null, message: 'no heartbeat in time' });
      nextMiss.set(m.id, nowMs + m.config.intervalSeconds * 1000);
    },
    noData(monitorId, atMs, message, nextDueMs) {
      nextMiss.set(monitorId, nextDueMs);
      recorder?.record(monitorId, { atMs, outcome: 'no_data', responseMs: null, message });
    },
  };
}
