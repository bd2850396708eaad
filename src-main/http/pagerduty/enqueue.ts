// PagerDuty's Events API v2 at `POST /v2/enqueue`: Alertmanager, Grafana, Uptime Kuma, Zabbix, Checkmk, Gatus,
// Kapacitor, Sensu, LibreNMS and Netdata send this. The routing key (in the body or `X-Routing-Key`) is the credential.
// Answered 202 and only 202: go-pagerduty and Zabbix count nothing else as delivered.
import { EnqueueEvent, EnqueueSuccessBody, EnqueueErrorBody, enqueueToCommand } from '../../../src-shared/schemas/pagerduty.ts';
import type { Router } from '../router.ts';
import { withTrailingSlash } from './trailing-slash.ts';

export function enqueueRoutes(router: Router): void {
  withTrailingSlash(router, {
    method: 'POST',
    url: '/v2/enqueue',
    summary: 'PagerDuty Events API v2: trigger, acknowledge or resolve; the routing key (body or X-Routing-Key) is the credential',
    tag: 'Events',
    access: 'routing-key',
    body: EnqueueEvent,
    intake: true,
    status: 202,
    responses: {
      202: { description: 'Event processed (also an acknowledge/resolve that matched nothing: the message says so)', schema: EnqueueSuccessBody },
      400: { description: 'Invalid event or routing key', schema: EnqueueErrorBody },
      413: { description: 'Body larger than 512 KB', schema: EnqueueErrorBody },
      429: { description: 'Over the routing key\'s intake limit; retry after Retry-After seconds', schema: EnqueueErrorBody },
      503: { description: 'Busy; retry after Retry-After seconds', schema: EnqueueErrorBody },
    },
    async handler({ body, ingest }) {
      const result = await ingest(enqueueToCommand(body));
      return { status: 'success', message: result.message, dedup_key: result.dedupKey };
    },
  });
}
