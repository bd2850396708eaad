// Composition root: `createKlaxon(config)` wires store, engine, receiver, pager and team sync, and returns
// them with one `close()`. The headless host and the Electron shell both start Klaxon through here.
import { createEngine } from './engine/engine.ts';
import { createApiHandlers } from './api-handlers.ts';
import { createReceiver, type Receiver } from './http/server.ts';
import { createPager, type Pager } from './pager/pager.ts';
import { createWebhookRunner, type WebhookRunner } from './outbound/webhook-runner.ts';
import { createSubscriberRunner, type SubscriberRunner } from './status/subscriber-runner.ts';
import { NO_STATUS_PAGES, type PublishedUpdates, type StatusPageDirectory } from './status/subscriber-seams.ts';
import { createShiftReminders } from './pager/shift-reminders.ts';
import { createTimedDecisions } from './engine/timed-decisions.ts';
import { createHeartbeatRunner, type HeartbeatRunner } from './monitors/heartbeat-runner.ts';
import { selectNotifier } from './pager/select-notifier.ts';
import type { Notifier } from './pager/notifier.ts';
import { countingNotifier } from './pager/counting-notifier.ts';
import type { Engine } from './engine/types.ts';
import type { KlaxonHandlers } from '../src-shared/api.ts';
import type { HostInfo } from '../src-shared/schemas/settings.ts';
import type { ConnectionLimits } from './http/connection-limits.ts';
import type { RateLimit } from '../src-shared/schemas/admin.ts';
import { openBridgeAuthStore } from './http/browser/auth-store.ts';
import { createBrowserSessions, type BrowserSessions } from './http/browser/sessions.ts';
import { systemClock, type Clock, FakeClock } from './clock.ts';
import { stderrLogger, type Logger } from './log.ts';
import { KLAXON_VERSION } from './version.ts';
import { createSyncManager, type SyncManager } from './sync/manager.ts';

export interface KlaxonConfig {
  dataDir: string;
  /** Override the listen address in settings (CLI flags, environment). */
  host?: string;
  port?: number;
  clock?: Clock;
  /** A ready notifier (Electron passes its own), 'auto' to pick one for this OS, or 'none'. */
  notifier?: Notifier | 'auto' | 'none';
  log?: Logger;
  /** `full` fsyncs every commit (default); `normal` survives a process crash but not a power cut. */
  durability?: 'full' | 'normal';
  /** The built window, served at `/` for the browser bridge. */
  rendererDir?: string;
  bridge?: HostInfo['bridge'];
  /** Test hooks (fake-clock control endpoint); only with KLAXON_TEST_HOOKS=1. */
  testHooks?: boolean;
  /** Start the receiver (default true). */
  listen?: boolean;
  /** Team sync: where to listen once this device is in a team (default all interfaces, port 8978); false: off. */
  sync?: { host?: string; port?: number } | false;
  /** Called whenever sync starts listening (the headless host records it in its runtime file). */
  onSyncListening?: (address: string) => void;
  /** The receiver's timeouts and caps per connection (tests shorten them). */
  connections?: Partial<ConnectionLimits>;
  /** Each API key's intake limit (default 1,000 requests/s, burst 10,000); a service's is set on the service. */
  keyRateLimit?: RateLimit;
  /** What status pages publish and where (default: none yet); subscribers are told of it. */
  statusPages?: { updates: PublishedUpdates; pages: StatusPageDirectory };
}

export interface Klaxon {
  engine: Engine;
  handlers: KlaxonHandlers;
  /** Browser sessions of the headless host's window (listed and revoked in Settings, the admin API, the CLI). */
  sessions: BrowserSessions;
  pager: Pager;
  heartbeats: HeartbeatRunner;
  /** Outbound webhook delivery (this device's events only). */
  webhooks: WebhookRunner;
  /** Status page subscribers' confirmation mails and notices (this device's updates only). */
  subscribers: SubscriberRunner;
  receiver: Receiver;
  /** Team sync (null when turned off). */
  sync: SyncManager | null;
  /** Where the receiver listens, once started. */
  address: { host: string; port: number };
  baseUrl: string;
  close(): Promise<void>;
}

export async function createKlaxon(config: KlaxonConfig): Promise<Klaxon> {
  const log = config.log ?? stderrLogger();
  const clock = config.clock ?? (config.testHooks ? new FakeClock(Date.now()) : systemClock);
  const engine = createEngine({ dataDir: config.dataDir, clock, log, durability: config.durability ?? 'full' });
  const settings = engine.getSettings();
  const host = config.host ?? settings.listen.host;
  const port = config.port ?? settings.listen.port;
  let address = { host, port };
  const baseUrl = () => `http://${address.host.includes(':') ? `[${address.host}]` : address.host}:${address.port}`;

  // Counted where every page passes, for GET /metrics.
  const notifier = countingNotifier(typeof config.notifier === 'object'
    ? config.notifier
    : await selectNotifier({ log, prefer: config.notifier === 'none' ? 'none' : undefined }));
  const pager = createPager({ engine, notifier, clock, log });
  const reminders = createShiftReminders({ engine, notifier, clock, log });
  const decisions = createTimedDecisions({ engine, clock, log });
  const heartbeats = createHeartbeatRunner({ engine, clock, log });
  const webhooks = createWebhookRunner({ engine, clock, log });
  const statusPages = config.statusPages ?? NO_STATUS_PAGES;
  const subscribers = createSubscriberRunner({ engine, clock, log, updates: statusPages.updates });

  const hostInfo = (): HostInfo => ({
    version: KLAXON_VERSION, deviceId: engine.deviceId, listen: address, baseUrl: baseUrl(),
    notifier: notifier.name, bridge: config.bridge ?? 'http',
  });
  const sessionStore = openBridgeAuthStore(config.dataDir);
  const sessions = createBrowserSessions({ store: sessionStore, engine });
  let sync: SyncManager | null = null;
  const handlers = createApiHandlers({ engine, hostInfo, sessions, log, sync: () => sync });
  let receiver: Receiver;
  try {
    receiver = await createReceiver({
      engine, handlers, sessions, log, clock, hostInfo, rendererDir: config.rendererDir, connections: config.connections, heartbeats,
      intake: config.keyRateLimit ? { keyLimit: config.keyRateLimit } : undefined,
      metrics: { notifications: notifier.counts, peers: () => sync?.peerLag() ?? null },
      testHooks: config.testHooks && clock instanceof FakeClock ? { clock } : undefined,
      webhooks,
      subscribers: { pages: statusPages.pages, runner: subscribers },
    });
    if (config.listen !== false) address = await receiver.listen(host, port);
  } catch (e) {
    // The port was taken (EADDRINUSE) or the bind address is wrong: leave nothing open behind the error.
    await pager.close();
    reminders.close();
    decisions.close();
    await heartbeats.close();
    await notifier.close();
    sessionStore.close();
    await engine.close();
    throw e;
  }
  pager.start();
  reminders.start();
  decisions.start();
  heartbeats.start();
  webhooks.start();
  subscribers.start();
  sync = config.sync === false ? null : createSyncManager({
    engine, log, host: config.sync?.host, port: config.sync?.port, onListening: config.onSyncListening,
  });

  let closing: Promise<void> | undefined;
  return {
    engine, handlers, sessions, pager, heartbeats, webhooks, subscribers, receiver, sync,
    get address() { return address; },
    get baseUrl() { return baseUrl(); },
    close() {
      // Stop taking requests (in-flight ones finish), stop paging, then let the engine flush and close the database.
      closing ??= (async () => {
        await sync?.close();
        await receiver.close();
        sessionStore.close();
        decisions.close();
        await heartbeats.close();
        reminders.close();
        await webhooks.close();
        await subscribers.close();
        await pager.close();
        await notifier.close();
        await engine.close();
      })();
      return closing;
    },
  };
}
