// This device's settings (not replicated): who the local user is, how the pager nags, where the receiver listens.
import { z } from 'zod';

export const NotificationSettings = z.object({
  /** HIGH urgency: repeat the notification every N seconds while the incident stays triggered. */
  repeatSeconds: z.number().int().min(5).max(3600).default(60),
  /** LOW urgency: notify once, or stay quiet (the incident still shows in the queue and tray). */
  lowUrgency: z.enum(['once', 'quiet']).default('once'),
  sound: z.boolean().default(true),
  /** Paging paused until this instant (tray: "Pause notifications for 1 h"). */
  pausedUntil: z.string().nullable().default(null),
});

export const Settings = z.object({
  /** The local user's name: acks from this device are recorded as `user:<name>`. */
  userName: z.string().trim().min(1).max(100).default('me'),
  notifications: NotificationSettings.default({ repeatSeconds: 60, lowUrgency: 'once', sound: true, pausedUntil: null }),
  /** Where the receiver listens. Binding beyond loopback is an explicit opt-in. Takes effect on restart. */
  listen: z.object({
    host: z.string().default('127.0.0.1'),
    port: z.number().int().min(0).max(65535).default(8977),
  }).default({ host: '127.0.0.1', port: 8977 }),
  /**
   * `public`: GET /metrics answers without an API key. Off by default: the figures say how many incidents are open
   * and who is on call, which is worth a key once the listener is reachable from the network.
   */
  metrics: z.object({ public: z.boolean().default(false) }).default({ public: false }),
  /**
   * `allowPrivateTargets`: run HTTP and TCP monitors that another device set up against loopback, link-local and
   * private addresses too. Off by default: otherwise any team admin could make this machine probe its own network
   * (src-main/monitors/target-policy.ts). Monitors this device set up itself are never limited.
   */
  monitors: z.object({ allowPrivateTargets: z.boolean().default(false) }).default({ allowPrivateTargets: false }),
});
export type Settings = z.infer<typeof Settings>;

export const UpdateSettings = z.object({
  userName: z.string().trim().min(1).max(100).optional(),
  notifications: NotificationSettings.partial().optional(),
  listen: z.object({ host: z.string().min(1), port: z.number().int().min(0).max(65535) }).partial().optional(),
  metrics: z.object({ public: z.boolean() }).strict().optional(),
  monitors: z.object({ allowPrivateTargets: z.boolean() }).strict().optional(),
}).strict();
export type UpdateSettings = z.input<typeof UpdateSettings>;

/** The settings after a patch: nested groups merge field by field; the result is checked like any settings. */
export function patchSettings(cur: Settings, patch: z.output<typeof UpdateSettings>): Settings {
  return Settings.parse({
    ...cur, ...(patch.userName ? { userName: patch.userName } : {}),
    notifications: { ...cur.notifications, ...patch.notifications },
    listen: { ...cur.listen, ...patch.listen },
    metrics: { ...cur.metrics, ...patch.metrics },
    monitors: { ...cur.monitors, ...patch.monitors },
  });
}

/** What the window needs to know about the host it talks to (the empty state teaches with these). */
export const HostInfo = z.object({
  version: z.string(),
  deviceId: z.string(),
  listen: z.object({ host: z.string(), port: z.number() }),
  baseUrl: z.string(),
  notifier: z.string(),
  bridge: z.enum(['electron', 'http']),
});
export type HostInfo = z.infer<typeof HostInfo>;
