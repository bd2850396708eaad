// The team and its people over HTTP: the same handlers the window calls (src-main/team-handlers.ts). Reading the
// team and its people needs `incidents:read`; anything that changes the roster, invites or peers needs `admin`.
import {
  TeamStatus, CreateTeam, CreateInvite, CreatedInvite, InviteInfo, ListInvitesResponse, JoinTeam, RevokeDevice,
  AddPeer, AddedPeer, CreateUser, UserResponse, ListUsersResponse, DeviceIdParam, InviteIdParam,
} from '../../../src-shared/schemas/team.ts';
import type { KlaxonHandlers } from '../../../src-shared/api.ts';
import { errorResponse, type Router } from '../router.ts';

const notInTeam = errorResponse('This device is in no team');
const notAdmin = errorResponse('Missing scope, or this device is not an admin of its team');

export function teamRoutes(router: Router, handlers: KlaxonHandlers): void {
  router.route({
    method: 'GET', url: '/api/team', tag: 'Team', access: 'incidents:read',
    summary: 'The team: its devices (person, role, online, last seen, ops behind, last error), its people, forks',
    responses: { 200: { description: 'The team as this device knows it (team null: in no team)', schema: TeamStatus } },
    handler: () => handlers['team.status'](undefined),
  });

  router.route({
    method: 'POST', url: '/api/team', tag: 'Team', access: 'admin',
    summary: 'Found a team with this device as its first admin',
    body: CreateTeam,
    status: 201,
    responses: { 201: { description: 'The new team', schema: TeamStatus }, 400: errorResponse('Invalid body'), 409: errorResponse('This device is in a team already') },
    handler: ({ body }) => handlers['team.create'](body),
  });

  router.route({
    method: 'POST', url: '/api/team/invites', tag: 'Team', access: 'admin',
    summary: 'Invite a device: one line, usable once until it expires, holding where to reach this device',
    body: CreateInvite,
    status: 201,
    responses: { 201: { description: 'The invite (its secret is in this answer only)', schema: CreatedInvite }, 400: errorResponse('Invalid body'), 403: notAdmin, 409: notInTeam },
    handler: ({ body }) => handlers['team.invite'](body),
  });

  router.route({
    method: 'GET', url: '/api/team/invites', tag: 'Team', access: 'admin',
    summary: 'The invites this device issued: open, used, expired or revoked',
    responses: { 200: { description: 'Newest first', schema: ListInvitesResponse } },
    handler: async () => ({ invites: await handlers['team.invites'](undefined) }),
  });

  router.route({
    method: 'DELETE', url: '/api/team/invites/:id', tag: 'Team', access: 'admin',
    summary: 'Revoke an invite so that nobody can join with it',
    params: InviteIdParam,
    responses: { 200: { description: 'The revoked invite', schema: InviteInfo }, 404: errorResponse('No such invite on this device') },
    handler: ({ params }) => handlers['team.revokeInvite'](params),
  });

  router.route({
    method: 'POST', url: '/api/team/join', tag: 'Team', access: 'admin',
    summary: 'Join a team with an invite: connects to the inviting device and answers once this device holds the team',
    body: JoinTeam,
    responses: {
      200: { description: 'The team this device joined', schema: TeamStatus },
      400: errorResponse('A mistyped or damaged invite (VALIDATION_FAILED), or one the inviting device refused or could not be reached with (INVITE_REFUSED)'),
      409: errorResponse('This device is in a team already'),
    },
    handler: ({ body }) => handlers['team.join'](body),
  });

  router.route({
    method: 'POST', url: '/api/team/devices/:id/revoke', tag: 'Team', access: 'admin',
    summary: 'Revoke a device: its connections close, and its ops from now on are refused by every device',
    params: DeviceIdParam,
    body: RevokeDevice.optional(),
    responses: {
      200: { description: 'The team afterwards', schema: TeamStatus }, 403: notAdmin, 404: errorResponse('No such device in the team'),
      409: errorResponse('This device is in no team, or that is the team\'s last admin'),
    },
    handler: ({ params, body }) => handlers['team.revokeDevice']({ id: params.id, ...body }),
  });

  router.route({
    method: 'POST', url: '/api/team/peers', tag: 'Team', access: 'admin',
    summary: 'Add a teammate\'s sync address by hand (HOST:PORT); a running host dials it now',
    body: AddPeer,
    status: 201,
    responses: { 201: { description: 'The address, kept', schema: AddedPeer }, 400: errorResponse('Not HOST:PORT'), 409: notInTeam },
    handler: ({ body }) => handlers['team.connect'](body),
  });

  router.route({
    method: 'GET', url: '/api/users', tag: 'Team', access: 'incidents:read',
    summary: 'People: every person of the team with their devices (ids are stable; acknowledgements and on-call name them)',
    responses: { 200: { description: 'By name', schema: ListUsersResponse } },
    handler: async () => ({ users: await handlers['users.list'](undefined) }),
  });

  router.route({
    method: 'POST', url: '/api/users', tag: 'Team', access: 'admin',
    summary: 'Add a person (e.g. someone on call who has no device yet)',
    body: CreateUser,
    status: 201,
    responses: { 201: { description: 'The new person', schema: UserResponse }, 400: errorResponse('Invalid body') },
    handler: async ({ body }) => ({ user: await handlers['users.create'](body) }),
  });
}
