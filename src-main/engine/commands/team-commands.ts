// The team: founding it, enrolling a device that proved an invite, revoking one, people. Roster ops are written here
// and judged by the pure roster fold (src-shared/domain/roster.ts) on every device, this one included.
import { KlaxonError } from '../../../src-shared/schemas/errors.ts';
import { newId } from '../../../src-shared/domain/ids.ts';
import { deviceEntity, isAdmin, isActiveMember, type RosterState, type DeviceRole } from '../../../src-shared/domain/roster.ts';
import { getMeta, setMeta } from '../../store/meta.ts';
import { SELF_USER_META } from './local-user.ts';
import { TEAM_META } from '../../store/roster-rows.ts';
import { createHash, randomBytes } from 'node:crypto';
import { inviteRow, inviteProblem, markInviteUsed, insertInvite } from '../../store/invites.ts';
import { contiguousSeq } from '../../store/op-log.ts';
import type { Tx } from '../tx.ts';

export interface TeamContext {
  deviceId: string;
  publicKey: string;
  roster(): RosterState;
}


const activeAdmins = (r: RosterState): number => [...r.devices.values()].filter((d) => d.role === 'admin' && !d.revokedAt).length;

export function createTeam(tx: Tx, ctx: TeamContext, input: { name: string; deviceName: string; userName: string }): { teamId: string; userId: string } {
  if (ctx.roster().team) throw new KlaxonError('CONFLICT', `This device is already in team ${ctx.roster().team!.name}`);
  const by = `device:${ctx.deviceId}`;
  // The person this device already has (on call in its schedules, say) founds the team; else a new one.
  const own = getMeta(tx.store, SELF_USER_META);
  const userId = own && ctx.roster().users.has(own) ? own : newId('usr', tx.nowMs);
  if (userId !== own) tx.emit('user.created', userId, { name: input.userName, by });
  const teamId = `team_${ctx.deviceId}-${newId('team', tx.nowMs).slice(-6)}`;
  setMeta(tx.store, TEAM_META, teamId);
  tx.emit('team.created', teamId, { name: input.name, founder: { deviceId: ctx.deviceId, publicKey: ctx.publicKey, name: input.deviceName, userId }, by });
  return { teamId, userId };
}

/** An invite: device-local (only this device checks it), its secret returned once and kept as SHA-256 only. */
export function createInvite(tx: Tx, ctx: TeamContext, input: { role: DeviceRole; expiresAt: number; userId?: string }): { id: string; secret: string } {
  const roster = ctx.roster();
  if (!roster.team) throw new KlaxonError('CONFLICT', 'This device is in no team: create one (klaxon team create) or join one first');
  if (!isAdmin(roster, ctx.deviceId)) throw new KlaxonError('FORBIDDEN', 'Only an admin device can invite');
  if (input.userId && !roster.users.has(input.userId)) throw new KlaxonError('NOT_FOUND', `No person ${input.userId} in this team`);
  const secret = randomBytes(32).toString('base64url');
  const id = newId('inv', tx.nowMs);
  insertInvite(tx.store, {
    id, secret_hash: createHash('sha256').update(secret).digest('hex'), role: input.role, created_at: tx.nowMs,
    expires_at: input.expiresAt, user_id: input.userId ?? null,
  });
  return { id, secret };
}

export interface JoinRequest {
  inviteId: string;
  /** Checks the joiner's proof against the invite's stored secret hash. */
  proves(secretHash: string): boolean;
  deviceId: string;
  publicKey: string;
  deviceName: string;
  userName: string;
  /** The person the joiner already is (its schedules name it), if it has one: see `personForJoiner`. */
  person?: { id: string; name: string };
}

/** Spends an invite and enrols the device that proved it, as the person `personForJoiner` picks. */
export function enrolWithInvite(tx: Tx, ctx: TeamContext, req: JoinRequest): { userId: string; role: DeviceRole } {
  const roster = ctx.roster();
  if (!roster.team) throw new KlaxonError('CONFLICT', 'This device is in no team');
  if (!isAdmin(roster, ctx.deviceId)) throw new KlaxonError('FORBIDDEN', 'Only an admin device can enrol devices');
  const row = inviteRow(tx.store, req.inviteId);
  const problem = inviteProblem(row, tx.nowMs);
  // A mistyped or forged proof reads the same as an unknown invite: nothing tells a guesser which part was wrong.
  if (problem || !req.proves(row!.secret_hash)) throw new KlaxonError('FORBIDDEN', problem ?? 'bad_invite');
  const existing = roster.devices.get(req.deviceId);
  if (existing?.revokedAt) throw new KlaxonError('FORBIDDEN', 'revoked');
  markInviteUsed(tx.store, req.inviteId, req.deviceId, tx.nowMs);
  if (existing) return { userId: existing.userId, role: existing.role }; // already enrolled (a join retried)
  const by = `device:${ctx.deviceId}`;
  const { userId, newName } = personForJoiner(roster, row!.user_id, req, tx.nowMs);
  if (newName !== null) tx.emit('user.created', userId, { name: newName, by });
  const role = row!.role === 'admin' ? 'admin' : 'member';
  tx.emit('device.enrolled', deviceEntity(req.deviceId), {
    deviceId: req.deviceId, publicKey: req.publicKey, name: req.deviceName, userId, role, by,
  });
  return { userId, role };
}

/**
 * Whose device a joiner becomes. The inviter may have named the person (a second laptop of someone in the team), and
 * that wins. Else the joiner stays the person it already is, so that its schedules keep paging it: that id is its own
 * choice for itself, so it is taken only while the team does not know it. An id the team knows is someone else's (a
 * member's, or a person a teammate added) and is never handed to a device that merely claims it: the joiner is then a
 * new person, as is a joiner that has none. `newName`: the person is new to the team, write its `user.created` (for a
 * kept id the joiner's own op syncs too, with the same name; the roster keeps the first, so both agree).
 */
function personForJoiner(roster: RosterState, invited: string | null, req: JoinRequest, nowMs: number): { userId: string; newName: string | null } {
  if (invited && roster.users.has(invited)) return { userId: invited, newName: null };
  const claimed = req.person;
  const known = claimed !== undefined && (roster.users.has(claimed.id) || [...roster.devices.values()].some((d) => d.userId === claimed.id));
  if (claimed && !known) return { userId: claimed.id, newName: claimed.name };
  return { userId: newId('usr', nowMs), newName: req.userName };
}

export function revokeDevice(tx: Tx, ctx: TeamContext, deviceId: string, reason: string | null): void {
  const roster = ctx.roster();
  if (!isAdmin(roster, ctx.deviceId)) throw new KlaxonError('FORBIDDEN', 'Only an admin device can revoke devices');
  const target = roster.devices.get(deviceId);
  if (!target) throw new KlaxonError('NOT_FOUND', `Device ${deviceId} is not in the team`);
  if (target.revokedAt) return; // revoking twice is harmless
  if (target.role === 'admin' && activeAdmins(roster) <= 1) throw new KlaxonError('CONFLICT', 'That is the team\'s last admin: make another device admin first');
  // What stays of its ops is what this device has seen of them: everything after is refused everywhere.
  const upToSeq = contiguousSeq(tx.store, deviceId);
  tx.emit('device.revoked', deviceEntity(deviceId), { upToSeq, reason, by: `device:${ctx.deviceId}` });
}

export function setDeviceRole(tx: Tx, ctx: TeamContext, deviceId: string, role: DeviceRole): void {
  const roster = ctx.roster();
  if (!isAdmin(roster, ctx.deviceId)) throw new KlaxonError('FORBIDDEN', 'Only an admin device can change roles');
  if (!isActiveMember(roster, deviceId)) throw new KlaxonError('NOT_FOUND', `Device ${deviceId} is not an active member of the team`);
  if (role === 'member' && roster.devices.get(deviceId)!.role === 'admin' && activeAdmins(roster) <= 1) {
    throw new KlaxonError('CONFLICT', 'That is the team\'s last admin: make another device admin first');
  }
  tx.emit('device.role_changed', deviceEntity(deviceId), { role, by: `device:${ctx.deviceId}` });
}

/** This device's own name and sync addresses, announced to the team when they change. */
export function describeSelf(tx: Tx, ctx: TeamContext, fields: { name?: string; addresses?: string[] }): boolean {
  const me = ctx.roster().devices.get(ctx.deviceId);
  if (!me || me.revokedAt) return false;
  const changed: { name?: string; addresses?: string[] } = {};
  if (fields.name !== undefined && fields.name !== me.name) changed.name = fields.name;
  if (fields.addresses !== undefined && JSON.stringify(fields.addresses) !== JSON.stringify(me.addresses)) changed.addresses = fields.addresses;
  if (Object.keys(changed).length === 0) return false;
  tx.emit('device.changed', deviceEntity(ctx.deviceId), { fields: changed, by: `device:${ctx.deviceId}` });
  return true;
}

export function createUser(tx: Tx, ctx: TeamContext, name: string): string {
  const id = newId('usr', tx.nowMs);
  tx.emit('user.created', id, { name, by: `device:${ctx.deviceId}` });
  return id;
}
