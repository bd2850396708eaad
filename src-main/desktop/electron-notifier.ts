// The Notifier port over Electron's `Notification`, for the desktop on macOS and Windows. (On Linux Electron's
// notifications have no action buttons, so the desktop uses the D-Bus adapter there.) The Notification class is
// injected so the adapter is tested in Node with a fake.
import type { Notifier, NotificationAction, PageNotification } from '../pager/notifier.ts';
import { SNOOZE_ACTION_MINUTES } from '../pager/notifier.ts';

/** The parts of Electron's NotificationConstructorOptions this adapter sets. */
export interface ElectronNotificationOptions {
  title: string;
  body: string;
  silent: boolean;
  urgency: 'normal' | 'critical' | 'low';
  timeoutType: 'default' | 'never';
  actions: { type: 'button'; text: string }[];
  closeButtonText?: string;
}

export interface NotificationLike {
  show(): void;
  close(): void;
  on(event: 'click', listener: () => void): unknown;
  on(event: 'action', listener: (event: unknown, index: number) => void): unknown;
  on(event: 'failed', listener: (event: unknown, error: string) => void): unknown;
  on(event: 'close', listener: () => void): unknown;
}

export interface ElectronNotifierOptions {
  createNotification: (options: ElectronNotificationOptions) => NotificationLike;
  /** Action buttons show only on macOS (Windows needs toast XML for them; a click still opens the incident). */
  platform: NodeJS.Platform;
  onFailure?: (incidentId: string, error: string) => void;
}

const ACTION_LABELS: Record<NotificationAction, string> = {
  acknowledge: 'Acknowledge',
  snooze: `Snooze ${SNOOZE_ACTION_MINUTES} min`,
};

export function createElectronNotifier(opts: ElectronNotifierOptions): Notifier {
  // Kept referenced: a Notification that is garbage-collected loses its click and action handlers.
  const shown = new Map<string, NotificationLike>();
  const listeners: ((incidentId: string, action: NotificationAction | 'open') => void)[] = [];
  const emit = (incidentId: string, action: NotificationAction | 'open') => {
    for (const l of listeners) l(incidentId, action);
  };
  let closed = false;

  const forget = (incidentId: string, n: NotificationLike) => {
    if (shown.get(incidentId) === n) shown.delete(incidentId);
  };

  return {
    name: 'electron',
    async notify(page: PageNotification) {
      if (closed) return;
      const actions = opts.platform === 'darwin' ? page.actions : [];
      const n = opts.createNotification({
        title: page.title,
        body: page.body,
        silent: !page.sound,
        urgency: page.urgency,
        // A HIGH page stays on screen until the user acts (Windows: the toast does not time out).
        timeoutType: page.urgency === 'critical' ? 'never' : 'default',
        actions: actions.map((a) => ({ type: 'button', text: ACTION_LABELS[a] })),
        ...(actions.length > 0 ? { closeButtonText: 'Dismiss' } : {}),
      });
      n.on('click', () => emit(page.incidentId, 'open'));
      n.on('action', (_event, index) => {
        const action = actions[index];
        if (action) emit(page.incidentId, action);
      });
      n.on('failed', (_event, error) => opts.onFailure?.(page.incidentId, error));
      n.on('close', () => forget(page.incidentId, n));
      // A repeat replaces the previous notification instead of stacking another one.
      const previous = shown.get(page.incidentId);
      shown.set(page.incidentId, n);
      previous?.close();
      n.show();
    },
    async withdraw(incidentId: string) {
      const n = shown.get(incidentId);
      shown.delete(incidentId);
      n?.close();
    },
    onAction(listener) {
      listeners.push(listener);
    },
    async close() {
      closed = true;
      for (const n of shown.values()) n.close();
      shown.clear();
      listeners.length = 0;
    },
  };
}
