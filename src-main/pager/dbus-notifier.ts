// The Linux notifier, for the desktop and the headless host alike: org.freedesktop.Notifications on the session
// bus (dbus-next). Unlike Electron's Notification on Linux it offers action buttons, so a page can be acknowledged
// or snoozed from the bubble itself. Each incident has at most one bubble: a repeat replaces it (replaces_id) and a
// withdraw closes it.
import { sessionBus, Message, MessageType, Variant, type MessageBus } from 'dbus-next';
import type { Logger } from '../log.ts';
import { SNOOZE_ACTION_MINUTES, type NotificationAction, type Notifier, type PageNotification } from './notifier.ts';

const SERVICE = 'org.freedesktop.Notifications';
const PATH = '/org/freedesktop/Notifications';
const BUS = { destination: 'org.freedesktop.DBus', path: '/org/freedesktop/DBus', interface: 'org.freedesktop.DBus' };

const ACTION_LABELS: Record<NotificationAction, string> = {
  acknowledge: 'Acknowledge',
  snooze: `Snooze ${SNOOZE_ACTION_MINUTES} min`,
};
// The spec's 'default' action is a click on the bubble's body.
const ACTION_KEYS = new Map<string, NotificationAction | 'open'>([['acknowledge', 'acknowledge'], ['snooze', 'snooze'], ['default', 'open']]);

export interface DbusNotifierOptions {
  log: Logger;
  /** Defaults to DBUS_SESSION_BUS_ADDRESS. */
  busAddress?: string;
  appName?: string;
  /** How long a running notification server gets to answer GetServerInformation. */
  probeTimeoutMs?: number;
  /** How long one Notify / CloseNotification call may take before it counts as failed. */
  callTimeoutMs?: number;
}

export interface DbusNotifier extends Notifier {
  /** The notification server that answered ("dunst 1.9.0", "gnome-shell 45"…), for the host's log line. */
  readonly server: string;
}

// A server with the body-markup capability reads the body as a small subset of HTML: an event's text must not become markup.
const escapeMarkup = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

const withTimeout = <T>(p: Promise<T>, ms: number, what: string): Promise<T> =>
  new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${what} got no answer within ${ms} ms`)), ms);
    p.then((v) => { clearTimeout(timer); resolve(v); }, (e: unknown) => { clearTimeout(timer); reject(e instanceof Error ? e : new Error(String(e))); });
  });

/**
 * Connects to the session bus and checks that a notification server answers. Rejects, with a reason a person can
 * act on, when there is no session bus or nothing on it shows notifications.
 */
export async function createDbusNotifier(opts: DbusNotifierOptions): Promise<DbusNotifier> {
  const busAddress = opts.busAddress ?? process.env.DBUS_SESSION_BUS_ADDRESS;
  if (!busAddress) throw new Error('DBUS_SESSION_BUS_ADDRESS is not set (no desktop session bus)');
  const probeMs = opts.probeTimeoutMs ?? 1000;
  const callMs = opts.callTimeoutMs ?? 5000;
  const appName = opts.appName ?? 'Klaxon';

  let bus: MessageBus;
  try {
    bus = sessionBus({ busAddress });
  } catch (e) {
    throw new Error(`cannot open the session bus at ${busAddress}: ${(e as Error).message}`, { cause: e });
  }
  let broken: Error | null = null;
  let closed = false;
  let ready = false;
  bus.on('error', (e: Error) => {
    if (broken || closed) return;
    broken = e;
    // Before the probe succeeds the caller reports the failure (one line); afterwards it is news.
    if (ready) opts.log.warn(`notifications: lost the D-Bus session bus (${e.message}); pages can no longer be shown`);
  });

  const call = async (fields: { destination: string; path: string; interface: string }, member: string, signature?: string, body?: unknown[], ms = callMs) => {
    if (closed) throw new Error('the D-Bus notifier is closed');
    if (broken) throw broken;
    const reply = await withTimeout(bus.call(new Message({ ...fields, member, signature, body })), ms, `D-Bus ${member}`);
    if (!reply) throw new Error(`D-Bus ${member} returned nothing`);
    return reply.body;
  };
  const notifications = { destination: SERVICE, path: PATH, interface: SERVICE };

  let server: string;
  let owner: string;
  let markup: boolean;
  let connected = false;
  try {
    await withTimeout(new Promise<void>((resolve, reject) => {
      bus.once('connect', () => resolve());
      bus.once('error', reject);
    }), probeMs, 'the session bus');
    connected = true;
    // A server that is not running yet may be started by the bus on the first call (D-Bus activation): give that
    // spawn a little longer than a running server gets to answer.
    const [running] = await call(BUS, 'NameHasOwner', 's', [SERVICE], probeMs) as [boolean];
    const [name, vendor, version] = await call(notifications, 'GetServerInformation', undefined, undefined, running ? probeMs : probeMs * 3) as string[];
    server = `${name ?? '?'} ${version ?? ''}${vendor ? ` (${vendor})` : ''}`.trim();
    [owner] = await call(BUS, 'GetNameOwner', 's', [SERVICE], probeMs) as [string];
    const [capabilities] = await call(notifications, 'GetCapabilities', undefined, undefined, probeMs) as [string[]];
    markup = capabilities.includes('body-markup');
    // Signals reach us only through match rules. ActionInvoked and NotificationClosed are broadcast to every client:
    // only those from the server's own connection count (another program cannot acknowledge by faking a click).
    await call(BUS, 'AddMatch', 's', [`type='signal',interface='${SERVICE}',path='${PATH}'`], probeMs);
    await call(BUS, 'AddMatch', 's', [`type='signal',sender='org.freedesktop.DBus',interface='org.freedesktop.DBus',member='NameOwnerChanged',arg0='${SERVICE}'`], probeMs);
  } catch (e) {
    closed = true;
    bus.disconnect();
    const why = (e as Error).message;
    throw new Error(connected ? `no notification server answers on the session bus (${why})` : `cannot reach the session bus at ${busAddress} (${why})`, { cause: e });
  }

  ready = true;
  const idByIncident = new Map<string, number>();
  const incidentById = new Map<number, string>();
  const forget = (id: number) => {
    const incidentId = incidentById.get(id);
    incidentById.delete(id);
    if (incidentId !== undefined && idByIncident.get(incidentId) === id) idByIncident.delete(incidentId);
  };
  const listeners = new Set<(incidentId: string, action: NotificationAction | 'open') => void>();

  bus.on('message', (msg: Message) => {
    if (msg.type !== MessageType.SIGNAL) return;
    if (msg.interface === 'org.freedesktop.DBus' && msg.member === 'NameOwnerChanged' && msg.body[0] === SERVICE) {
      // The notification server restarted or went away: its bubbles went with it.
      owner = msg.body[2] as string;
      idByIncident.clear();
      incidentById.clear();
      return;
    }
    if (msg.interface !== SERVICE || msg.sender !== owner) return;
    // dbus-next hands us every message of a read chunk in one go, while the Notify reply that maps the bubble id to
    // its incident is applied a few promise hops later: let those run first.
    setImmediate(() => onServerSignal(msg));
  });

  function onServerSignal(msg: Message): void {
    if (msg.member === 'ActionInvoked') {
      const [id, key] = msg.body as [number, string];
      const incidentId = incidentById.get(id);
      const action = ACTION_KEYS.get(key);
      if (incidentId === undefined || action === undefined) return;
      for (const l of listeners) {
        try { l(incidentId, action); } catch (e) { opts.log.error(`notifications: action handler failed: ${(e as Error).message}`); }
      }
    } else if (msg.member === 'NotificationClosed') {
      forget(msg.body[0] as number);
    }
  }

  return {
    name: 'dbus',
    server,
    async notify(n: PageNotification) {
      const replacesId = idByIncident.get(n.incidentId) ?? 0;
      const actions = [...n.actions.flatMap((a) => [a, ACTION_LABELS[a]]), 'default', 'Open'];
      const critical = n.urgency === 'critical';
      const hints: Record<string, Variant> = {
        urgency: new Variant('y', critical ? 2 : 1),
        category: new Variant('s', 'x-klaxon.incident'),
        'desktop-entry': new Variant('s', 'klaxon'),
        ...(n.sound
          ? { 'sound-name': new Variant('s', critical ? 'alarm-clock-elapsed' : 'message-new-instant') }
          : { 'suppress-sound': new Variant('b', true) }),
      };
      // A critical page never expires by itself (0); a normal one follows the server's default (-1).
      const [id] = await call(notifications, 'Notify', 'susssasa{sv}i',
        [appName, replacesId, 'dialog-warning', n.title, markup ? escapeMarkup(n.body) : n.body, actions, hints, critical ? 0 : -1]) as [number];
      if (replacesId && replacesId !== id) forget(replacesId);
      idByIncident.set(n.incidentId, id);
      incidentById.set(id, n.incidentId);
    },
    async withdraw(incidentId: string) {
      const id = idByIncident.get(incidentId);
      if (id === undefined) return;
      forget(id);
      try {
        await call(notifications, 'CloseNotification', 'u', [id]);
      } catch {
        // Already gone (expired, dismissed, server restarted): nothing left to withdraw.
      }
    },
    onAction(listener) {
      listeners.add(listener);
    },
    async close() {
      if (closed) return;
      closed = true;
      listeners.clear();
      bus.disconnect();
    },
  };
}
