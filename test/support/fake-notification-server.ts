// A small org.freedesktop.Notifications server on a (private) session bus, for the notification tests and the
// trigger → Notify benchmark: it answers like a desktop's notification daemon, records every Notify and
// CloseNotification call with the instant it arrived, and can press an action button (ActionInvoked) the way a
// user would. It speaks real D-Bus through the bus daemon; only the screen is missing.
import { sessionBus, Message, MessageType, NameFlag, RequestNameReply, type MessageBus } from 'dbus-next';
import { performance } from 'node:perf_hooks';

const PATH = '/org/freedesktop/Notifications';
const IFACE = 'org.freedesktop.Notifications';

export interface NotifyCall {
  /** The id this server gave the notification (the same as replacesId when it replaced one). */
  id: number;
  appName: string;
  replacesId: number;
  summary: string;
  body: string;
  actions: string[];
  hints: Record<string, unknown>;
  expireTimeout: number;
  /** performance.now() when the call arrived. */
  at: number;
}

export interface FakeNotificationServer {
  readonly calls: NotifyCall[];
  /** Ids passed to CloseNotification, in order. */
  readonly closed: number[];
  /** Notifications currently on screen, by id. */
  readonly showing: ReadonlyMap<number, NotifyCall>;
  /** Resolves with the first call (already recorded or still to come) that matches. */
  waitForNotify(match: (c: NotifyCall) => boolean, timeoutMs?: number): Promise<NotifyCall>;
  waitForClose(id: number, timeoutMs?: number): Promise<void>;
  onNotify(listener: (c: NotifyCall) => void): () => void;
  /** What a click on an action button does: ActionInvoked, then (like dunst or GNOME) the bubble closes. */
  invokeAction(id: number, actionKey: string): void;
  stop(): Promise<void>;
}

export async function startFakeNotificationServer(busAddress: string): Promise<FakeNotificationServer> {
  const bus: MessageBus = sessionBus({ busAddress });
  bus.on('error', () => { /* the test sees the consequence; a dying bus at teardown is expected */ });
  const calls: NotifyCall[] = [];
  const closed: number[] = [];
  const showing = new Map<number, NotifyCall>();
  const listeners = new Set<(c: NotifyCall) => void>();
  const closeWaiters = new Set<() => void>();
  let nextId = 1;

  const signal = (member: string, signature: string, body: unknown[]) =>
    bus.send(Message.newSignal(PATH, IFACE, member, signature, body));
  const closeBubble = (id: number, reason: number) => {
    if (!showing.delete(id)) return;
    signal('NotificationClosed', 'uu', [id, reason]);
  };

  bus.addMethodHandler((msg: Message) => {
    if (msg.type !== MessageType.METHOD_CALL || msg.interface !== IFACE || msg.path !== PATH) return false;
    const reply = (signature?: string, body?: unknown[]) => { bus.send(Message.newMethodReturn(msg, signature, body)); return true; };
    switch (msg.member) {
      case 'GetServerInformation':
        return reply('ssss', ['klaxon-test-notifyd', 'klaxon', '1.0', '1.2']);
      case 'GetCapabilities':
        return reply('as', [['actions', 'body', 'persistence', 'sound']]);
      case 'Notify': {
        const [appName, replacesId, , summary, body, actions, hints, expireTimeout] = msg.body as
          [string, number, string, string, string, string[], Record<string, { value: unknown }>, number];
        const id = replacesId && showing.has(replacesId) ? replacesId : nextId++;
        const call: NotifyCall = {
          id, appName, replacesId, summary, body, actions, expireTimeout, at: performance.now(),
          hints: Object.fromEntries(Object.entries(hints).map(([k, v]) => [k, v.value])),
        };
        calls.push(call);
        showing.set(id, call);
        reply('u', [id]);
        for (const l of listeners) l(call);
        return true;
      }
      case 'CloseNotification': {
        const id = msg.body[0] as number;
        closed.push(id);
        closeBubble(id, 3);
        for (const w of closeWaiters) w();
        return reply();
      }
      default:
        return false;
    }
  });

  await new Promise<void>((resolve, reject) => {
    bus.once('connect', () => resolve());
    bus.once('error', reject);
  });
  const got = await bus.requestName(IFACE, NameFlag.DO_NOT_QUEUE);
  if (got !== RequestNameReply.PRIMARY_OWNER) throw new Error(`could not own ${IFACE} on the test bus (reply ${got})`);

  const waitFor = <T>(check: () => T | undefined, subscribe: (wake: () => void) => () => void, timeoutMs: number, what: string) =>
    new Promise<T>((resolve, reject) => {
      const now = check();
      if (now !== undefined) return resolve(now);
      const timer = setTimeout(() => { unsubscribe(); reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)); }, timeoutMs);
      const unsubscribe = subscribe(() => {
        const v = check();
        if (v !== undefined) { clearTimeout(timer); unsubscribe(); resolve(v); }
      });
    });

  return {
    calls, closed, showing,
    waitForNotify: (match, timeoutMs = 10_000) => waitFor(
      () => calls.find(match),
      (wake) => { listeners.add(wake); return () => listeners.delete(wake); },
      timeoutMs, 'a matching Notify call'),
    waitForClose: (id, timeoutMs = 10_000) => waitFor(
      () => (closed.includes(id) ? true : undefined),
      (wake) => { closeWaiters.add(wake); return () => closeWaiters.delete(wake); },
      timeoutMs, `CloseNotification(${id})`).then(() => undefined),
    onNotify(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    invokeAction(id, actionKey) {
      signal('ActionInvoked', 'us', [id, actionKey]);
      closeBubble(id, 2);
    },
    async stop() {
      listeners.clear();
      // Disconnecting gives up the name; no call here, so stopping works even after the bus daemon is gone.
      bus.disconnect();
    },
  };
}
