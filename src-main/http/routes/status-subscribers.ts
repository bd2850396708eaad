// A status page's subscribers for admins (issue 10 §2): list them (with their addresses: admin only), delete one,
// add a webhook receiver (signed per the Standard Webhooks spec with a new secret, shown in the answer).
import { AddWebhookSubscriber, ListSubscribersResponse, PageIdParam, PageSubscriberParams, SubscriberResponse } from '../../../src-shared/schemas/subscribers.ts';
import { KlaxonError } from '../../../src-shared/schemas/errors.ts';
import type { Engine } from '../../engine/types.ts';
import { toSubscriber } from '../../engine/subscriber-facet.ts';
import type { StatusPageDirectory } from '../../status/subscriber-seams.ts';
import { errorResponse, type Router } from '../router.ts';

export function statusSubscriberRoutes(router: Router, engine: Engine, pages: StatusPageDirectory): void {
  router.route({
    method: 'GET', url: '/api/status-pages/:id/subscribers', tag: 'Status pages', access: 'admin',
    summary: 'A status page\'s subscribers (email and webhook; pending, confirmed and unsubscribed), oldest first',
    params: PageIdParam,
    responses: { 200: { description: 'Its subscribers', schema: ListSubscribersResponse } },
    handler: ({ params }) => ({ subscribers: engine.listSubscribers(params.id) }),
  });

  router.route({
    method: 'POST', url: '/api/status-pages/:id/subscribers', tag: 'Status pages', access: 'admin',
    summary: 'Add a webhook subscriber: the URL is told of every update the page publishes, signed (Standard Webhooks) with a new secret',
    params: PageIdParam,
    body: AddWebhookSubscriber,
    status: 201,
    responses: { 201: { description: 'The subscriber, with its secret', schema: SubscriberResponse }, 400: errorResponse('Invalid URL'), 404: errorResponse('No such status page') },
    handler: async ({ params, body, actor }) => {
      if (!pages.byId(params.id)) throw new KlaxonError('NOT_FOUND', `Status page ${params.id} not found`);
      return { subscriber: await engine.addWebhookSubscriber(params.id, body.url, actor) };
    },
  });

  router.route({
    method: 'DELETE', url: '/api/status-pages/:id/subscribers/:subscriberId', tag: 'Status pages', access: 'admin',
    summary: 'Remove a subscriber: nothing more is sent to it',
    params: PageSubscriberParams,
    responses: { 200: { description: 'The removed subscriber', schema: SubscriberResponse }, 404: errorResponse('No such subscriber of this page') },
    handler: async ({ params, actor }) => ({ subscriber: toSubscriber(await engine.unsubscribe(params.subscriberId, 'deleted', actor, params.id)) }),
  });
}
