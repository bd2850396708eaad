// PagerDuty's error shape, `{"status","message","errors":[…]}`, for every PagerDuty-compatible endpoint, and the one
// rule about statuses there: a refused event is a 400 (the sender must not retry it), anything else a sender can
// retry is a 503 with Retry-After — the status every retrying PagerDuty client retries. Only the Events API v2 keeps
// PagerDuty's 429 for a sender over its intake limit (its clients, Alertmanager first, retry a 429). No other 5xx.
import type { FastifyError, FastifyInstance } from 'fastify';
import type { Logger } from '../../log.ts';
import { toProblem, retryableForSender, EVENT_RETRY_AFTER_SECONDS, type Problem } from '../problem.ts';

export interface PagerDutyError { status: string; message: string; errors: string[] }

/** PagerDuty's body: `status` is "invalid event" for events it refuses, a short reason otherwise. */
export function pagerDutyErrorBody(p: Problem): PagerDutyError {
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


/**
 * The status a PagerDuty client gets for `p`. `throttle`: what an intake limit answers (429 on v2; 503 where the
 * clients treat a 4xx as "drop the event", as PagerDuty's agent and pagerduty_nagios.pl do).
 */
export function pagerDutyProblem(p: Problem, throttle: 429 | 503): Problem {
  if (p.status === 429 && throttle === 503) return { ...p, status: 503, retryAfter: p.retryAfter ?? EVENT_RETRY_AFTER_SECONDS };
  return retryableForSender(p);
}

/** Sets the error handler of a PagerDuty-compatible context (it covers only the routes registered in that context). */
export function answerInPagerDutyShape(app: FastifyInstance, log: Logger, throttle: 429 | 503): void {
  app.setErrorHandler((err: FastifyError, request, reply) => {
    const first = toProblem(err);
    if (first.status >= 500) log.error(`${request.method} ${request.url}: ${first.status === 500 ? (err.stack ?? err.message) : first.message}`);
    const p = pagerDutyProblem(first, throttle);
    if (p.retryAfter !== undefined) void reply.header('retry-after', String(p.retryAfter));
    return reply.code(p.status).send(pagerDutyErrorBody(p));
  });
}
