// Services and API keys projections.
import type { Service, ApiKeyInfo, SuppressionRule, UrgencyRule } from '../../src-shared/schemas/admin.ts';
import type { Scope } from '../../src-shared/schemas/common.ts';
import { foldService, type ServiceState, type ApiKeyState } from '../../src-shared/domain/admin-fold.ts';
import { DEFAULT_RATE_LIMIT } from '../../src-shared/domain/token-bucket.ts';
import { opsOfEntity } from './op-log.ts';
import type { Store } from './database.ts';
import type { ServicesTable, ApiKeysTable } from './schema.ts';

/** A service as the engine keeps it: what the API shows, and since when it has had its escalation policy (ms). */
export interface ServiceRecord { service: Service; policySince: number | null }

const toRecord = (store: Store, r: ServicesTable): ServiceRecord => {
  const folded = foldService(opsOfEntity(store, r.id));
  const service: Service = {
    id: r.id, name: r.name, routingKey: r.routing_key, urgencyRule: r.urgency_rule as UrgencyRule,
    suppressionRules: JSON.parse(r.suppression_rules) as SuppressionRule[],
    rateLimit: folded?.rateLimit ?? DEFAULT_RATE_LIMIT,
    escalationPolicyId: folded?.escalationPolicyId ?? null, ackTimeoutMinutes: folded?.ackTimeoutMinutes ?? null,
    autoResolveMinutes: folded?.autoResolveMinutes ?? null, supportHours: folded?.supportHours ?? null,
    createdAt: r.created_at,
  };
  const since = folded?.escalationPolicySetAt ?? null;
  return { service, policySince: since === null ? null : Date.parse(since) };
};
const toService = (store: Store, r: ServicesTable): Service => toRecord(store, r).service;
// A service's rate limit and on-call settings have no columns of their own (adding them is a migration): they are
// folded from the service's ops, which are few (created, then the odd change), whenever services are read. Callers
// keep services in memory.

export function writeService(store: Store, s: ServiceState): void {
  const row: ServicesTable = {
    id: s.id, name: s.name, routing_key: s.routingKey, urgency_rule: s.urgencyRule,
    suppression_rules: JSON.stringify(s.suppressionRules), created_at: s.createdAt, last_hlc: s.lastHlc,
  };
  const { id: _id, ...rest } = row;
  store.run(store.q.insertInto('services').values(row).onConflict((oc) => oc.column('id').doUpdateSet(rest)));
}

export const listServiceRecords = (store: Store): ServiceRecord[] =>
  store.all(store.q.selectFrom('services').selectAll().orderBy('created_at').orderBy('id')).map((r) => toRecord(store, r));

export const listServiceRows = (store: Store): Service[] => listServiceRecords(store).map((r) => r.service);

export function serviceRow(store: Store, id: string): Service | null {
  const r = store.get(store.q.selectFrom('services').selectAll().where('id', '=', id));
  return r ? toService(store, r) : null;
}

export function serviceRowByRoutingKey(store: Store, routingKey: string): Service | null {
  const r = store.get(store.q.selectFrom('services').selectAll().where('routing_key', '=', routingKey));
  return r ? toService(store, r) : null;
}

export function writeApiKey(store: Store, k: ApiKeyState): void {
  const row: ApiKeysTable = {
    id: k.id, name: k.name, scopes: JSON.stringify(k.scopes), prefix: k.prefix, hash: k.hash,
    created_at: k.createdAt, revoked_at: k.revokedAt, last_hlc: k.lastHlc,
  };
  const { id: _id, ...rest } = row;
  store.run(store.q.insertInto('api_keys').values(row).onConflict((oc) => oc.column('id').doUpdateSet(rest)));
}

type KeyRow = ApiKeysTable & { last_used_at: string | null };
const keyQuery = (store: Store) => store.q.selectFrom('api_keys')
  .leftJoin('key_usage', 'key_usage.key_id', 'api_keys.id')
  .selectAll('api_keys').select('key_usage.last_used_at');

export const toKeyInfo = (r: KeyRow): ApiKeyInfo => ({
  id: r.id, name: r.name, scopes: JSON.parse(r.scopes) as Scope[], prefix: r.prefix,
  createdAt: r.created_at, lastUsedAt: r.last_used_at, revokedAt: r.revoked_at,
});

export const listKeyRows = (store: Store): ApiKeyInfo[] =>
  store.all(keyQuery(store).orderBy('api_keys.created_at').orderBy('api_keys.id')).map(toKeyInfo);

export function keyRow(store: Store, id: string): KeyRow | null {
  return store.get(keyQuery(store).where('api_keys.id', '=', id)) ?? null;
}

export const keyRowsByPrefix = (store: Store, prefix: string): KeyRow[] =>
  store.all(keyQuery(store).where('api_keys.prefix', '=', prefix));

export function recordKeyUse(store: Store, keyId: string, atIso: string): void {
  store.run(store.q.insertInto('key_usage').values({ key_id: keyId, last_used_at: atIso })
    .onConflict((oc) => oc.column('key_id').doUpdateSet({ last_used_at: atIso })));
}
