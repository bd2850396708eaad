// What a delivery log shows, whatever delivered it: a webhook's POST, or a local action's command run. Each
// kind maps its own record onto a LogEntry, and DeliveryLog renders entries only, so both logs read the same.
import type { WebhookDelivery } from '../../src-shared/schemas/webhooks.ts';

/** `skipped`: nothing was tried, on purpose (a local action's event was too old when this device saw it). */
export type LogState = 'queued' | 'sending' | 'retrying' | 'delivered' | 'failed' | 'skipped';

export interface LogEntry {
  id: number;
  /** When it was last tried (or recorded, if never tried yet). */
  at: string;
  /** Where it went: a URL, a command line. */
  target: string;
  /** What it was about, as a person reads it ("Triggered", "Test message"). */
  event: string;
  incident: { id: string; title: string | null } | null;
  state: LogState;
  /** When it is tried again by itself (retrying only). */
  nextAttemptAt: string | null;
  attempts: number;
  /** The last try's outcome in a few words: "HTTP 500", "no answer within 5000 ms", "exit 1". */
  result: string | null;
  durationMs: number | null;
  /** What the other end answered (a response body, a command's output), if anything. */
  output: string | null;
  /** The state as this kind of log says it ("Succeeded", "Running…"), instead of a delivery's words. */
  stateText?: string;
}

const EVENT_LABELS: Record<string, string> = {
  test: 'Test message', triggered: 'Triggered', acknowledged: 'Acknowledged', resolved: 'Resolved', reassigned: 'Reassigned',
  escalated: 'Escalated', status_update_posted: 'Status update posted', note_added: 'Note added',
};

export const eventLabel = (event: string): string => EVENT_LABELS[event] ?? event;

/** The runner takes a delivery out of the schedule (next attempt unset) while it is being tried. */
function webhookState(d: WebhookDelivery): LogState {
  if (d.state !== 'pending') return d.state;
  if (d.nextAttemptAt === null) return 'sending';
  return d.attempts === 0 ? 'queued' : 'retrying';
}

export function webhookLogEntry(d: WebhookDelivery, target: string): LogEntry {
  return {
    id: d.id, at: d.lastAttemptAt ?? d.createdAt, target, event: eventLabel(d.event),
    incident: d.incidentId === null ? null : { id: d.incidentId, title: d.incidentTitle ?? null },
    state: webhookState(d), nextAttemptAt: d.state === 'pending' ? d.nextAttemptAt : null, attempts: d.attempts,
    result: d.lastStatus !== null ? `HTTP ${d.lastStatus}` : d.lastError, durationMs: d.lastDurationMs,
    output: d.lastResponse === '' ? null : d.lastResponse,
  };
}

export function stateLabel(e: Pick<LogEntry, 'state' | 'nextAttemptAt' | 'stateText'>, formatTime: (iso: string) => string): string {
  if (e.stateText !== undefined) return e.stateText;
  switch (e.state) {
    case 'skipped': return 'Skipped';
    case 'delivered': return 'Delivered';
    case 'failed': return 'Failed (given up)';
    case 'sending': return 'Sending…';
    case 'queued': return 'Not tried yet';
    case 'retrying': return e.nextAttemptAt ? `Retrying (next at ${formatTime(e.nextAttemptAt)})` : 'Retrying';
  }
}

/** One line for "how did the test go": the state, the outcome and how long it took. */
export function outcomeLine(e: LogEntry, formatTime: (iso: string) => string): string {
  const parts = [stateLabel(e, formatTime)];
  if (e.result) parts.push(e.result);
  if (e.durationMs !== null && e.attempts > 0) parts.push(`${e.durationMs} ms`);
  return parts.join(' · ');
}
