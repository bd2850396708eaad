// The status listener (`klaxon serve --status-host H --status-port P`): a second HTTP server that answers /status/*
// and the heartbeat push URLs and nothing else, so the public pages and a cron job's pings can reach this device from
// the internet while the API, the window and every key-protected route stay on the receiver's own (loopback)
// address. No Host check here: what it serves is public (a heartbeat's token is its own credential).
import { trustedProxies } from '../http/trusted-proxies.ts';
import { statusSubscriberPages, type SubscriberPagesDeps } from '../http/status-subscriber-pages.ts';
import { createSubscribeLimiter } from './subscribe-limiter.ts';
import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify';
import type { AddressInfo } from 'node:net';
import { answerClientError, connectionLimits, nodeServerOptions, type ConnectionLimits } from '../http/connection-limits.ts';
import { errorBody, toProblem, type Problem } from '../http/problem.ts';
import type { Logger } from '../log.ts';
import { statusPlugin, type StatusRoutesDeps } from './routes.ts';
import { parseRequest } from '../http/validate.ts';
import type { Router } from '../http/router.ts';
import { heartbeatRoutes } from '../http/routes/heartbeats.ts';
import type { HeartbeatRunner } from '../monitors/heartbeat-runner.ts';

export interface StatusListener {
  listen(host: string, port: number): Promise<{ host: string; port: number }>;
  close(): Promise<void>;
}

const refuse = (problem: Problem, reply: FastifyReply) => reply.code(problem.status).header('cache-control', 'no-store').send(errorBody(problem));

/** A heartbeat's body is `{"status":"down","msg":"…"}` at most (msg ≤ 1000 characters). */
const PUBLIC_ROUTE_BODY_LIMIT = 4096;

/**
 * The receiver's route declarations, for the few that are open to anyone: validated the same way and answered in the
 * same shape. A route that needs a key has no place on this listener, and registering one is a programming error.
 */
function publicRouter(app: FastifyInstance): Router {
  return {
    route(spec) {
      if (spec.access !== 'public') throw new Error(`${spec.method} ${spec.url} needs ${spec.access}: not for the status listener`);
      app.route({
        method: spec.method, url: spec.url, bodyLimit: spec.bodyLimit ?? PUBLIC_ROUTE_BODY_LIMIT,
        handler: async (request, reply) => {
          const { params, query, body } = parseRequest(spec, { params: request.params, query: request.query, body: request.body });
          const result = await spec.handler({
            params, query, body, key: null, actor: 'system', request, reply,
            ingest: () => Promise.reject(new Error('no event intake on the status listener')),
          });
          return reply.code(spec.status ?? 200).header('cache-control', 'no-store').send(result);
        },
      });
    },
  };
}

export interface StatusListenerDeps extends StatusRoutesDeps {
  log: Logger;
  connections?: Partial<ConnectionLimits>;
  /** Heartbeat pushes (GET|POST /api/heartbeats/:token) are taken here too when given. */
  heartbeats?: HeartbeatRunner;
  /** Subscribing, confirming and unsubscribing (/status/:slug/subscribe, …) are taken here too when given. */
  subscribers?: Omit<SubscriberPagesDeps, 'log' | 'limiter'>;
}

export async function createStatusListener(deps: StatusListenerDeps): Promise<StatusListener> {
  const limits = connectionLimits(deps.connections);
  const app = Fastify({
    logger: false,
    bodyLimit: 1024,
    // A signed unsubscribe link's token is about 130 characters (as on the receiver).
    routerOptions: { maxParamLength: 256 },
    // request.ip is the visitor behind a listed reverse proxy (KLAXON_TRUSTED_PROXIES), else the peer.
    trustProxy: trustedProxies(),
    http: nodeServerOptions(limits),
    requestTimeout: limits.requestTimeoutMs,
    connectionTimeout: limits.idleTimeoutMs,
    keepAliveTimeout: limits.keepAliveTimeoutMs,
    maxRequestsPerSocket: limits.maxRequestsPerSocket,
    clientErrorHandler: answerClientError,
    forceCloseConnections: true,
    // A URL Fastify cannot decode, or a slug past the router's limit: a 400 or 414 in the seeds' shape, as on the receiver.
    frameworkErrors: (err, _request, reply) => { void refuse(toProblem(err), reply); },
  });
  app.server.maxConnections = limits.maxConnections;
  app.setNotFoundHandler((request, reply) => reply.code(404).header('cache-control', 'no-store')
    .send(errorBody({ status: 404, code: 'NOT_FOUND', message: `No route ${request.method} ${request.url.split('?')[0]} here: this listener serves /status/ pages and /api/heartbeats/ pushes only` })));
  app.setErrorHandler((err, request, reply) => {
    const problem = toProblem(err);
    if (problem.status >= 500) deps.log.error(`status listener: ${request.method} ${request.url.split('?')[0]}: ${err instanceof Error ? err.stack : String(err)}`);
    return refuse(problem, reply);
  });
  await app.register(statusPlugin(deps));
  if (deps.subscribers) await app.register(statusSubscriberPages({ ...deps.subscribers, log: deps.log, limiter: createSubscribeLimiter() }));
  if (deps.heartbeats) {
    const runner = deps.heartbeats;
    await app.register(async (scope) => heartbeatRoutes(publicRouter(scope), runner));
  }
  await app.ready();
  return {
    async listen(host, port) {
      await app.listen({ host, port });
      return { host, port: (app.server.address() as AddressInfo).port };
    },
    close: () => app.close(),
  };
}
