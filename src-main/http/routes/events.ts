// Seed 003's Events API: `POST /api/events`, authenticated with a Bearer key that has `events:write`; the service
// is named by `routing_key` or `service_id`. Answers in seed 003's shapes.
import { ApiEvent, EventSuccessBody, toEventCommand } from '../../../src-shared/schemas/events.ts';
import { ErrorBody } from '../../../src-shared/schemas/errors.ts';
import type { Router } from '../router.ts';

export function eventsRoutes(router: Router): void {
  router.route({
    method: 'POST',
    url: '/api/events',
    summary: 'Trigger, acknowledge or resolve an incident by dedup key (seed 003)',
    tag: 'Events',
    access: 'events:write',
    body: ApiEvent,
    intake: true,
    status: 202,
    responses: {
      202: { description: 'Event processed (also when an acknowledge/resolve found nothing to change; the message says so)', schema: EventSuccessBody },
      400: { description: 'Invalid event, or unknown routing key / service', schema: ErrorBody },
      413: { description: 'Body larger than 512 KB', schema: ErrorBody },
      429: { description: 'Over the service\'s or the API key\'s intake limit; retry after Retry-After seconds', schema: ErrorBody },
      503: { description: 'Busy; retry after Retry-After seconds', schema: ErrorBody },
    },
    async handler({ body, ingest }) {
      const result = await ingest(toEventCommand(body));
      return { status: 'success', message: result.message, dedup_key: result.dedupKey, incident_key: result.incidentId };
    },
  });
}
