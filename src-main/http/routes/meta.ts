// Health check and the OpenAPI document (generated from every registered route's spec).
import { z } from 'zod';
import type { Router, RouteSpec } from '../router.ts';
import { buildOpenApi } from '../openapi.ts';
import type { HostInfo } from '../../../src-shared/schemas/settings.ts';
import { ErrorBody, KlaxonError } from '../../../src-shared/schemas/errors.ts';
import type { Engine } from '../../engine/types.ts';

export function metaRoutes(router: Router, registry: readonly RouteSpec[], hostInfo: () => HostInfo, engine: Pick<Engine, 'writesRefused'>): void {
  router.route({
    method: 'GET', url: '/healthz', tag: 'Meta', access: 'public',
    summary: 'Health: 200 while events are taken; 503 once the disk refused a flush (restart Klaxon)',
    responses: {
      200: { description: 'Up', schema: z.object({ status: z.literal('ok'), version: z.string() }) },
      503: { description: 'Writes refused until a restart', schema: ErrorBody },
    },
    handler: () => {
      // A supervisor watching this restarts the host, which then recovers from what really is on disk.
      const refused = engine.writesRefused();
      if (refused) throw new KlaxonError('UNAVAILABLE', refused);
      return { status: 'ok', version: hostInfo().version };
    },
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
