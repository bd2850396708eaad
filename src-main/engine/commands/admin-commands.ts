// Services (routing keys) and API keys. A key's secret is shown once, at creation; only its SHA-256 is kept.
import { createHash, randomBytes } from 'node:crypto';
import type { z } from 'zod';
import type { CreateService, UpdateService, CreateApiKey } from '../../../src-shared/schemas/admin.ts';
import { KlaxonError } from '../../../src-shared/schemas/errors.ts';
import { newId } from '../../../src-shared/domain/ids.ts';
import type { Tx } from '../tx.ts';
import { keyRow } from '../../store/admin-rows.ts';
import { checkPolicyForService } from './oncall-commands.ts';

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const base62 = (n: number) => Array.from(randomBytes(n * 2)).filter((b) => b < 248).slice(0, n).map((b) => BASE62[b % 62]).join('');

/** API key format: `klx_` + 32 base-62 characters (~190 bits). The first 12 characters are its visible prefix. */
export const KEY_PREFIX_LENGTH = 12;
export const hashKey = (secret: string): string => createHash('sha256').update(secret).digest('hex');

/** Routing keys look like PagerDuty's integration keys (32 hex characters), so monitors' validators accept them. */
export const newRoutingKey = (): string => randomBytes(16).toString('hex');

export function createService(tx: Tx, input: z.output<typeof CreateService>): string {
  const id = newId('svc', tx.nowMs);
  tx.emit('service.created', id, {
    name: input.name, routingKey: newRoutingKey(), urgencyRule: input.urgencyRule ?? 'severity',
    suppressionRules: input.suppressionRules ?? [],
  });
  return id;
}

export function updateService(tx: Tx, id: string, patch: z.output<typeof UpdateService>): void {
  if (!tx.service(id)) throw new KlaxonError('NOT_FOUND', `Service ${id} not found`);
  if (patch.escalationPolicyId) checkPolicyForService(tx, patch.escalationPolicyId);
  if (Object.keys(patch).length > 0) tx.emit('service.changed', id, { fields: patch });
}

export function createKey(tx: Tx, input: z.output<typeof CreateApiKey>): { id: string; secret: string } {
  const id = newId('key', tx.nowMs);
  const secret = `klx_${base62(32)}`;
  tx.emit('apikey.created', id, { name: input.name, scopes: [...new Set(input.scopes)], prefix: secret.slice(0, KEY_PREFIX_LENGTH), hash: hashKey(secret) });
  return { id, secret };
}

export function revokeKey(tx: Tx, id: string): void {
  const k = keyRow(tx.store, id);
  if (!k) throw new KlaxonError('NOT_FOUND', `API key ${id} not found`);
  if (!k.revoked_at) tx.emit('apikey.revoked', id, {});
}
