// A run row as the API shows it.
import type { LocalActionRun } from '../../src-shared/schemas/local-actions.ts';
import type { RunRow } from '../store/local-actions.ts';

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

export const toRun = (r: RunRow): LocalActionRun => ({
  id: r.id, actionId: r.action_id, messageId: r.message_id, event: r.event, incidentId: r.incident_id,
  state: r.state as LocalActionRun['state'], attempts: r.attempts, createdAt: iso(r.created_at)!, lastAttemptAt: iso(r.last_attempt_at),
  exitCode: r.exit_code, signal: r.signal, timedOut: r.timed_out === 1, error: r.error, stdout: r.stdout, stderr: r.stderr, durationMs: r.duration_ms,
});
