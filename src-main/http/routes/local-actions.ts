// Local actions (issue 11 §2): commands this device runs on incident events. Admin only, and only from this machine
// (loopback): a local action runs a program here, so an API key used from elsewhere — even an admin's — must not be
// able to set one. Nothing here replicates.
import type { FastifyRequest } from 'fastify';
import {
  CreateLocalAction, UpdateLocalAction, LocalActionIdParam, LocalActionRunIdParam, LocalActionResponse, ListLocalActionsResponse,
  LocalActionRunResponse, ListLocalActionRunsResponse,
} from '../../../src-shared/schemas/local-actions.ts';
import { NoBody } from '../../../src-shared/schemas/webhooks.ts';
import { KlaxonError } from '../../../src-shared/schemas/errors.ts';
import type { LocalActionConfig } from '../../outbound/local-action-config.ts';
import type { LocalActionRunner } from '../../outbound/local-action-runner.ts';
import { runsOf } from '../../store/local-actions.ts';
import { toRun } from '../../outbound/local-action-view.ts';
import type { Engine } from '../../engine/types.ts';
import { errorResponse, type Router } from '../router.ts';

const noAction = errorResponse('No such local action');
const notHere = errorResponse('Asked from another machine: local actions are set on the device itself');

/** Whether a connection's peer address is this machine (a socket's remoteAddress; the monitors' isLoopbackHostName reads a URL's host name). */
export const isLoopbackPeer = (address: string | undefined): boolean =>
  address !== undefined && (address === '::1' || address.startsWith('127.') || address.startsWith('::ffff:127.'));

const fromThisMachine = (request: FastifyRequest): void => {
  if (!isLoopbackPeer(request.socket.remoteAddress)) {
    throw new KlaxonError('FORBIDDEN', 'Local actions run programs on this device: they are set only from this machine (127.0.0.1)');
  }
};

export function localActionRoutes(router: Router, engine: Engine, config: LocalActionConfig, runner?: Pick<LocalActionRunner, 'test' | 'rerun'>): void {
  router.route({
    method: 'GET', url: '/api/local-actions', tag: 'Local actions', access: 'admin',
    summary: 'The commands this device runs on incident events, oldest first (this device only: they never replicate)',
    responses: { 200: { description: 'Every local action', schema: ListLocalActionsResponse }, 403: notHere },
    handler: ({ request }) => { fromThisMachine(request); return { actions: config.list() }; },
  });

  router.route({
    method: 'POST', url: '/api/local-actions', tag: 'Local actions', access: 'admin',
    summary: 'Run a command on this device on incident events (of some services, or all), the event as JSON on its stdin',
    body: CreateLocalAction,
    status: 201,
    responses: { 201: { description: 'The new local action', schema: LocalActionResponse }, 400: errorResponse('Invalid body or unknown service'), 403: notHere },
    handler: ({ request, body }) => { fromThisMachine(request); return { action: config.create(body) }; },
  });

  router.route({
    method: 'PATCH', url: '/api/local-actions/:id', tag: 'Local actions', access: 'admin',
    summary: 'Change a local action (`command`, `events` and `serviceIds` replace the whole list)',
    params: LocalActionIdParam,
    body: UpdateLocalAction,
    responses: { 200: { description: 'The local action', schema: LocalActionResponse }, 400: errorResponse('Invalid body or unknown service'), 403: notHere, 404: noAction },
    handler: ({ request, params, body }) => { fromThisMachine(request); return { action: config.update(params.id, body) }; },
  });

  router.route({
    method: 'DELETE', url: '/api/local-actions/:id', tag: 'Local actions', access: 'admin',
    summary: 'Delete a local action and its log',
    params: LocalActionIdParam,
    responses: { 200: { description: 'The deleted local action', schema: LocalActionResponse }, 403: notHere, 404: noAction },
    handler: ({ request, params }) => { fromThisMachine(request); return { action: config.delete(params.id) }; },
  });

  router.route({
    method: 'GET', url: '/api/local-actions/:id/runs', tag: 'Local actions', access: 'admin',
    summary: "A local action's runs on this device, newest first, the last 100: exit code, signal, stdout and stderr",
    params: LocalActionIdParam,
    responses: { 200: { description: 'Its runs', schema: ListLocalActionRunsResponse }, 403: notHere, 404: noAction },
    handler: ({ request, params }) => {
      fromThisMachine(request);
      config.get(params.id);
      return { runs: runsOf(engine.store, params.id, 100).map(toRun) };
    },
  });

  if (!runner) return;
  router.route({
    method: 'POST', url: '/api/local-actions/:id/test', tag: 'Local actions', access: 'admin',
    summary: 'Run the command now with a `local_action.test` message on stdin; answers the run once it ended',
    params: LocalActionIdParam,
    body: NoBody,
    responses: { 200: { description: 'The test run', schema: LocalActionRunResponse }, 403: notHere, 404: noAction },
    handler: async ({ request, params }) => { fromThisMachine(request); return { run: toRun(await runner.test(params.id)) }; },
  });

  router.route({
    method: 'POST', url: '/api/local-actions/runs/:id/retry', tag: 'Local actions', access: 'admin',
    summary: "Run again: the run's event is given to the command once more now; answers the run once it ended",
    params: LocalActionRunIdParam,
    body: NoBody,
    responses: { 200: { description: 'The run', schema: LocalActionRunResponse }, 403: notHere, 404: errorResponse('No such run'), 409: errorResponse('It is running') },
    handler: async ({ request, params }) => { fromThisMachine(request); return { run: toRun(await runner.rerun(params.id)) }; },
  });
}
