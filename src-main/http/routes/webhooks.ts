// Outbound webhook subscriptions (issue 11 §2). Admin only: each answer carries the subscription's signing secret,
// and a subscription decides where incident details go.
import {
  CreateWebhook, UpdateWebhook, WebhookIdParam, WebhookResponse, ListWebhooksResponse,
} from '../../../src-shared/schemas/webhooks.ts';
import type { Engine } from '../../engine/types.ts';
import { errorResponse, type Router } from '../router.ts';

const noWebhook = errorResponse('No such webhook');

export function webhookRoutes(router: Router, engine: Engine): void {
  router.route({
    method: 'GET', url: '/api/webhooks', tag: 'Webhooks', access: 'admin',
    summary: 'Outbound webhook subscriptions, oldest first',
    responses: { 200: { description: 'Every subscription', schema: ListWebhooksResponse } },
    handler: () => ({ webhooks: engine.listWebhooks() }),
  });

  router.route({
    method: 'POST', url: '/api/webhooks', tag: 'Webhooks', access: 'admin',
    summary: 'Subscribe a URL to incident events (of some services, or all), signed per the Standard Webhooks spec with a new secret',
    body: CreateWebhook,
    status: 201,
    responses: { 201: { description: 'The new subscription, with its secret', schema: WebhookResponse }, 400: errorResponse('Invalid body or unknown service') },
    handler: async ({ body, actor }) => ({ webhook: await engine.createWebhook(body, actor) }),
  });

  router.route({
    method: 'GET', url: '/api/webhooks/:id', tag: 'Webhooks', access: 'admin',
    summary: 'One subscription',
    params: WebhookIdParam,
    responses: { 200: { description: 'The subscription', schema: WebhookResponse }, 404: noWebhook },
    handler: ({ params }) => ({ webhook: engine.getWebhook(params.id) }),
  });

  router.route({
    method: 'PATCH', url: '/api/webhooks/:id', tag: 'Webhooks', access: 'admin',
    summary: 'Change a subscription (`events` and `serviceIds` replace the whole list; the secret stays)',
    params: WebhookIdParam,
    body: UpdateWebhook,
    responses: { 200: { description: 'The subscription', schema: WebhookResponse }, 400: errorResponse('Invalid body or unknown service'), 404: noWebhook },
    handler: async ({ params, body, actor }) => ({ webhook: await engine.updateWebhook(params.id, body, actor) }),
  });

  router.route({
    method: 'DELETE', url: '/api/webhooks/:id', tag: 'Webhooks', access: 'admin',
    summary: 'Delete a subscription: nothing more is delivered to it',
    params: WebhookIdParam,
    responses: { 200: { description: 'The deleted subscription', schema: WebhookResponse }, 404: noWebhook },
    handler: async ({ params, actor }) => ({ webhook: await engine.deleteWebhook(params.id, actor) }),
  });
}
