// GET /metrics for Prometheus: a key with `metrics:read` (or admin), or none at all while the `metrics.public`
// setting is on (for a scraper that cannot send a bearer token; anyone who reaches the listener then sees how many
// incidents are open and who is on call — off by default).
import { errorResponse, type Router } from '../router.ts';
import type { Metrics } from '../metrics/metrics.ts';
import type { Engine } from '../../engine/types.ts';

export function metricsRoutes(router: Router, metrics: Metrics, engine: Pick<Engine, 'getSettings'>): void {
  router.route({
    method: 'GET', url: '/metrics', tag: 'Meta', access: 'metrics:read',
    summary: 'Prometheus metrics (text format 0.0.4): open incidents, events by endpoint and outcome, ingest latency, pages, notifier errors, sync peers, on-call, process. No key needed while the metrics.public setting is on',
    openWhen: () => engine.getSettings().metrics.public,
    responses: {
      200: { description: 'text/plain; version=0.0.4' },
      401: errorResponse('No API key, or an unknown or revoked one (while metrics.public is off)'),
      403: errorResponse('The key lacks metrics:read'),
    },
    handler: async ({ reply }) => {
      void reply.type(metrics.registry.contentType);
      return metrics.registry.metrics();
    },
  });
}
