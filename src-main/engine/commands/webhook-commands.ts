// Outbound webhook subscriptions (issue 11 §2): created with their signing secret, changed, deleted, as ops.
import { randomBytes } from 'node:crypto';
import type { z } from 'zod';
import type { CreateWebhook, UpdateWebhook } from '../../../src-shared/schemas/webhooks.ts';
import { KlaxonError } from '../../../src-shared/schemas/errors.ts';
import { newId } from '../../../src-shared/domain/ids.ts';
import { webhookRow } from '../../store/webhook-rows.ts';
import type { Tx } from '../tx.ts';

/** The Standard Webhooks spelling of a secret: `whsec_` and base64 of 24 random bytes (192 bits). */
export const newWebhookSecret = (): string => `whsec_${randomBytes(24).toString('base64')}`;

function checkServices(tx: Tx, serviceIds: readonly string[] | undefined): string[] {
  (serviceIds ?? []).forEach((id, i) => {
    if (!tx.service(id)) throw new KlaxonError('INVALID_SERVICE', `Service ${id} not found`, `serviceIds.${i}`);
  });
  return [...new Set(serviceIds ?? [])];
}

export function createWebhook(tx: Tx, input: z.output<typeof CreateWebhook>, by: string): string {
  const serviceIds = checkServices(tx, input.serviceIds);
  const id = newId('whk', tx.nowMs);
  tx.emit('webhook.created', id, {
    url: input.url, events: [...new Set(input.events)], serviceIds, format: input.format ?? 'standard',
    description: input.description || null, secret: newWebhookSecret(), by,
  });
  return id;
}

function existing(tx: Tx, id: string) {
  const w = webhookRow(tx.store, id);
  if (!w || w.deleted) throw new KlaxonError('NOT_FOUND', `Webhook ${id} not found`);
  return w;
}

export function updateWebhook(tx: Tx, id: string, patch: z.output<typeof UpdateWebhook>, by: string): void {
  existing(tx, id);
  const fields = {
    ...patch,
    ...(patch.serviceIds !== undefined ? { serviceIds: checkServices(tx, patch.serviceIds) } : {}),
    ...(patch.events !== undefined ? { events: [...new Set(patch.events)] } : {}),
    ...(patch.description !== undefined ? { description: patch.description || null } : {}),
  };
  if (Object.keys(fields).length > 0) tx.emit('webhook.changed', id, { fields, by });
}

export function deleteWebhook(tx: Tx, id: string, by: string): void {
  existing(tx, id);
  tx.emit('webhook.deleted', id, { by });
}
