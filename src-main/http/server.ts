// The receiver: one Fastify instance with the Events API, PagerDuty's formats (v2, v1, Change Events, the Nagios
// form), the Incidents API, changes, admin routes, the OpenAPI document, a health check, and the browser bridge. Every
// error leaves in the seeds' shape, except on PagerDuty's endpoints, which keep PagerDuty's.
import { trustedProxies } from './trusted-proxies.ts';
import Fastify, { type FastifyInstance, type FastifyError, type FastifyReply } from 'fastify';
import type { AddressInfo } from 'node:net';
import type { KlaxonHandlers } from '../../src-shared/api.ts';
import type { HostInfo } from '../../src-shared/schemas/settings.ts';
import { KlaxonError } from '../../src-shared/schemas/errors.ts';
import type { Engine } from '../engine/types.ts';
import type { Logger } from '../log.ts';
import type { Clock, FakeClock } from '../clock.ts';
import { browserBridge } from './browser/plugin.ts';
import type { BrowserSessions } from './browser/sessions.ts';
import { createRouter, type RouteSpec } from './router.ts';
import { toProblem, errorBody, retryableForSender, type Problem } from './problem.ts';
import { apiHostAllowed, extraAllowedHosts } from './host-check.ts';
import { answerClientError, connectionLimits, nodeServerOptions, type ConnectionLimits } from './connection-limits.ts';
import { createIntakeLimiter, type IntakeLimiterOptions } from './intake-limiter.ts';
import { tooDeepBody } from './json-depth.ts';
import { eventsRoutes } from './routes/events.ts';
import { pagerDutyPlugin } from './pagerduty/plugin.ts';
import { changeRoutes } from './routes/changes.ts';
import { incidentRoutes } from './routes/incidents.ts';
import { maintenanceRoutes } from './routes/maintenance.ts';
import { monitorRoutes } from './routes/monitors.ts';
import { heartbeatRoutes } from './routes/heartbeats.ts';
import type { CheckRunner } from '../monitors/check-runner.ts';
import type { HeartbeatRunner } from '../monitors/heartbeat-runner.ts';
import { webhookRoutes } from './routes/webhooks.ts';
import { statusPageRoutes } from './routes/status-pages.ts';
import type { WebhookRunner } from '../outbound/webhook-runner.ts';
import { localActionRoutes } from './routes/local-actions.ts';
import { localActionConfig } from '../outbound/local-action-config.ts';
import type { LocalActionRunner } from '../outbound/local-action-runner.ts';
import { statusSubscriberRoutes } from './routes/status-subscribers.ts';
import { statusSubscriberPages } from './status-subscriber-pages.ts';
import { createSubscribeLimiter } from '../status/subscribe-limiter.ts';
import { NO_STATUS_PAGES, type StatusPageDirectory } from '../status/subscriber-seams.ts';
import type { SubscriberRunner } from '../status/subscriber-runner.ts';
import { adminRoutes } from './routes/admin.ts';
import { sessionRoutes } from './routes/sessions.ts';
import { teamRoutes } from './routes/team.ts';
import { reportRoutes } from './routes/reports.ts';
import { calendarRoutes } from './routes/calendar.ts';
import { onCallRoutes } from './routes/oncall.ts';
import { metaRoutes } from './routes/meta.ts';
import { testHookRoutes } from './routes/test-hooks.ts';
import { metricsRoutes } from './routes/metrics.ts';
import { createMetrics, type MetricsSources } from './metrics/metrics.ts';
import { statusPlugin } from '../status/routes.ts';
import type { StatusSource } from '../status/source.ts';
import { createStatusSource } from '../status/status-source.ts';

export interface ReceiverDeps {
  engine: Engine;
  handlers: KlaxonHandlers;
  sessions: BrowserSessions;
  log: Logger;
  clock: Clock;
  hostInfo: () => HostInfo;
  rendererDir?: string;
  testHooks?: { clock: FakeClock };
  /** Takes heartbeats for the monitors this device runs. */
  heartbeats?: HeartbeatRunner;
  /** Runs the HTTP and TCP monitors this device is the runner of (answers where each stands). */
  checks?: Pick<CheckRunner, 'check'>;
  /** Outbound webhook delivery: the test button and "send again". */
  webhooks?: Pick<WebhookRunner, 'sendTest' | 'resend'>;
  /** Local actions: the test button and "run again". */
  localActions?: Pick<LocalActionRunner, 'test' | 'rerun'>;
  /** Status page subscribers: the published pages, and the runner that takes subscriptions and mails them. */
  subscribers?: { pages: StatusPageDirectory; runner: Pick<SubscriberRunner, 'subscribe'> };
  /** Timeouts and caps per connection (defaults in connection-limits.ts). */
  connections?: Partial<ConnectionLimits>;
  /** The API keys' intake limit (default 1,000/s, burst 10,000; services carry their own). */
  intake?: Pick<IntakeLimiterOptions, 'keyLimit'>;
  /** What GET /metrics reads besides the engine: the notifier's counts, sync's peers. */
  metrics?: Pick<MetricsSources, 'notifications' | 'peers'>;
  /** The public status pages served at /status/* (none until one is given). */
  statusSource?: StatusSource;
}

export interface Receiver {
  app: FastifyInstance;
  listen(host: string, port: number): Promise<{ host: string; port: number }>;
  /** Stops taking requests, lets in-flight ones finish, then closes the sockets. */
  close(): Promise<void>;
}

/**
 * A URL without its query string, for logs and messages: a query may carry a credential (a calendar feed's token is
 * the only one its URL has), and a log is no place for one.
 */
const pathOf = (url: string): string => url.split('?')[0]!;

/** After this long, connections still open at close (a stuck client, an SSE stream) are cut. */
const CLOSE_GRACE_MS = 10_000;

export async function createReceiver(deps: ReceiverDeps): Promise<Receiver> {
  const { engine, log } = deps;
  const limits = connectionLimits(deps.connections);
  const app = Fastify({
    logger: false,
    bodyLimit: 1024 * 1024,
    http: nodeServerOptions(limits),
    requestTimeout: limits.requestTimeoutMs,
    connectionTimeout: limits.idleTimeoutMs,
    keepAliveTimeout: limits.keepAliveTimeoutMs,
    maxRequestsPerSocket: limits.maxRequestsPerSocket,
    // A status page's one-click unsubscribe link carries a signature (status/unsubscribe-token.ts): ~130 characters.
    routerOptions: { maxParamLength: 256 },
    // request.ip is the visitor behind a listed reverse proxy (KLAXON_TRUSTED_PROXIES), else the peer.
    trustProxy: trustedProxies(),
    // A stalled request gets a 408 in the seeds' shape, not Fastify's own.
    clientErrorHandler: answerClientError,
    // We answer 503 ourselves while closing, in our error shape and with Retry-After.
    return503OnClosing: false,
    forceCloseConnections: 'idle',
    // A URL Fastify cannot even decode (`/api/incidents/%E0%A4%A`) never reaches the error handler: answer it here,
    // in the seeds' shape like every other 400.
    frameworkErrors: (err, _request, reply) => send(toProblem(err), reply),
  });
  app.server.maxConnections = limits.maxConnections;

  // JSON only: text/plain bodies on JSON routes are a 415, not a string that fails validation later.
  app.removeContentTypeParser('text/plain');
  // A GET or DELETE that says application/json but sends nothing is not malformed JSON; it just has no body.
  const defaultJson = app.getDefaultJsonParser('error', 'ignore');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    if (body === '' && request.method !== 'POST' && request.method !== 'PATCH' && request.method !== 'PUT') return done(null, undefined);
    const tooDeep = tooDeepBody(body as string);
    if (tooDeep) return done(tooDeep);
    defaultJson(request, body as string, done);
  });

  let closing = false;
  const extraHosts = extraAllowedHosts();
  // Callback-style hooks: they run on every request, and skipping a promise per hook is measurable at 20k req/s.
  app.addHook('onRequest', (request, reply, done) => {
    if (!apiHostAllowed(request.headers.host, deps.hostInfo().listen.host, extraHosts)) {
      return done(new KlaxonError('FORBIDDEN', `Host ${JSON.stringify(request.headers.host)} is not allowed; use 127.0.0.1 or localhost, or list it in KLAXON_ALLOWED_HOSTS`));
    }
    if (closing) {
      void reply.header('connection', 'close');
      return done(new KlaxonError('UNAVAILABLE', 'Klaxon is shutting down; retry shortly'));
    }
    done();
  });

  // Answers finished while closing end their keep-alive connection, so close() need not wait for clients to hang up.
  app.addHook('onSend', (_request, reply, payload, done) => {
    if (closing) void reply.header('connection', 'close');
    done(null, payload);
  });

  const send = (problem: Problem, reply: FastifyReply) => {
    if (problem.retryAfter !== undefined) void reply.header('retry-after', String(problem.retryAfter));
    if (problem.status === 401) void reply.header('www-authenticate', 'Bearer');
    return reply.code(problem.status).send(errorBody(problem));
  };
  app.setErrorHandler((err: FastifyError, request, reply) => {
    const first = toProblem(err);
    if (first.status >= 500 && first.code === 'INTERNAL') log.error(`${request.method} ${pathOf(request.url)}: ${err.stack ?? err.message}`);
    // An event route (seed 003's /api/events) answers an unexpected failure as PagerDuty's do: 503, retry.
    const intake = registry.some((r) => r.intake && r.method === request.method && r.url === request.routeOptions.url);
    return send(intake ? retryableForSender(first) : first, reply);
  });
  app.setNotFoundHandler((request, reply) =>
    send({ status: 404, code: 'NOT_FOUND', message: `No route ${request.method} ${pathOf(request.url)}` }, reply));

  const registry: RouteSpec[] = [];
  const limiter = createIntakeLimiter(deps.intake);
  const metrics = createMetrics({ engine, version: deps.hostInfo().version, ...deps.metrics });
  await app.register(async (api) => {
    // Incident data must not linger in caches (a route that may be cached says so itself: a calendar feed).
    api.addHook('onSend', (_request, reply, payload, done) => {
      if (!reply.hasHeader('cache-control')) void reply.header('cache-control', 'no-store');
      done(null, payload);
    });
    const router = createRouter(api, engine, registry, limiter, metrics.observeEvent);
    eventsRoutes(router);
    incidentRoutes(router, engine);
    maintenanceRoutes(router, engine);
    changeRoutes(router, engine);
    monitorRoutes(router, engine, (m) => deps.heartbeats?.check(m) ?? deps.checks?.check(m));
    if (deps.heartbeats) heartbeatRoutes(router, deps.heartbeats);
    adminRoutes(router, engine);
    webhookRoutes(router, engine, deps.webhooks);
    statusPageRoutes(router, engine);
    localActionRoutes(router, engine, localActionConfig(engine), deps.localActions);
    statusSubscriberRoutes(router, engine, deps.subscribers?.pages ?? NO_STATUS_PAGES.pages);
    sessionRoutes(router, deps.sessions);
    teamRoutes(router, deps.handlers);
    onCallRoutes(router, deps.handlers);
    reportRoutes(router, deps.handlers);
    calendarRoutes(router, deps.handlers, engine, deps.clock);
    metaRoutes(router, registry, deps.hostInfo, engine);
    metricsRoutes(router, metrics, engine);
    if (deps.testHooks) testHookRoutes(router, deps.testHooks.clock);
  });
  await app.register(statusPlugin({ source: deps.statusSource ?? createStatusSource(engine), clock: deps.clock }));
  if (deps.subscribers) await app.register(statusSubscriberPages({ engine, log, ...deps.subscribers, limiter: createSubscribeLimiter() }));
  await app.register(pagerDutyPlugin(engine, log, registry, limiter, metrics.observeEvent));
  await app.register(browserBridge, {
    handlers: deps.handlers, engine, sessions: deps.sessions, log, rendererDir: deps.rendererDir, hostInfo: deps.hostInfo,
  });
  await app.ready();

  let closed: Promise<void> | undefined;
  return {
    app,
    async listen(host, port) {
      await app.listen({ host, port });
      const address = app.server.address() as AddressInfo;
      return { host, port: address.port };
    },
    close() {
      closed ??= (async () => {
        closing = true;
        const force = setTimeout(() => app.server.closeAllConnections(), CLOSE_GRACE_MS);
        force.unref();
        try {
          await app.close();
        } finally {
          clearTimeout(force);
        }
      })();
      return closed;
    },
  };
}
