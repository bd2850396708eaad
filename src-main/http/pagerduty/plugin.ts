// Every PagerDuty wire format Klaxon takes, in contexts of their own: bodies read as JSON whatever their
// Content-Type, the routing key also from `X-Routing-Key`, answers and errors in PagerDuty's shape. The Events API v2
// and Change Events answer an intake limit with PagerDuty's 429; v1 and the Nagios form with 503, which their
// clients (PagerDuty's agent, pagerduty_nagios.pl) retry where they would drop an event on any other 4xx.
import type { FastifyInstance } from 'fastify';
import type { Engine } from '../../engine/types.ts';
import type { Logger } from '../../log.ts';
import { createRouter, type EventObserver, type RouteSpec } from '../router.ts';
import type { IntakeLimiter } from '../intake-limiter.ts';
import { answerInPagerDutyShape } from './errors.ts';
import { jsonWhateverTheType, routingKeyFromHeader } from './body.ts';
import { formOrJson } from './form-body.ts';
import { enqueueRoutes } from './enqueue.ts';
import { changeEventRoutes } from './change-events.ts';
import { genericRoutes } from './generic.ts';
import { nagiosRoutes } from './nagios.ts';

export function pagerDutyPlugin(engine: Engine, log: Logger, registry: RouteSpec[], limiter: IntakeLimiter, observeEvent?: EventObserver) {
  return async (app: FastifyInstance): Promise<void> => {
    jsonWhateverTheType(app);
    routingKeyFromHeader(app);
    await app.register(async (v2) => {
      answerInPagerDutyShape(v2, log, 429);
      const router = createRouter(v2, engine, registry, limiter, observeEvent);
      enqueueRoutes(router);
      changeEventRoutes(router, engine);
    });
    await app.register(async (v1) => {
      answerInPagerDutyShape(v1, log, 503);
      genericRoutes(createRouter(v1, engine, registry, limiter, observeEvent));
    });
    await app.register(async (nagios) => {
      answerInPagerDutyShape(nagios, log, 503);
      formOrJson(nagios);
      nagiosRoutes(createRouter(nagios, engine, registry, limiter, observeEvent), engine);
    });
  };
}
