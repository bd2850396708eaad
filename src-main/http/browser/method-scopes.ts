// What a browser session opened with an API key may call: exactly what that key may do over the HTTP API. Without
// this, an incidents-only key could sign in and then mint an admin key, add services or move the listener to the
// network through the bridge. (A `klaxon open` session is this machine's user and may call everything.)
import type { ApiMethod } from '../../../src-shared/api.ts';
import type { Scope } from '../../../src-shared/schemas/common.ts';

export const METHOD_SCOPES: Readonly<Record<ApiMethod, Scope>> = {
  'incidents.list': 'incidents:read',
  'incidents.get': 'incidents:read',
  'incidents.create': 'incidents:write',
  'incidents.update': 'incidents:write',
  'incidents.acknowledge': 'incidents:write',
  'incidents.resolve': 'incidents:write',
  'incidents.snooze': 'incidents:write',
  'incidents.postUpdate': 'incidents:write',
  'incidents.addNote': 'incidents:write',
  'incidents.storm': 'incidents:read',
  'maintenance.list': 'incidents:read',
  'maintenance.schedule': 'incidents:write',
  'maintenance.cancel': 'incidents:write',
  // Subscriptions carry their signing secrets, and say where incidents go: admin, as /api/webhooks is.
  'webhooks.list': 'admin',
  'webhooks.create': 'admin',
  'webhooks.update': 'admin',
  'webhooks.delete': 'admin',
  // A local action runs a program on this device: admin (and the handlers refuse a browser on another machine).
  'localActions.list': 'admin',
  'localActions.create': 'admin',
  'localActions.update': 'admin',
  'localActions.delete': 'admin',
  'localActions.test': 'admin',
  'localActions.runs': 'admin',
  'localActions.rerun': 'admin',
  // Services carry routing keys (credentials for /v2/enqueue): admin, as GET /api/services is.
  'services.list': 'admin',
  'services.create': 'admin',
  'services.update': 'admin',
  'keys.list': 'admin',
  'keys.create': 'admin',
  'keys.revoke': 'admin',
  'settings.get': 'incidents:read',
  // The listen address among them: binding beyond loopback is an admin's decision.
  'settings.update': 'admin',
  'host.info': 'incidents:read',
  // Revoking sessions signs people out; seeing them tells who is signed in: admin, as GET /api/sessions is.
  'sessions.list': 'admin',
  'sessions.revoke': 'admin',
  // The team: anyone may look; changing the roster, invites and peers is an admin's, as over the HTTP API.
  'team.status': 'incidents:read',
  'team.create': 'admin',
  'team.invite': 'admin',
  'team.invites': 'admin',
  'team.revokeInvite': 'admin',
  'team.join': 'admin',
  'team.revokeDevice': 'admin',
  'team.connect': 'admin',
  'users.list': 'incidents:read',
  'users.create': 'admin',
  // It may write a person (replicated to the team): as adding one.
  'users.ensureSelf': 'admin',
  'schedules.list': 'incidents:read',
  'schedules.get': 'incidents:read',
  'schedules.create': 'admin',
  'schedules.update': 'admin',
  'schedules.delete': 'admin',
  'schedules.shifts': 'incidents:read',
  'schedules.addOverride': 'admin',
  'schedules.removeOverride': 'admin',
  'policies.list': 'incidents:read',
  'policies.get': 'incidents:read',
  'policies.create': 'admin',
  'policies.update': 'admin',
  'policies.delete': 'admin',
  'oncall.now': 'incidents:read',
  'incidents.escalate': 'incidents:write',
  'reports.get': 'incidents:read',
  'calendar.feed': 'admin',
};
