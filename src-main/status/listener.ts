// The status listener (`klaxon serve --status-host H --status-port P`): a second HTTP server that answers
// /status/* and nothing else, so the public pages can face the internet while the API, the window and every key-
// protected route stay on the receiver's own (loopback) address. No Host check here: what it serves is public.
import Fastify, { type FastifyReply } from 'fastify';
import type { AddressInfo } from 'node:net';
import { answerClientError, connectionLimits, nodeServerOptions, type ConnectionLimits } from '../http/connection-limits.ts';
import { errorBody, toProblem, type Problem } from '../http/problem.ts';
import type { Logger } from '../log.ts';
import { statusPlugin, type StatusRoutesDeps } from './routes.ts';

export interface StatusListener {
  listen(host: string, port: number): Promise<{ host: string; port: number }>;
  close(): Promise<void>;
}

const refuse = (problem: Problem, reply: FastifyReply) => reply.code(problem.status).header('cache-control', 'no-store').send(errorBody(problem));

export async function createStatusListener(deps: StatusRoutesDeps & { log: Logger; connections?: Partial<ConnectionLimits> }): Promise<StatusListener> {
  const limits = connectionLimits(deps.connections);
  const app = Fastify({
    logger: false,
    bodyLimit: 1024,
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
    .send(errorBody({ status: 404, code: 'NOT_FOUND', message: `No route ${request.method} ${request.url.split('?')[0]} here: this listener serves /status/ pages only` })));
  app.setErrorHandler((err, request, reply) => {
    const problem = toProblem(err);
    if (problem.status >= 500) deps.log.error(`status listener: ${request.method} ${request.url.split('?')[0]}: ${err instanceof Error ? err.stack : String(err)}`);
    return refuse(problem, reply);
  });
  await app.register(statusPlugin(deps));
  await app.ready();
  return {
    async listen(host, port) {
      await app.listen({ host, port });
      return { host, port: (app.server.address() as AddressInfo).port };
    },
    close: () => app.close(),
  };
}
