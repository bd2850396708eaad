// Seed 001's Incidents API (plus urgency filter, search and cursors), seed 002's status-page updates, and notes.
// Reads need `incidents:read`, writes `incidents:write`; a write is recorded as made by `key:<keyId>`.
import { z } from 'zod';
import {
  ListIncidentsQuery, ListIncidentsResponse, IncidentDetail, Incident, CreateIncident, UpdateIncident,
  StatusUpdate, AddNote, IncidentIdParam,
} from '../../../src-shared/schemas/incidents.ts';
import type { Engine } from '../../engine/types.ts';
import { errorResponse, type Router } from '../router.ts';


/** `?status=triggered,acknowledged` means the same as `?status=triggered&status=acknowledged`. */
const ListQuery = z.preprocess((q) => {
  if (q === null || typeof q !== 'object') return q;
  const { status, ...rest } = q as Record<string, unknown>;
  if (typeof status === 'string' && status.includes(',')) return { ...rest, status: status.split(',').map((s) => s.trim()).filter(Boolean) };
  return { ...q };
}, ListIncidentsQuery);

export function incidentRoutes(router: Router, engine: Engine): void {
  router.route({
    method: 'GET', url: '/api/incidents', tag: 'Incidents', access: 'incidents:read',
    summary: 'List incidents, newest first (or order=queue); filter by status, serviceId, urgency, q; page with cursor → nextCursor, or offset; counts=true adds counts by status and urgency',
    query: ListQuery,
    responses: { 200: { description: 'A page of incidents', schema: ListIncidentsResponse }, 400: errorResponse('Invalid query (e.g. limit above 200)') },
    handler: ({ query }) => engine.listIncidents(query),
  });

  router.route({
    method: 'GET', url: '/api/incidents/:id', tag: 'Incidents', access: 'incidents:read',
    summary: 'One incident with its timeline',
    params: IncidentIdParam,
    responses: { 200: { description: 'The incident', schema: IncidentDetail }, 404: errorResponse('No such incident') },
    handler: ({ params }) => engine.getIncident(params.id),
  });

  router.route({
    method: 'POST', url: '/api/incidents', tag: 'Incidents', access: 'incidents:write',
    summary: 'Open an incident by hand',
    body: CreateIncident,
    status: 201,
    responses: { 201: { description: 'The new incident', schema: Incident }, 400: errorResponse('Invalid body or unknown service') },
    handler: ({ body, actor }) => engine.createIncident(body, actor),
  });

  router.route({
    method: 'PATCH', url: '/api/incidents/:id', tag: 'Incidents', access: 'incidents:write',
    summary: 'Change status (OPEN, ACKNOWLEDGED, RESOLVED, SNOOZED; any case), urgency, priority, assignee, title…',
    params: IncidentIdParam,
    body: UpdateIncident,
    responses: {
      200: { description: 'The updated incident', schema: Incident },
      400: errorResponse('Invalid body'), 404: errorResponse('No such incident'), 409: errorResponse('Illegal transition'),
    },
    handler: ({ params, body, actor }) => engine.updateIncident(params.id, body, actor),
  });

  router.route({
    method: 'POST', url: '/api/incidents/:id/updates', tag: 'Incidents', access: 'incidents:write',
    summary: 'Post a status-page update: progress (investigating, identified, monitoring, resolved) and a message (seed 002)',
    params: IncidentIdParam,
    body: StatusUpdate,
    status: 201,
    responses: { 201: { description: 'The incident with its timeline', schema: IncidentDetail }, 400: errorResponse('Invalid body'), 404: errorResponse('No such incident') },
    handler: ({ params, body, actor }) => engine.postStatusUpdate(params.id, body, actor),
  });

  router.route({
    method: 'POST', url: '/api/incidents/:id/notes', tag: 'Incidents', access: 'incidents:write',
    summary: 'Add a note to the timeline',
    params: IncidentIdParam,
    body: AddNote,
    status: 201,
    responses: { 201: { description: 'The incident with its timeline', schema: IncidentDetail }, 400: errorResponse('Invalid body'), 404: errorResponse('No such incident') },
    handler: ({ params, body, actor }) => engine.addNote(params.id, body, actor),
  });
}
