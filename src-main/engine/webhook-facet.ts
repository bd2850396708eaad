// The engine's webhook subscriptions: written through the one write path, answered as the API shows them.
import type { z } from 'zod';
import type { CreateWebhook, UpdateWebhook, Webhook } from '../../src-shared/schemas/webhooks.ts';
import { KlaxonError } from '../../src-shared/schemas/errors.ts';
import type { WebhookState } from '../../src-shared/domain/webhooks/fold.ts';
import { listWebhookRows, webhookRow } from '../store/webhook-rows.ts';
import type { Store } from '../store/database.ts';
import type { Tx } from './tx.ts';
import * as webhooks from './commands/webhook-commands.ts';
import type { Actor } from './types.ts';

export interface WebhookDeps {
  store: Store;
  submit<T>(fn: () => T): Promise<T>;
  tx(): Tx;
}

export const toWebhook = (w: WebhookState): Webhook => ({
  id: w.id, url: w.url, events: w.events, serviceIds: w.serviceIds, format: w.format, description: w.description,
  enabled: w.enabled !== false, secret: w.secret, createdAt: w.createdAt, updatedAt: w.updatedAt, createdBy: w.createdBy,
});

export function createWebhookFacet({ store, submit, tx }: WebhookDeps) {
  /** A live subscription; `andDeleted` answers one just deleted (what DELETE shows). */
  const getWebhook = (id: string, andDeleted = false): Webhook => {
    const w = webhookRow(store, id);
    if (!w || (w.deleted && !andDeleted)) throw new KlaxonError('NOT_FOUND', `Webhook ${id} not found`);
    return toWebhook(w);
  };
  return {
    createWebhook: (input: z.output<typeof CreateWebhook>, by: Actor): Promise<Webhook> =>
      submit(() => webhooks.createWebhook(tx(), input, by)).then((id) => getWebhook(id)),
    updateWebhook: (id: string, patch: z.output<typeof UpdateWebhook>, by: Actor): Promise<Webhook> =>
      submit(() => webhooks.updateWebhook(tx(), id, patch, by)).then(() => getWebhook(id)),
    deleteWebhook: (id: string, by: Actor): Promise<Webhook> =>
      submit(() => webhooks.deleteWebhook(tx(), id, by)).then(() => getWebhook(id, true)),
    listWebhooks: (): Webhook[] => listWebhookRows(store).map(toWebhook),
    getWebhook: (id: string): Webhook => getWebhook(id),
    /** The subscriptions as held (the delivery runner matches events against them). */
    webhookStates: (): WebhookState[] => listWebhookRows(store),
  };
}
