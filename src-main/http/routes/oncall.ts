// On-call over HTTP (issue 9): schedules with their shifts and overrides, escalation policies, who is on call, and
// "escalate now". Reading needs `incidents:read`, changing `admin`, escalating `incidents:write` (it is an act on an
// incident). Every route answers through the same handlers as the window (src-main/oncall-handlers.ts).
import { z } from 'zod';
import {
  CreateSchedule, UpdateSchedule, CreateOverride, CreateEscalationPolicy, UpdateEscalationPolicy, ShiftsQuery, OnCallQuery,
  IdParam, OverrideIdParam, ScheduleResponse, ListSchedulesResponse, OverrideResponse, EscalationPolicyResponse,
  ListEscalationPoliciesResponse, ShiftsResponse, OnCallNow,
} from '../../../src-shared/schemas/oncall.ts';
import { IncidentDetail, IncidentIdParam } from '../../../src-shared/schemas/incidents.ts';
import type { KlaxonHandlers, Caller } from '../../../src-shared/api.ts';
import { errorResponse, type Router } from '../router.ts';

const invalid = errorResponse('Invalid body: a bad time zone or wall time, an unknown person or schedule (the field is named)');
const noSchedule = errorResponse('No such schedule');
const noPolicy = errorResponse('No such escalation policy');
const as = (actor: string): Caller => ({ actor, sessionId: null });

export function onCallRoutes(router: Router, handlers: KlaxonHandlers): void {
  router.route({
    method: 'GET', url: '/api/schedules', tag: 'On-call', access: 'incidents:read',
    summary: 'Schedules, by name, each with its layers and the overrides that have not ended',
    responses: { 200: { description: 'Every schedule', schema: ListSchedulesResponse } },
    handler: async () => ({ schedules: await handlers['schedules.list'](undefined) }),
  });

  router.route({
    method: 'POST', url: '/api/schedules', tag: 'On-call', access: 'admin',
    summary: 'Create a schedule: a time zone and layers (start: a wall time in that zone; rotation hourly|daily|weekly; turns units per shift; userIds in turn)',
    body: CreateSchedule,
    status: 201,
    responses: { 201: { description: 'The new schedule', schema: ScheduleResponse }, 400: invalid },
    handler: async ({ body, actor }) => ({ schedule: await handlers['schedules.create'](body, as(actor)) }),
  });

  router.route({
    method: 'GET', url: '/api/schedules/:id', tag: 'On-call', access: 'incidents:read',
    summary: 'One schedule',
    params: IdParam,
    responses: { 200: { description: 'The schedule', schema: ScheduleResponse }, 404: noSchedule },
    handler: async ({ params }) => ({ schedule: await handlers['schedules.get'](params) }),
  });

  router.route({
    method: 'PATCH', url: '/api/schedules/:id', tag: 'On-call', access: 'admin',
    summary: 'Change a schedule\'s name, description, time zone or layers (`layers` replaces the whole list)',
    params: IdParam,
    body: UpdateSchedule,
    responses: { 200: { description: 'The schedule', schema: ScheduleResponse }, 400: invalid, 404: noSchedule },
    handler: async ({ params, body, actor }) => ({ schedule: await handlers['schedules.update']({ id: params.id, patch: body }, as(actor)) }),
  });

  router.route({
    method: 'DELETE', url: '/api/schedules/:id', tag: 'On-call', access: 'admin',
    summary: 'Delete a schedule (refused while an escalation policy pages it)',
    params: IdParam,
    responses: { 200: { description: 'The deleted schedule', schema: ScheduleResponse }, 404: noSchedule, 409: errorResponse('An escalation policy pages it (named)') },
    handler: async ({ params, actor }) => ({ schedule: await handlers['schedules.delete'](params, as(actor)) }),
  });

  router.route({
    method: 'GET', url: '/api/schedules/:id/shifts', tag: 'On-call', access: 'incidents:read',
    summary: 'Who is on call between two instants: one entry per contiguous shift of one person, overrides applied (at most a year at once)',
    params: IdParam,
    query: ShiftsQuery,
    responses: { 200: { description: 'The shifts, in time order (gaps are absent)', schema: ShiftsResponse }, 400: errorResponse('from/to missing, not instants, or more than a year apart'), 404: noSchedule },
    handler: async ({ params, query }) => ({ shifts: await handlers['schedules.shifts']({ id: params.id, ...query }) }),
  });

  router.route({
    method: 'POST', url: '/api/schedules/:id/overrides', tag: 'On-call', access: 'admin',
    summary: 'A person covers [start, end) on top of every layer; where overrides overlap, the one created last wins',
    params: IdParam,
    body: CreateOverride,
    status: 201,
    responses: { 201: { description: 'The override', schema: OverrideResponse }, 400: invalid, 404: noSchedule },
    handler: async ({ params, body, actor }) => ({ override: await handlers['schedules.addOverride']({ id: params.id, override: body }, as(actor)) }),
  });

  router.route({
    method: 'DELETE', url: '/api/schedules/:id/overrides/:overrideId', tag: 'On-call', access: 'admin',
    summary: 'Remove an override that has not ended',
    params: OverrideIdParam,
    responses: { 200: { description: 'The schedule without it', schema: ScheduleResponse }, 404: errorResponse('No such schedule or override'), 409: errorResponse('The override has ended') },
    handler: async ({ params, actor }) => ({ schedule: await handlers['schedules.removeOverride'](params, as(actor)) }),
  });

  router.route({
    method: 'GET', url: '/api/oncall', tag: 'On-call', access: 'incidents:read',
    summary: 'Who is on call at an instant (now unless ?at=ISO) for every schedule, and every escalation policy level, with until when',
    query: OnCallQuery,
    responses: { 200: { description: 'Who is on call', schema: OnCallNow }, 400: errorResponse('at is not an instant') },
    handler: ({ query }) => handlers['oncall.now'](query),
  });

  router.route({
    method: 'GET', url: '/api/escalation-policies', tag: 'On-call', access: 'incidents:read',
    summary: 'Escalation policies, by name',
    responses: { 200: { description: 'Every policy', schema: ListEscalationPoliciesResponse } },
    handler: async () => ({ escalationPolicies: await handlers['policies.list'](undefined) }),
  });

  router.route({
    method: 'POST', url: '/api/escalation-policies', tag: 'On-call', access: 'admin',
    summary: 'Create an escalation policy: levels, each with a delay in minutes and targets (people and schedules, all paged at once), and how often it repeats',
    body: CreateEscalationPolicy,
    status: 201,
    responses: { 201: { description: 'The new policy', schema: EscalationPolicyResponse }, 400: invalid },
    handler: async ({ body, actor }) => ({ escalationPolicy: await handlers['policies.create'](body, as(actor)) }),
  });

  router.route({
    method: 'GET', url: '/api/escalation-policies/:id', tag: 'On-call', access: 'incidents:read',
    summary: 'One escalation policy',
    params: IdParam,
    responses: { 200: { description: 'The policy', schema: EscalationPolicyResponse }, 404: noPolicy },
    handler: async ({ params }) => ({ escalationPolicy: await handlers['policies.get'](params) }),
  });

  router.route({
    method: 'PATCH', url: '/api/escalation-policies/:id', tag: 'On-call', access: 'admin',
    summary: 'Change an escalation policy (`levels` replaces the whole list)',
    params: IdParam,
    body: UpdateEscalationPolicy,
    responses: { 200: { description: 'The policy', schema: EscalationPolicyResponse }, 400: invalid, 404: noPolicy },
    handler: async ({ params, body, actor }) => ({ escalationPolicy: await handlers['policies.update']({ id: params.id, patch: body }, as(actor)) }),
  });

  router.route({
    method: 'DELETE', url: '/api/escalation-policies/:id', tag: 'On-call', access: 'admin',
    summary: 'Delete an escalation policy (refused while a service uses it)',
    params: IdParam,
    responses: { 200: { description: 'The deleted policy', schema: EscalationPolicyResponse }, 404: noPolicy, 409: errorResponse('A service uses it (named)') },
    handler: async ({ params, actor }) => ({ escalationPolicy: await handlers['policies.delete'](params, as(actor)) }),
  });

  router.route({
    method: 'POST', url: '/api/incidents/:id/escalate', tag: 'Incidents', access: 'incidents:write',
    summary: 'Escalate now: the next level of the service\'s escalation policy is paged at once, even after an acknowledgement (after the last level, level 1)',
    params: IncidentIdParam,
    body: z.object({}).strict().optional(),
    responses: {
      200: { description: 'The incident with its escalation', schema: IncidentDetail }, 404: errorResponse('No such incident'),
      409: errorResponse('The service has no escalation policy, or the incident is resolved'),
    },
    handler: ({ params, actor }) => handlers['incidents.escalate'](params, as(actor)),
  });
}
