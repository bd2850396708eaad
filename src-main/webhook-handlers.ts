// The window's webhook methods that reach past the engine: the delivery log (device-local) and the two sends the
// delivery runner makes on demand (the test button, "send again"). The same answers as /api/webhooks/…, from the same
// functions, so the window and the HTTP API cannot drift apart.
import type { KlaxonHandlers } from '../src-shared/api.ts';
import { KlaxonError } from '../src-shared/schemas/errors.ts';
import type { Engine } from './engine/types.ts';
import type { WebhookRunner } from './outbound/webhook-runner.ts';
import { deliveryPage, titledDeliveries } from './outbound/delivery-page.ts';
import type { DeliveryRow } from './store/webhook-deliveries.ts';

export type WebhookSender = Pick<WebhookRunner, 'sendTest' | 'resend'>;
type WebhookLogHandlers = Pick<KlaxonHandlers, 'webhooks.deliveries' | 'webhooks.test' | 'webhooks.retry'>;

export function createWebhookHandlers(deps: { engine: Engine; webhooks?: WebhookSender }): WebhookLogHandlers {
  const { engine } = deps;
  // Handlers made without a runner (a bare composition in a test) still list the log; sending needs the runner.
  const sender = (): WebhookSender => {
    if (!deps.webhooks) throw new KlaxonError('UNAVAILABLE', 'Webhook delivery is not running in this process');
    return deps.webhooks;
  };
  const titled = (row: DeliveryRow) => titledDeliveries(engine, [row])[0]!;
  return {
    'webhooks.deliveries': async ({ id, before, limit }) => deliveryPage(engine, id, { before, limit }),
    'webhooks.test': async ({ id }) => titled(await sender().sendTest(id)),
    'webhooks.retry': async ({ id }) => titled(await sender().resend(id)),
  };
}
