// Changes (recorded through PagerDuty's Change Events API): listed for a span and a service, read with
// `incidents:read` like the incidents they may explain.
import { ListChangesQuery, ListChangesResponse } from '../../../src-shared/schemas/changes.ts';
import type { Engine } from '../../engine/types.ts';
import { errorResponse, type Router } from '../router.ts';

export function changeRoutes(router: Router, engine: Engine): void {
  router.route({
    method: 'GET', url: '/api/changes', tag: 'Changes', access: 'incidents:read',
    summary: 'Changes (deploys and the like, sent as PagerDuty change events), newest first; ?serviceId=, ?from= and ?to= narrow them',
    query: ListChangesQuery,
    responses: { 200: { description: 'The changes', schema: ListChangesResponse }, 400: errorResponse('Invalid query') },
    handler: ({ query }) => ({ changes: engine.listChanges(query) }),
  });
}
