// Monitors (issue 10 §1): `admin` to create, change, pause and delete; `incidents:read` to read, like the incidents
// they open. A heartbeat's answer carries its push URL — for `admin` only: a key without it sees every monitor with
// its secrets hidden (redact.ts), since a header, a body or a push URL is a credential.
import { z } from 'zod';
import type { FastifyRequest } from 'fastify';
import {
  CreateMonitor, UpdateMonitor, MonitorResponse, ListMonitorsResponse, MonitorIdParam, MonitorResultsQuery, MonitorResultsResponse, resultsSpan,
} from '../../../src-shared/schemas/monitors.ts';
import { KlaxonError } from '../../../src-shared/schemas/errors.ts';
import { monitorReport } from '../../monitors/monitor-report.ts';
import { monitorResults } from '../../monitors/results-view.ts';
import { monitorToApi } from '../../../src-shared/domain/monitors/to-api.ts';
import { redactMonitor } from '../../../src-shared/domain/monitors/redact.ts';
import type { ApiKeyInfo } from '../../../src-shared/schemas/admin.ts';
import { hasScope } from '../auth.ts';
import type { MonitorState } from '../../../src-shared/domain/monitors/fold.ts';
import type { Engine } from '../../engine/types.ts';
import type { MonitorCheck } from '../../../src-shared/schemas/monitors.ts';
import { errorResponse, type Router } from '../router.ts';

const origin = (request: FastifyRequest): string => `${request.protocol}://${request.host}`;

/** Where a monitor stands, answered by the runner of its kind on this device (undefined: not run here). */
export type MonitorCheckOf = (m: MonitorState) => MonitorCheck | undefined;

export function monitorRoutes(router: Router, engine: Engine, checkOf?: MonitorCheckOf): void {
  const view = (m: MonitorState, request: FastifyRequest, key: ApiKeyInfo | null) => {
    const full = monitorToApi(m, origin(request), monitorReport(engine, m), checkOf?.(m));
    return key !== null && hasScope(key, 'admin') ? full : redactMonitor(full);
  };
  const one = (m: MonitorState, request: FastifyRequest, key: ApiKeyInfo | null) => ({ monitor: view(m, request, key) });
  router.route({
    method: 'GET', url: '/api/monitors', tag: 'Monitors', access: 'incidents:read',
    summary: 'Every monitor, by name. Without the admin scope, header values and the body read "(hidden)", URL credentials are removed and heartbeatUrl is left out',
    responses: { 200: { description: 'The monitors', schema: ListMonitorsResponse } },
    handler: ({ request, key }) => ({ monitors: engine.listMonitors().map((m) => view(m, request, key)) }),
  });

  router.route({
    method: 'GET', url: '/api/monitors/:id', tag: 'Monitors', access: 'incidents:read',
    summary: 'One monitor (its secrets hidden without the admin scope, as in the list)',
    params: MonitorIdParam,
    responses: { 200: { description: 'The monitor', schema: MonitorResponse }, 404: errorResponse('No such monitor') },
    handler: ({ params, request, key }) => one(engine.getMonitor(params.id), request, key),
  });

  router.route({
    method: 'GET', url: '/api/monitors/:id/results', tag: 'Monitors', access: 'incidents:read',
    summary: 'A monitor\'s history in ?from&to (ISO instants; default the last 24 h; at most 400 days): the raw checks its runner still holds (the last day, on the runner only) and the team\'s hourly and daily rollups',
    params: MonitorIdParam, query: MonitorResultsQuery,
    responses: { 200: { description: 'Results and rollups', schema: MonitorResultsResponse }, 400: errorResponse('Invalid span'), 404: errorResponse('No such monitor') },
    handler: ({ params, query }) => {
      const m = engine.getMonitor(params.id);
      const span = resultsSpan(query, engine.clock.now());
      if ('error' in span) throw new KlaxonError('VALIDATION_FAILED', span.error, span.field);
      return monitorResults(engine.store, m.id, span.fromMs, span.toMs);
    },
  });

  router.route({
    method: 'POST', url: '/api/monitors', tag: 'Monitors', access: 'admin',
    summary: 'Create a monitor (http, tcp or heartbeat) on a service; it runs on this device unless runnerDeviceId says otherwise',
    body: CreateMonitor,
    status: 201,
    responses: { 201: { description: 'The new monitor (a heartbeat with its heartbeatUrl)', schema: MonitorResponse }, 400: errorResponse('Invalid body or unknown service') },
    handler: async ({ body, actor, request, key }) => one(await engine.createMonitor(body, actor), request, key),
  });

  router.route({
    method: 'PATCH', url: '/api/monitors/:id', tag: 'Monitors', access: 'admin',
    summary: 'Change a monitor\'s settings (not its type) or the device that runs it; {"paused":true} pauses it (no checks, no incidents) and false resumes it',
    params: MonitorIdParam,
    body: UpdateMonitor,
    responses: { 200: { description: 'The monitor', schema: MonitorResponse }, 400: errorResponse('Invalid settings'), 404: errorResponse('No such monitor') },
    handler: async ({ params, body, actor, request, key }) => one(await engine.updateMonitor(params.id, body, actor), request, key),
  });

  router.route({
    method: 'DELETE', url: '/api/monitors/:id', tag: 'Monitors', access: 'admin',
    summary: 'Delete a monitor (the incidents it opened stay)',
    params: MonitorIdParam,
    responses: { 200: { description: 'Deleted', schema: z.object({ id: z.string(), deleted: z.literal(true) }) }, 404: errorResponse('No such monitor') },
    handler: async ({ params, actor }) => { await engine.deleteMonitor(params.id, actor); return { id: params.id, deleted: true as const }; },
  });
}
