// PagerDuty's Events API v2 at `POST /v2/enqueue`, so Alertmanager, Grafana and Uptime Kuma work unchanged. The
// routing key in the body is the credential. Errors keep PagerDuty's shape; only a really invalid event is a 400,
// anything transient is a 429/503 so that the sender retries instead of dropping the alert.
import type { FastifyInstance, FastifyError } from 'fastify';
import { EnqueueEvent, EnqueueSuccessBody, EnqueueErrorBody, toEventCommand } from '../../../src-shared/schemas/events.ts';
import type { Engine } from '../../engine/types.ts';
import type { Logger } from '../../log.ts';
import { createRouter, type EventObserver, type RouteSpec } from '../router.ts';
import { toProblem, type Problem } from '../problem.ts';
import type { IntakeLimiter } from '../intake-limiter.ts';

/** PagerDuty's error body: `status` is "invalid event" for events it refuses, a short reason otherwise. */
export function enqueueErrorBody(p: Problem): { status: string; message: string; errors: string[] } {
  if (p.code === 'VALIDATION_FAILED' || p.code === 'INVALID_JSON') {
    const errors = p.details?.map((d) => `${d.field}: ${d.message}`) ?? [p.message];
    return { status: 'invalid event', message: 'Event object is invalid', errors };
  }
  if (p.code === 'INVALID_ROUTING_KEY' || p.code === 'INVALID_SERVICE') {
    return { status: 'invalid event', message: 'Invalid routing key', errors: ['Invalid routing key'] };
  }
  if (p.status === 413 || p.status === 415) return { status: 'invalid event', message: p.message, errors: [p.message] };
  if (p.status === 429) return { status: 'throttle event', message: p.message, errors: [p.message] };
  return { status: 'error', message: p.message, errors: [p.message] };
}

/** A plugin of its own, so its error handler (PagerDuty's shape) covers only this route. */
export function enqueuePlugin(engine: Engine, log: Logger, registry: RouteSpec[], limiter: IntakeLimiter, observeEvent?: EventObserver) {
  return async (app: FastifyInstance): Promise<void> => {
    app.setErrorHandler((err: FastifyError, _request, reply) => {
      const p = toProblem(err);
      if (p.status >= 500) log.error(`/v2/enqueue: ${p.status === 500 ? (err.stack ?? err.message) : p.message}`);
      if (p.retryAfter !== undefined) void reply.header('retry-after', String(p.retryAfter));
      return reply.code(p.status).send(enqueueErrorBody(p));
    });
    createRouter(app, engine, registry, limiter, observeEvent).route({
      method: 'POST',
      url: '/v2/enqueue',
      summary: 'PagerDuty Events API v2: the routing key is the credential',
      tag: 'Events',
      access: 'routing-key',
      body: EnqueueEvent,
      intake: true,
      status: 202,
      responses: {
        202: { description: 'Event processed', schema: EnqueueSuccessBody },
        400: { description: 'Invalid event or routing key', schema: EnqueueErrorBody },
        413: { description: 'Body larger than 512 KB', schema: EnqueueErrorBody },
        429: { description: 'Over the routing key\'s intake limit; retry after Retry-After seconds', schema: EnqueueErrorBody },
        503: { description: 'Busy; retry after Retry-After seconds', schema: EnqueueErrorBody },
      },
      async handler({ body, ingest }) {
        const result = await ingest(toEventCommand(body, 'enqueue'));
        return { status: 'success', message: result.message, dedup_key: result.dedupKey };
      },
    });
  };
}
