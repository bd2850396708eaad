// PagerDuty's legacy Nagios endpoint, `POST /nagios/2010-04-15/create_event`, which pagerduty_nagios.pl posts its
// form of Nagios macros to (the mapping is src-shared/schemas/nagios-form.ts). Answered like v1: 200 and JSON. A
// notification type with no event (flapping, downtime) is taken and changes nothing, so the script drops it from its
// queue instead of retrying it forever.
import { NagiosForm } from '../../../src-shared/schemas/nagios-form.ts';
import { GenericSuccessBody, EnqueueErrorBody } from '../../../src-shared/schemas/pagerduty.ts';
import { KlaxonError } from '../../../src-shared/schemas/errors.ts';
import type { Engine } from '../../engine/types.ts';
import type { Router } from '../router.ts';
import { withTrailingSlash } from './trailing-slash.ts';

export function nagiosRoutes(router: Router, engine: Engine): void {
  withTrailingSlash(router, {
    method: 'POST',
    url: '/nagios/2010-04-15/create_event',
    summary: 'PagerDuty\'s legacy Nagios endpoint: a form of Nagios macros (CONTACTPAGER is the service key, NOTIFICATIONTYPE the action)',
    tag: 'Events',
    access: 'routing-key',
    body: NagiosForm,
    intake: true,
    status: 200,
    responses: {
      200: { description: 'Event processed', schema: GenericSuccessBody },
      400: { description: 'A required macro is missing, or the service key is unknown', schema: EnqueueErrorBody },
      503: { description: 'Busy or over the service\'s intake limit; retry after Retry-After seconds', schema: EnqueueErrorBody },
    },
    async handler({ body, ingest }) {
      if (!body.command) {
        if (!engine.serviceByRoutingKey(body.routing_key)) throw new KlaxonError('INVALID_ROUTING_KEY', 'Routing key not found', 'CONTACTPAGER');
        return { status: 'success', message: `Event processed; a ${body.notificationType} notification changes nothing`, incident_key: '' };
      }
      const result = await ingest(body.command);
      return { status: 'success', message: result.message, incident_key: result.dedupKey };
    },
  });
}
