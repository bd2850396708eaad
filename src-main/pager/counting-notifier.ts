// Counts what reached the OS through the notifier, for GET /metrics: notifications shown and withdrawn by kind (an
// incident's page, the storm summary, a shift reminder) and calls the OS refused. It wraps whichever notifier the
// host picked, so the pager and the shift reminders are counted in one place, and only calls that succeeded count
// as sent: a page the desktop refused is a notifier error, not a page.
import type { Notifier } from './notifier.ts';
import { SUMMARY_NOTIFICATION_ID } from './page-content.ts';

export const NOTIFICATION_KINDS = ['incident', 'summary', 'shift_reminder'] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export interface NotifierCounts {
  sent: Record<NotificationKind, number>;
  withdrawn: Record<NotificationKind, number>;
  errors: { notify: number; withdraw: number };
}

export interface CountingNotifier extends Notifier {
  /** Totals since this host started. */
  counts(): NotifierCounts;
}

/** What a notification id names: an incident (`inc_…`), the summary bubble, or else a shift reminder. */
export function notificationKind(id: string): NotificationKind {
  if (id === SUMMARY_NOTIFICATION_ID) return 'summary';
  return id.startsWith('inc_') ? 'incident' : 'shift_reminder';
}

const zero = (): Record<NotificationKind, number> => ({ incident: 0, summary: 0, shift_reminder: 0 });

export function countingNotifier(inner: Notifier): CountingNotifier {
  const sent = zero();
  const withdrawn = zero();
  const errors = { notify: 0, withdraw: 0 };
  const counted = async (op: 'notify' | 'withdraw', id: string, call: () => Promise<void>) => {
    try {
      await call();
    } catch (e) {
      errors[op]++;
      throw e;
    }
    (op === 'notify' ? sent : withdrawn)[notificationKind(id)]++;
  };
  return {
    get name() { return inner.name; },
    notify: (n) => counted('notify', n.incidentId, () => inner.notify(n)),
    withdraw: (id) => counted('withdraw', id, () => inner.withdraw(id)),
    onAction: (listener) => inner.onAction(listener),
    close: () => inner.close(),
    counts: () => ({ sent: { ...sent }, withdrawn: { ...withdrawn }, errors: { ...errors } }),
  };
}
