// Status pages as entities (issue 10 §2). Reading them needs `incidents:read`; changing them is for admins; opening
// an incident on a page is an incident write, like seed 002's create.
import {
  CreateStatusPage, UpdateStatusPage, StatusPageIdParam, StatusPageResponse, ListStatusPagesResponse, CreatePageIncident, PageIncidentParams,
} from '../../../src-shared/schemas/status-pages.ts';
import { Incident } from '../../../src-shared/schemas/incidents.ts';
import type { Engine } from '../../engine/types.ts';
import { errorResponse, type Router } from '../router.ts';

const noPage = errorResponse('No such status page');

export function statusPageRoutes(router: Router, engine: Engine): void {
  router.route({
    method: 'GET', url: '/api/status-pages', tag: 'Status pages', access: 'incidents:read',
    summary: 'Status pages, oldest first',
    responses: { 200: { description: 'Every status page', schema: ListStatusPagesResponse } },
    handler: () => ({ statusPages: engine.listStatusPages() }),
  });

  router.route({
    method: 'POST', url: '/api/status-pages', tag: 'Status pages', access: 'admin',
    summary: 'Create a status page: name, slug (lower-case letters, digits, dashes), and `serviceIds` (one group) or `groups` of service and monitor components',
    body: CreateStatusPage,
    status: 201,
    responses: {
      201: { description: 'The new page', schema: StatusPageResponse },
      400: errorResponse('Invalid body, unknown service or monitor'), 409: errorResponse('Another page has this slug'),
    },
    handler: async ({ body, actor }) => ({ statusPage: await engine.createStatusPage(body, actor) }),
  });

  router.route({
    method: 'GET', url: '/api/status-pages/:id', tag: 'Status pages', access: 'incidents:read',
    summary: 'One status page',
    params: StatusPageIdParam,
    responses: { 200: { description: 'The page', schema: StatusPageResponse }, 404: noPage },
    handler: ({ params }) => ({ statusPage: engine.getStatusPage(params.id) }),
  });

  router.route({
    method: 'PATCH', url: '/api/status-pages/:id', tag: 'Status pages', access: 'admin',
    summary: 'Change a status page (`groups` replaces every group)',
    params: StatusPageIdParam,
    body: UpdateStatusPage,
    responses: {
      200: { description: 'The page', schema: StatusPageResponse }, 400: errorResponse('Invalid body, unknown service or monitor'),
      404: noPage, 409: errorResponse('Another page has this slug'),
    },
    handler: async ({ params, body, actor }) => ({ statusPage: await engine.updateStatusPage(params.id, body, actor) }),
  });

  router.route({
    method: 'DELETE', url: '/api/status-pages/:id', tag: 'Status pages', access: 'admin',
    summary: 'Delete a status page: it is no longer served (its incidents stay)',
    params: StatusPageIdParam,
    responses: { 200: { description: 'The deleted page', schema: StatusPageResponse }, 404: noPage },
    handler: async ({ params, actor }) => ({ statusPage: await engine.deleteStatusPage(params.id, actor) }),
  });

  router.route({
    method: 'POST', url: '/api/status-pages/:id/incidents', tag: 'Status pages', access: 'incidents:write',
    summary: "Open an incident published to this page (seed 002's body: title, status, impact, message; optional serviceId)",
    params: StatusPageIdParam,
    body: CreatePageIncident,
    status: 201,
    responses: { 201: { description: 'The new incident', schema: Incident }, 400: errorResponse('Invalid body or unknown service'), 404: noPage },
    handler: ({ params, body, actor }) => engine.createPageIncident(params.id, body, actor),
  });

  router.route({
    method: 'DELETE', url: '/api/status-pages/:id/incidents/:incidentId', tag: 'Status pages', access: 'admin',
    summary: 'Withdraw an incident from this page (posted by mistake, or of a service it publishes whole): it leaves the page, its feeds and summary; the incident itself stays',
    params: PageIncidentParams,
    responses: { 200: { description: 'The page', schema: StatusPageResponse }, 404: errorResponse('No such status page, or the incident is not published on it') },
    handler: async ({ params, actor }) => ({ statusPage: await engine.withdrawPageIncident(params.id, params.incidentId, actor) }),
  });
}
