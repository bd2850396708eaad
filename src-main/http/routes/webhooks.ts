// Outbound webhook subscriptions (issue 11 §2). Admin only: each answer carries the subscription's signing secret,
// and a subscription decides where incident details go.
import {
  CreateWebhook, UpdateWebhook, WebhookIdParam, WebhookResponse, ListWebhooksResponse, DeliveryIdParam,
  WebhookDeliveryResponse, ListWebhookDeliveriesResponse, DeliveryPageQuery, NoBody,
} from '../../../src-shared/schemas/webhooks.ts';
import type { Engine } from '../../engine/types.ts';
import type { WebhookRunner } from '../../outbound/webhook-runner.ts';
import { deliveryPage, titledDeliveries } from '../../outbound/delivery-page.ts';
import { errorResponse, type Router } from '../router.ts';

const noWebhook = errorResponse('No such webhook');

export function webhookRoutes(router: Router, engine: Engine, runner?: Pick<WebhookRunner, 'sendTest' | 'resend'>): void {
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

  router.route({
    method: 'GET', url: '/api/webhooks/:id/deliveries', tag: 'Webhooks', access: 'admin',
    summary: 'The delivery log of a subscription on this device (the events this device wrote), newest first, 100 a page (`limit`); `before=<nextBefore>` for older',
    params: WebhookIdParam,
    query: DeliveryPageQuery,
    responses: { 200: { description: 'Its deliveries', schema: ListWebhookDeliveriesResponse }, 400: errorResponse('Invalid before or limit'), 404: noWebhook },
    handler: ({ params, query }) => deliveryPage(engine, params.id, query),
  });

  // Sending needs the delivery runner (the app has one; a bare receiver in a test may not).
  if (!runner) return;
  router.route({
    method: 'POST', url: '/api/webhooks/:id/test', tag: 'Webhooks', access: 'admin',
    summary: 'Send a signed `webhook.test` message to the subscription now; answers the delivery after its first try',
    params: WebhookIdParam,
    body: NoBody,
    responses: { 200: { description: 'The test delivery', schema: WebhookDeliveryResponse }, 404: noWebhook },
    handler: async ({ params }) => ({ delivery: titledDeliveries(engine, [await runner.sendTest(params.id)])[0]! }),
  });

  router.route({
    method: 'POST', url: '/api/webhooks/deliveries/:id/retry', tag: 'Webhooks', access: 'admin',
    summary: 'Send a delivery again now (and retry it for another day if it fails); answers it after that try',
    params: DeliveryIdParam,
    body: NoBody,
    responses: { 200: { description: 'The delivery', schema: WebhookDeliveryResponse }, 404: errorResponse('No such delivery') },
    handler: async ({ params }) => ({ delivery: titledDeliveries(engine, [await runner.resend(params.id)])[0]! }),
  });
}
