// API-key authentication for the Events and Incidents APIs: `Authorization: Bearer <key>`, checked by the engine
// (hashed, constant-time, revocable), then the route's scope. `admin` implies every scope.
import type { FastifyRequest } from 'fastify';
import { KlaxonError } from '../../src-shared/schemas/errors.ts';
import type { Scope } from '../../src-shared/schemas/common.ts';
import type { ApiKeyInfo } from '../../src-shared/schemas/admin.ts';
import type { Engine } from '../engine/types.ts';

export function bearerToken(header: string | undefined): string | null {
  if (!header) return null;
  const match = /^\s*Bearer\s+(\S+)\s*$/i.exec(header);
  return match ? match[1]! : null;
}

export const hasScope = (key: ApiKeyInfo, scope: Scope): boolean => key.scopes.includes('admin') || key.scopes.includes(scope);

/** The key presented with the request, if it is valid and carries `scope`; otherwise a 401 or 403 KlaxonError. */
export function requireKey(request: FastifyRequest, engine: Engine, scope: Scope): ApiKeyInfo {
  const token = bearerToken(request.headers.authorization);
  if (!token) throw new KlaxonError('UNAUTHORIZED', 'Missing API key: send Authorization: Bearer <key>');
  const found = engine.authenticate(token);
  if (!found) throw new KlaxonError('UNAUTHORIZED', 'Invalid or revoked API key');
  if (!hasScope(found.key, scope)) throw new KlaxonError('FORBIDDEN', `This API key lacks the ${scope} scope`);
  return found.key;
}

/** Who a write made with an API key is recorded as. */
export const keyActor = (key: ApiKeyInfo): string => `key:${key.id}`;
