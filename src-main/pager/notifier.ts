// The Notifier port: how the pager reaches the OS. Adapters: D-Bus org.freedesktop.Notifications (Linux, desktop
// and headless), Electron's Notification (macOS/Windows desktop), node-notifier (headless on macOS/Windows).

export type NotificationAction = 'acknowledge' | 'snooze';

export interface PageNotification {
  /** The incident this page is about; a repeat for the same incident replaces the previous notification. */
  incidentId: string;
  title: string;
  body: string;
  /** HIGH urgency pages are `critical` (never expire); LOW are `normal`. */
  urgency: 'critical' | 'normal';
  sound: boolean;
  /** Offered where the platform supports action buttons. */
  actions: NotificationAction[];
}

export interface Notifier {
  /** For logs and the host info ("dbus", "electron", "node-notifier", "none"). */
  readonly name: string;
  /** Shows (or replaces) the notification for this incident. Rejects if the OS refused it. */
  notify(n: PageNotification): Promise<void>;
  /** Withdraws the incident's notification, if the platform can (after acknowledge). */
  withdraw(incidentId: string): Promise<void>;
  /** Called when the user clicks an action button, or the notification body (`open`). */
  onAction(listener: (incidentId: string, action: NotificationAction | 'open') => void): void;
  close(): Promise<void>;
}

/** How long the Snooze action silences an incident (the action's label says so on every adapter). */
export const SNOOZE_ACTION_MINUTES = 15;
