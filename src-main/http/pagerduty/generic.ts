// PagerDuty's older Events API v1, `POST /generic/2010-04-15/create_event.json`: Healthchecks, PagerDuty's own agent
// (pd-nagios for Nagios and Icinga, pd-zabbix), Kapacitor's `pagerduty` handler, Netdata, LibreNMS' old transport and
// go-pagerduty's CreateEvent send this. Answered 200 (v1 clients check for exactly that) with the incident key.
import { GenericEvent, GenericSuccessBody, EnqueueErrorBody, genericToCommand } from '../../../src-shared/schemas/pagerduty.ts';
import type { Router } from '../router.ts';
import { withTrailingSlash } from './trailing-slash.ts';

export function genericRoutes(router: Router): void {
  withTrailingSlash(router, {
    method: 'POST',
    url: '/generic/2010-04-15/create_event.json',
    summary: 'PagerDuty Events API v1: service_key, event_type (trigger/acknowledge/resolve), incident_key, description, details',
    tag: 'Events',
    access: 'routing-key',
    body: GenericEvent,
    intake: true,
    status: 200,
    responses: {
      200: { description: 'Event processed (also an acknowledge/resolve that matched nothing: the message says so)', schema: GenericSuccessBody },
      400: { description: 'Invalid event or service key', schema: EnqueueErrorBody },
      413: { description: 'Body larger than 512 KB', schema: EnqueueErrorBody },
      503: { description: 'Busy or over the service\'s intake limit; retry after Retry-After seconds', schema: EnqueueErrorBody },
    },
    async handler({ body, ingest }) {
      const result = await ingest(genericToCommand(body));
      return { status: 'success', message: result.message, incident_key: result.dedupKey };
    },
  });
}
