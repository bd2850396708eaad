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

/**
 * How status page subscribers are mailed (issue 10 §2). `security`: `starttls` upgrades a plain connection and
 * refuses to go on without it (port 587), `tls` is TLS from the first byte (port 465), `none` sends in the clear (a
 * relay on localhost). The password is kept apart from these (never shown, not even to the window): `passwordSet`
 * says whether there is one.
 */
export const SmtpSettings = z.object({
  host: z.string().nullable().default(null),
  port: z.number().int().min(1).max(65535).default(587),
  security: z.enum(['starttls', 'tls', 'none']).default('starttls'),
  user: z.string().nullable().default(null),
  /** The From address, e.g. `"Acme status" <status@acme.example>`. */
  from: z.string().nullable().default(null),
  passwordSet: z.boolean().default(false),
});
export type SmtpSettings = z.infer<typeof SmtpSettings>;
const SMTP_DEFAULTS: SmtpSettings = { host: null, port: 587, security: 'starttls', user: null, from: null, passwordSet: false };

export const UpdateSmtpSettings = z.object({
  host: z.string().trim().min(1).max(253).nullable(),
  port: z.number().int().min(1).max(65535),
  security: z.enum(['starttls', 'tls', 'none']),
  user: z.string().max(320).nullable(),
  from: z.string().trim().min(3).max(320).nullable(),
  /** null or empty: no password. */
  password: z.string().max(1024).nullable(),
}).partial().strict();

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
  smtp: SmtpSettings.default(SMTP_DEFAULTS),
});
export type Settings = z.infer<typeof Settings>;

export const UpdateSettings = z.object({
  userName: z.string().trim().min(1).max(100).optional(),
  notifications: NotificationSettings.partial().optional(),
  listen: z.object({ host: z.string().min(1), port: z.number().int().min(0).max(65535) }).partial().optional(),
  metrics: z.object({ public: z.boolean() }).strict().optional(),
  monitors: z.object({ allowPrivateTargets: z.boolean() }).strict().optional(),
  smtp: UpdateSmtpSettings.optional(),
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
    smtp: patchSmtp(cur.smtp, patch.smtp),
  });
}

/** The password itself is stored by the caller, apart from the settings; here only whether there is one. */
function patchSmtp(cur: SmtpSettings, patch: z.output<typeof UpdateSmtpSettings> | undefined): SmtpSettings {
  if (!patch) return cur;
  const { password, ...fields } = patch;
  return { ...cur, ...fields, ...(password !== undefined ? { passwordSet: !!password } : {}) };
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
