// A local action as the window says it: its command line as a person reads it, and each run mapped onto the
// delivery log's LogEntry (so the run log is DeliveryLog, like a webhook's) — how it ended in a few words (exit code,
// signal, the timeout, why it did not run) and its stdout and stderr as the row's output.
import type { LocalAction, LocalActionRun } from '../../src-shared/schemas/local-actions.ts';
import type { LogEntry, LogState } from './delivery-log.ts';
import { eventLabel } from './delivery-log.ts';

/** An argument as a shell would need it to read it back as one word: quoted if it is empty or holds anything else. */
const quoted = (arg: string): string => (/^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replaceAll("'", "'\\''")}'`);

/** The shell line as written, or the program and its arguments, each one shown as a single word. */
export const commandText = (a: Pick<LocalAction, 'command' | 'shell'>): string => (a.shell ? a.command[0]! : a.command.map(quoted).join(' '));

const STATES: Record<LocalActionRun['state'], { state: LogState; text: string }> = {
  pending: { state: 'queued', text: 'Waiting to run' },
  running: { state: 'sending', text: 'Running…' },
  succeeded: { state: 'delivered', text: 'Succeeded' },
  failed: { state: 'failed', text: 'Failed' },
  skipped: { state: 'skipped', text: 'Skipped' },
};

/** "exit 0", "exit 3", "timed out (SIGTERM)", "killed by SIGKILL", or why it did not run or finish ("…: no such program"). */
export function runResult(r: Pick<LocalActionRun, 'exitCode' | 'signal' | 'timedOut' | 'error'>): string | null {
  if (r.timedOut) return `timed out (${r.signal ?? 'SIGTERM'})`;
  if (r.error !== null) return r.exitCode === null ? r.error : `exit ${r.exitCode}: ${r.error}`;
  if (r.exitCode !== null) return `exit ${r.exitCode}`;
  return r.signal === null ? null : `killed by ${r.signal}`;
}

/**
 * Stdout, then stderr under a heading (a command says what went wrong there); null when it printed nothing. The
 * newline a command ends its last line with is dropped: kept, it would fold a one-line output behind "…".
 */
export function runOutput(r: Pick<LocalActionRun, 'stdout' | 'stderr'>): string | null {
  const out = (r.stdout ?? '').replace(/\r?\n$/, '');
  const err = (r.stderr ?? '').replace(/\r?\n$/, '');
  if (out === '' && err === '') return null;
  if (err === '') return out;
  return out === '' ? `stderr:\n${err}` : `${out}\nstderr:\n${err}`;
}

export function runLogEntry(r: LocalActionRun, target: string, incidentTitle: (id: string) => string | null = () => null): LogEntry {
  const { state, text } = STATES[r.state];
  return {
    id: r.id, at: r.lastAttemptAt ?? r.createdAt, target, event: r.event === 'test' ? 'Test run' : eventLabel(r.event),
    incident: r.incidentId === null ? null : { id: r.incidentId, title: incidentTitle(r.incidentId) },
    state, stateText: text, nextAttemptAt: null, attempts: r.attempts,
    // A skipped run's result is why it was skipped (the run's error).
    result: runResult(r), durationMs: r.durationMs, output: runOutput(r),
  };
}
