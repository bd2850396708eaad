// Composition root: `createKlaxon(config)` wires store, engine, receiver, pager and team sync, and returns
// them with one `close()`. The headless host and the Electron shell both start Klaxon through here.
import os from 'node:os';
import { createEngine } from './engine/engine.ts';
import { createApiHandlers } from './api-handlers.ts';
import { createReceiver, type Receiver } from './http/server.ts';
import { createPager, type Pager } from './pager/pager.ts';
import { createWebhookRunner, type WebhookRunner } from './outbound/webhook-runner.ts';
import { createLocalActionRunner, type LocalActionRunner } from './outbound/local-action-runner.ts';
import { createSubscriberRunner, type SubscriberRunner } from './status/subscriber-runner.ts';
import type { PublishedUpdates, StatusPageDirectory } from './status/subscriber-seams.ts';
import { statusPageNotices } from './status/page-notices.ts';
import { createShiftReminders } from './pager/shift-reminders.ts';
import { createTimedDecisions } from './engine/timed-decisions.ts';
import { createHeartbeatRunner, type HeartbeatRunner } from './monitors/heartbeat-runner.ts';
import { createResultRecorder, type ResultRecorder } from './monitors/result-recorder.ts';
import { createCheckRunner, type CheckRunner, type CheckRunnerOptions } from './monitors/check-runner.ts';
import { createRollupWriter, type RollupWriter } from './monitors/rollup-writer.ts';
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
import type { StatusSource } from './status/source.ts';
import { createStatusSource } from './status/status-source.ts';
import { createStatusListener, type StatusListener } from './status/listener.ts';

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
  /** The HTTP/TCP check runner's settings (tests: a CA to trust, a recorder to watch, shorter rounds). */
  checks?: Partial<Pick<CheckRunnerOptions, 'recorder' | 'extraCa' | 'networkUp' | 'roundMs' | 'maxInFlight' | 'lookup'>>;
  /** Where public status pages come from (default: the team's status pages; tests give fixtures). */
  statusSource?: StatusSource;
  /** A second listener serving only /status/* (`--status-host`/`--status-port`); off unless given. */
  statusListen?: { host: string; port: number };
  /** What status pages publish and where, for their subscribers (default: the team's status pages; tests give fixtures). */
  statusPages?: { updates: PublishedUpdates; pages: StatusPageDirectory };
}


export interface Klaxon {
  engine: Engine;
  handlers: KlaxonHandlers;
  /** Browser sessions of the headless host's window (listed and revoked in Settings, the admin API, the CLI). */
  sessions: BrowserSessions;
  pager: Pager;
  heartbeats: HeartbeatRunner;
  /** Closes hours and days of monitor results into the team's rollups (and its recorder keeps the raw results). */
  rollups: RollupWriter;
  /** Where every monitor runner hands each check's outcome (kept here a day). */
  recorder: ResultRecorder;
  /** HTTP and TCP monitors this device runs. */
  checks: CheckRunner;
  /** Outbound webhook delivery (this device's events only). */
  webhooks: WebhookRunner;
  /** Local actions: commands this device runs on incident events (device-local). */
  localActions: LocalActionRunner;
  /** Status page subscribers' confirmation mails and notices (this device's updates only). */
  subscribers: SubscriberRunner;
  receiver: Receiver;
  /** Team sync (null when turned off). */
  sync: SyncManager | null;
  /** Where the status listener listens (null without `statusListen`). */
  statusAddress: { host: string; port: number } | null;
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
  const recorder = createResultRecorder({ store: engine.store, clock, log });
  const rollups = createRollupWriter({ engine, clock, log, recorder });
  const heartbeats = createHeartbeatRunner({ engine, clock, log, recorder });
  const checks = createCheckRunner({ engine, clock, log, recorder, ...config.checks });
  const webhooks = createWebhookRunner({ engine, clock, log });
  const localActions = createLocalActionRunner({ engine, clock, log });
  const statusSource = config.statusSource ?? createStatusSource(engine);
  let statusAddress: { host: string; port: number } | null = null;
  // Where /status/<slug> answers for the public, for the links in subscribers' mail: the status listener when there
  // is one, else the receiver — a wildcard bind address (0.0.0.0, ::) named by this machine's host name. A page
  // served behind a proxy or on a public name says so in its own `publicUrl`, which every device uses.
  const publicOrigin = () => {
    const at = statusAddress ?? address;
    const host = at.host === '0.0.0.0' || at.host === '::' ? os.hostname() : at.host;
    return `http://${host.includes(':') ? `[${host}]` : host}:${at.port}`;
  };
  const statusPages = config.statusPages ?? statusPageNotices(engine, statusSource, publicOrigin);
  const subscribers = createSubscriberRunner({ engine, clock, log, updates: statusPages.updates });

  const hostInfo = (): HostInfo => ({
    version: KLAXON_VERSION, deviceId: engine.deviceId, listen: address, baseUrl: baseUrl(),
    notifier: notifier.name, bridge: config.bridge ?? 'http',
  });
  const sessionStore = openBridgeAuthStore(config.dataDir);
  const sessions = createBrowserSessions({ store: sessionStore, engine });
  let sync: SyncManager | null = null;
  const handlers = createApiHandlers({ engine, hostInfo, sessions, log, sync: () => sync, webhooks, localActions, monitorCheck: (m) => heartbeats.check(m) ?? checks.check(m) });
  let receiver: Receiver;
  let statusListener: StatusListener | null = null;
  // Set once the receiver listens: a status port that is taken must not leave the receiver open behind the error.
  let listening: Receiver | null = null;
  try {
    receiver = await createReceiver({
      engine, handlers, sessions, log, clock, hostInfo, rendererDir: config.rendererDir, connections: config.connections, heartbeats, checks,
      intake: config.keyRateLimit ? { keyLimit: config.keyRateLimit } : undefined,
      metrics: { notifications: notifier.counts, peers: () => sync?.peerLag() ?? null },
      testHooks: config.testHooks && clock instanceof FakeClock ? { clock } : undefined,
      webhooks, statusSource,
      localActions,
      subscribers: { pages: statusPages.pages, runner: subscribers },
    });
    if (config.listen !== false) address = await receiver.listen(host, port);
    listening = receiver;
    if (config.statusListen) {
      statusListener = await createStatusListener({
        source: statusSource, clock, log, connections: config.connections, heartbeats,
        subscribers: { engine, pages: statusPages.pages, runner: subscribers },
      });
      statusAddress = await statusListener.listen(config.statusListen.host, config.statusListen.port);
    }
  } catch (e) {
    // The port was taken (EADDRINUSE) or the bind address is wrong: leave nothing open behind the error.
    await statusListener?.close();
    await listening?.close();
    await pager.close();
    reminders.close();
    decisions.close();
    await heartbeats.close();
    await checks.close();
    recorder.close();
    await notifier.close();
    sessionStore.close();
    await engine.close();
    throw e;
  }
  pager.start();
  reminders.start();
  decisions.start();
  heartbeats.start();
  checks.start();
  rollups.start();
  webhooks.start();
  localActions.start();
  subscribers.start();
  sync = config.sync === false ? null : createSyncManager({
    engine, log, host: config.sync?.host, port: config.sync?.port, onListening: config.onSyncListening,
  });

  let closing: Promise<void> | undefined;
  return {
    engine, handlers, sessions, pager, heartbeats, checks, rollups, recorder, webhooks, localActions, subscribers, receiver, sync,
    statusAddress,
    get address() { return address; },
    get baseUrl() { return baseUrl(); },
    close() {
      // Stop taking requests (in-flight ones finish), stop paging, then let the engine flush and close the database.
      closing ??= (async () => {
        await sync?.close();
        await statusListener?.close();
        await receiver.close();
        sessionStore.close();
        decisions.close();
        await heartbeats.close();
        await checks.close();
        // After the runners: their last results are flushed before the database closes.
        await rollups.close();
        reminders.close();
        await webhooks.close();
        await localActions.close();
        await subscribers.close();
        await pager.close();
        await notifier.close();
        await engine.close();
      })();
      return closing;
    },
  };
}
