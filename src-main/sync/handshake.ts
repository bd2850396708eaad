// The first message each way. A member says hello (team, device, version vector); the other side accepts it only
// for its own team, from the device whose certificate it saw, if that device is on the roster and not revoked.
import type { Engine } from '../engine/types.ts';
import { KLAXON_VERSION } from '../version.ts';
import type { HelloMessage, RefusedMessage } from './messages.ts';

export const SYNC_PROTOCOL_VERSION = 1;

/** `joiningTeam`: a device that joins a team names it before its roster holds it. */
export function helloFrom(engine: Engine, joiningTeam?: string): HelloMessage {
  const team = engine.roster().team;
  return { t: 'hello', proto: SYNC_PROTOCOL_VERSION, app: `klaxon/${KLAXON_VERSION}`, teamId: team?.id ?? joiningTeam ?? '', deviceId: engine.deviceId, vv: engine.versionVector() };
}

/**
 * Null if this hello may start a session; otherwise the refusal to send before closing. `joining`: a device that
 * is joining a team (its roster is still empty) accepts the device its invite named, for that team.
 */
export function refuseHello(engine: Engine, hello: HelloMessage, certDeviceId: string, joining?: { teamId: string; deviceId: string }): RefusedMessage | null {
  const refuse = (code: RefusedMessage['code'], message: string): RefusedMessage => ({ t: 'refused', code, message });
  if (hello.proto !== SYNC_PROTOCOL_VERSION) return refuse('old_protocol', `this device speaks sync protocol ${SYNC_PROTOCOL_VERSION}, the peer ${hello.proto}: upgrade the older Klaxon`);
  const roster = engine.roster();
  if (!roster.team && joining && hello.teamId === joining.teamId && certDeviceId === joining.deviceId && hello.deviceId === certDeviceId) return null;
  if (!roster.team || hello.teamId !== roster.team.id) return refuse('wrong_team', `this device is in ${roster.team ? `team ${roster.team.id}` : 'no team'}, not ${hello.teamId}`);
  if (hello.deviceId !== certDeviceId) return refuse('not_member', 'the hello names another device than the certificate');
  const d = roster.devices.get(certDeviceId);
  if (!d) return refuse('not_member', `device ${certDeviceId} is not on this team's roster`);
  if (d.revokedAt) return refuse('revoked', `device ${certDeviceId} was revoked at ${d.revokedAt}`);
  return null;
}
