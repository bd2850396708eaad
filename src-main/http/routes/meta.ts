// Health check and the OpenAPI document (generated from every registered route's spec).
import { z } from 'zod';
import type { Router, RouteSpec } from '../router.ts';
import { buildOpenApi } from '../openapi.ts';
import type { HostInfo } from '../../../src-shared/schemas/settings.ts';

export function metaRoutes(router: Router, registry: readonly RouteSpec[], hostInfo: () => HostInfo): void {
  router.route({
    method: 'GET', url: '/healthz', tag: 'Meta', access: 'public',
    summary: 'Liveness: answers 200 while the receiver takes requests',
    responses: { 200: { description: 'Up', schema: z.object({ status: z.literal('ok'), version: z.string() }) } },
    handler: () => ({ status: 'ok', version: hostInfo().version }),
  });

  let document: Record<string, unknown> | undefined;
  router.route({
    method: 'GET', url: '/api/openapi.json', tag: 'Meta', access: 'public',
    summary: 'This document',
    responses: { 200: { description: 'OpenAPI 3.1 document' } },
    // Built on first request: by then every route (including this one) is registered.
    handler: () => (document ??= buildOpenApi(registry, hostInfo().version)),
  });
}
