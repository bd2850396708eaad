// Maintenance windows (seed 002, "Scheduled Maintenance"): its body as written schedules one. Reads need
// `incidents:read`, scheduling and cancelling `incidents:write`, like the incidents they keep quiet.
import {
  CreateMaintenance, Maintenance, ListMaintenanceQuery, ListMaintenanceResponse, MaintenanceIdParam,
} from '../../../src-shared/schemas/maintenance.ts';
import type { Engine } from '../../engine/types.ts';
import { errorResponse, type Router } from '../router.ts';


export function maintenanceRoutes(router: Router, engine: Engine): void {
  router.route({
    method: 'GET', url: '/api/maintenance', tag: 'Maintenance', access: 'incidents:read',
    summary: 'Maintenance windows, soonest first: scheduled and in progress unless ?status= says otherwise',
    query: ListMaintenanceQuery,
    responses: { 200: { description: 'The windows', schema: ListMaintenanceResponse }, 400: errorResponse('Invalid query') },
    handler: ({ query }) => ({ maintenance: engine.listMaintenance(query) }),
  });

  router.route({
    method: 'GET', url: '/api/maintenance/:id', tag: 'Maintenance', access: 'incidents:read',
    summary: 'One maintenance window',
    params: MaintenanceIdParam,
    responses: { 200: { description: 'The window', schema: Maintenance }, 404: errorResponse('No such window') },
    handler: ({ params }) => engine.getMaintenance(params.id),
  });

  router.route({
    method: 'POST', url: '/api/maintenance', tag: 'Maintenance', access: 'incidents:write',
    summary: 'Schedule a maintenance window (seed 002); new incidents of its services are suppressed while it is in progress',
    body: CreateMaintenance,
    status: 201,
    responses: { 201: { description: 'The new window', schema: Maintenance }, 400: errorResponse('Invalid body or unknown service') },
    handler: ({ body, actor }) => engine.scheduleMaintenance(body, actor),
  });

  router.route({
    method: 'DELETE', url: '/api/maintenance/:id', tag: 'Maintenance', access: 'incidents:write',
    summary: 'Cancel a maintenance window, or end one in progress now',
    params: MaintenanceIdParam,
    responses: { 200: { description: 'The cancelled window', schema: Maintenance }, 404: errorResponse('No such window'), 409: errorResponse('The window is over already') },
    handler: ({ params, actor }) => engine.cancelMaintenance(params.id, actor),
  });
}
