// Services (with their routing keys) and API keys. Both need the `admin` scope.
import { z } from 'zod';
import { Service, CreateService, UpdateService, ApiKeyInfo, CreateApiKey, CreatedApiKey } from '../../../src-shared/schemas/admin.ts';
import type { Engine } from '../../engine/types.ts';
import { errorResponse, type Router } from '../router.ts';

const IdParam = z.object({ id: z.string().min(1) });

export function adminRoutes(router: Router, engine: Engine): void {
  router.route({
    method: 'GET', url: '/api/services', tag: 'Admin', access: 'admin',
    summary: 'List services with their routing keys',
    responses: { 200: { description: 'Every service', schema: z.object({ services: z.array(Service) }) } },
    handler: () => ({ services: engine.listServices() }),
  });

  router.route({
    method: 'POST', url: '/api/services', tag: 'Admin', access: 'admin',
    summary: 'Create a service; it gets a fresh routing key',
    body: CreateService,
    status: 201,
    responses: { 201: { description: 'The new service', schema: Service }, 400: errorResponse('Invalid body') },
    handler: ({ body }) => engine.createService(body),
  });

  router.route({
    method: 'PATCH', url: '/api/services/:id', tag: 'Admin', access: 'admin',
    summary: 'Rename a service or change its urgency rule, suppression rules, intake rate limit (`rateLimit: {perSecond, burst}`, null for the default) or paging: `escalationPolicyId` (it must exist), `ackTimeoutMinutes`, `autoResolveMinutes`, `supportHours` (null turns one off)',
    params: IdParam,
    body: UpdateService,
    responses: { 200: { description: 'The updated service', schema: Service }, 400: errorResponse('Invalid body, or no such escalation policy'), 404: errorResponse('No such service') },
    handler: ({ params, body }) => engine.updateService(params.id, body),
  });

  router.route({
    method: 'GET', url: '/api/keys', tag: 'Admin', access: 'admin',
    summary: 'List API keys (never their secrets)',
    responses: { 200: { description: 'Every key', schema: z.object({ keys: z.array(ApiKeyInfo) }) } },
    handler: () => ({ keys: engine.listKeys() }),
  });

  router.route({
    method: 'POST', url: '/api/keys', tag: 'Admin', access: 'admin',
    summary: 'Create an API key with scopes; the secret is in this answer only',
    body: CreateApiKey,
    status: 201,
    responses: { 201: { description: 'The new key, with its secret', schema: CreatedApiKey }, 400: errorResponse('Invalid body') },
    handler: ({ body }) => engine.createKey(body),
  });

  router.route({
    method: 'DELETE', url: '/api/keys/:id', tag: 'Admin', access: 'admin',
    summary: 'Revoke an API key',
    params: IdParam,
    responses: { 200: { description: 'The revoked key', schema: ApiKeyInfo }, 404: errorResponse('No such key') },
    handler: ({ params }) => engine.revokeKey(params.id),
  });
}
