// Heartbeat push URLs (issue 10 §1): GET or POST /api/heartbeats/:token, public — the token in the URL is the
// credential, as with Uptime Kuma's push monitors and healthchecks.io. `?status=down&msg=…` reports a failure.
// Only the monitor's runner device takes its beats (it alone keeps them): any other answers 404.
import { z } from 'zod';
import type { HeartbeatRunner } from '../../monitors/heartbeat-runner.ts';
import { KlaxonError } from '../../../src-shared/schemas/errors.ts';
import { errorResponse, type Router } from '../router.ts';

const Params = z.object({ token: z.string().min(1).max(200) });
const Beat = z.object({
  status: z.enum(['up', 'down']).default('up'),
  msg: z.string().max(1000).optional(),
});
const Answer = z.object({ ok: z.literal(true) });

export function heartbeatRoutes(router: Router, runner: HeartbeatRunner): void {
  const take = async (token: string, beat: z.output<typeof Beat>) => {
    const id = await runner.beat(token, { status: beat.status, msg: beat.msg ?? null });
    if (!id) throw new KlaxonError('NOT_FOUND', 'No heartbeat monitor runs here with this token');
    return { ok: true as const };
  };
  router.route({
    method: 'GET', url: '/api/heartbeats/:token', tag: 'Monitors', access: 'public',
    summary: 'A heartbeat: the monitor is alive (?status=down&msg=… reports it failing)',
    params: Params, query: Beat,
    responses: { 200: { description: 'Beat recorded', schema: Answer }, 404: errorResponse('No such heartbeat monitor on this device') },
    handler: ({ params, query }) => take(params.token, query),
  });
  router.route({
    method: 'POST', url: '/api/heartbeats/:token', tag: 'Monitors', access: 'public',
    summary: 'A heartbeat, as POST: the query (or a JSON body) may say {"status":"down","msg":"…"}',
    params: Params, query: Beat, body: Beat.optional(),
    responses: { 200: { description: 'Beat recorded', schema: Answer }, 404: errorResponse('No such heartbeat monitor on this device') },
    handler: ({ params, query, body }) => take(params.token, { ...query, ...(body ?? {}) }),
  });
}
