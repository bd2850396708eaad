// PagerDuty's Change Events API, `POST /v2/change/enqueue` (deploys, config pushes: PagerDuty's GitHub Action,
// go-pagerduty, pdpyras). A change never pages: it is kept on its service and shown next to the incidents that began
// within the hour after it. Answered 202 with the change's id.
import { ChangeEvent, ChangeSuccessBody, EnqueueErrorBody } from '../../../src-shared/schemas/pagerduty.ts';
import type { Engine } from '../../engine/types.ts';
import type { Router } from '../router.ts';
import { withTrailingSlash } from './trailing-slash.ts';

export function changeEventRoutes(router: Router, engine: Engine): void {
  withTrailingSlash(router, {
    method: 'POST',
    url: '/v2/change/enqueue',
    summary: 'PagerDuty Change Events: record a change (a deploy) on the routing key\'s service; never pages',
    tag: 'Events',
    access: 'routing-key',
    body: ChangeEvent,
    intake: true,
    status: 202,
    responses: {
      202: { description: 'Change recorded', schema: ChangeSuccessBody },
      400: { description: 'Invalid change event or routing key', schema: EnqueueErrorBody },
      413: { description: 'Body larger than 512 KB', schema: EnqueueErrorBody },
      429: { description: 'Over the routing key\'s intake limit; retry after Retry-After seconds', schema: EnqueueErrorBody },
      503: { description: 'Busy; retry after Retry-After seconds', schema: EnqueueErrorBody },
    },
    async handler({ body }) {
      const { payload } = body;
      const change = await engine.recordChange({
        routingKey: body.routing_key, summary: payload.summary, source: payload.source, timestamp: payload.timestamp,
        customDetails: payload.custom_details, links: body.links,
      });
      return { status: 'success', message: 'Change event processed', id: change.id };
    },
  });
}
