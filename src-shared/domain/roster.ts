// The team roster: the team, its people and its devices, as one pure fold of the roster ops (team.*, user.*,
// device.*). Who may write what is decided here, from the fold itself, so every device reaches the same verdict
// from the same op set:
//   - the author of an op is the device in its id (`<deviceId>:<seq>`), proven by that device's signed hash chain
//     before the op is applied (src-main/sync), so a relay cannot write in someone else's name;
//   - `team.created` makes its author the founding admin; only the first (by (hlc, id)) counts;
//   - enrolling, revoking and changing roles need an author that is an admin, not revoked, at that point of the
//     fold (ops in (hlc, id) order: an admin's own enrolment always sorts before what it does, since its clock
//     observed it); an op by anyone else changes nothing;
//   - a revoked device stays revoked: revocation is forward-only, and its ops after `upToSeq` count for nothing;
//   - a device may rename itself and announce its own addresses; an admin may rename any device;
//   - people (`user.*`) are created and renamed by any device whose ops are accepted.
import type { Op } from './ops.ts';
import { compareOps, parseKnownOp, type KnownOp } from './ops.ts';
import { parseOpId } from './ids.ts';
import { hlcToIso } from './hlc.ts';

export type DeviceRole = 'admin' | 'member';

export interface TeamState { id: string; name: string; founderDeviceId: string; createdAt: string }
export interface UserState { id: string; name: string; createdAt: string }
export interface DeviceState {
  deviceId: string;
  publicKey: string;
  name: string;
  userId: string;
  role: DeviceRole;
  enrolledAt: string;
  enrolledBy: string;
  addresses: string[];
  revokedAt: string | null;
  revokedBy: string | null;
  /** The highest seq of this device's ops that stays (what the revoking admin had seen of it). */
  revokedUpToSeq: number | null;
}

export interface RosterState {
  team: TeamState | null;
  users: Map<string, UserState>;
  devices: Map<string, DeviceState>;
}

export const ROSTER_PREFIXES = ['team.', 'user.', 'device.'] as const;
export const isRosterOpType = (type: string): boolean => ROSTER_PREFIXES.some((p) => type.startsWith(p));

/** `dev_<deviceId>`: the entity a device's roster ops are about. */
export const deviceEntity = (deviceId: string): string => `dev_${deviceId}`;
const deviceOfEntity = (entity: string): string | null => (entity.startsWith('dev_') ? entity.slice(4) : null);

export const emptyRoster = (): RosterState => ({ team: null, users: new Map(), devices: new Map() });

/** A team id names its founder (`team_<founderDeviceId>-<random>`): a device joining it knows whose ops found it. */
export const founderOfTeam = (teamId: string): string | null => /^team_([a-z2-7]{16})-[0-9a-z]+$/.exec(teamId)?.[1] ?? null;

const isActive = (d: DeviceState | undefined): d is DeviceState => d !== undefined && d.revokedAt === null;
const isActiveAdmin = (r: RosterState, deviceId: string): boolean => {
  const d = r.devices.get(deviceId);
  return isActive(d) && d.role === 'admin';
};

/**
 * Folds roster ops (any order, duplicates allowed, other kinds ignored) into the roster. `teamId`: the team this
 * device founded or joined (a device knows it before its roster does); null folds the first team founded.
 *
 * Revocations reach back by seq, not by time: a revoked device's ops after `upToSeq` count for nothing, wherever they
 * sort. That makes a revocation's own validity depend on the ops it excludes (a device being revoked may, at the same
 * moment, have demoted its revoker), so the fold finds a fixed point, the same on every device from the same ops:
 * start by assuming every revocation holds, fold with their exclusions, keep the revocations that were valid in that
 * fold, and again until nothing changes. The set only shrinks, so it ends; two admins who revoke each other at once
 * both stay (each one's revocation is among the ops the other's excludes).
 */
export function foldRoster(ops: readonly Op[], teamId: string | null = null): RosterState {
  const seen = new Set<string>();
  const known = ops
    .filter((o) => isRosterOpType(o.type) && (seen.has(o.id) ? false : (seen.add(o.id), true)))
    .sort(compareOps)
    .map(parseKnownOp)
    .filter((o): o is KnownOp => o !== null);
  let holding = new Set(known.filter((o) => o.type === 'device.revoked').map((o) => o.id));
  for (;;) {
    const { roster, revocations } = foldHolding(known, holding, teamId);
    if (revocations.size === holding.size) return roster;
    holding = revocations;
  }
}

/** One pass: only the revocations in `holding` may apply, and their targets' later ops are left out from the start. */
function foldHolding(known: readonly KnownOp[], holding: ReadonlySet<string>, teamId: string | null): { roster: RosterState; revocations: Set<string> } {
  const cutoff = new Map<string, number>();
  for (const op of known) {
    if (op.type !== 'device.revoked' || !holding.has(op.id)) continue;
    const target = deviceOfEntity(op.entity) ?? '';
    cutoff.set(target, Math.min(cutoff.get(target) ?? Infinity, op.data.upToSeq));
  }
  const r = emptyRoster();
  const revocations = new Set<string>();
  for (const op of known) {
    const { deviceId: author, seq } = parseOpId(op.id);
    if (seq > (cutoff.get(author) ?? Infinity)) continue;
    if (op.type === 'device.revoked' && !holding.has(op.id)) continue;
    // The team this device founded or joined; any other team.created (a member founding a rival team) is not ours.
    if (op.type === 'team.created' && teamId !== null && op.entity !== teamId) continue;
    if (applyRosterOp(r, op) && op.type === 'device.revoked') revocations.add(op.id);
  }
  return { roster: r, revocations };
}

/** Applies one valid roster op in fold order; returns whether it changed anything (false: not allowed, or a no-op). */
export function applyRosterOp(r: RosterState, op: KnownOp): boolean {
  const author = parseOpId(op.id).deviceId;
  const at = hlcToIso(op.hlc);
  switch (op.type) {
    case 'team.created': {
      if (r.team) return false;
      const f = op.data.founder;
      // A team is founded by the device its id names, nobody else: a backdated team.created by a member is void.
      if (f.deviceId !== author || founderOfTeam(op.entity) !== author) return false;
      r.team = { id: op.entity, name: op.data.name, founderDeviceId: author, createdAt: at };
      r.devices.set(author, {
        deviceId: author, publicKey: f.publicKey, name: f.name, userId: f.userId, role: 'admin', enrolledAt: at,
        enrolledBy: author, addresses: [], revokedAt: null, revokedBy: null, revokedUpToSeq: null,
      });
      return true;
    }
    case 'device.enrolled': {
      const d = op.data;
      if (!r.team || !isActiveAdmin(r, author) || deviceOfEntity(op.entity) !== d.deviceId) return false;
      const prev = r.devices.get(d.deviceId);
      if (prev) return false; // enrolled once; a revoked device stays out (it joins again with a new identity)
      r.devices.set(d.deviceId, {
        deviceId: d.deviceId, publicKey: d.publicKey, name: d.name, userId: d.userId, role: d.role, enrolledAt: at,
        enrolledBy: author, addresses: [], revokedAt: null, revokedBy: null, revokedUpToSeq: null,
      });
      return true;
    }
    case 'device.revoked': {
      const target = r.devices.get(deviceOfEntity(op.entity) ?? '');
      if (!isActiveAdmin(r, author) || !isActive(target)) return false;
      Object.assign(target, { revokedAt: at, revokedBy: author, revokedUpToSeq: op.data.upToSeq });
      return true;
    }
    case 'device.role_changed': {
      const target = r.devices.get(deviceOfEntity(op.entity) ?? '');
      if (!isActiveAdmin(r, author) || !isActive(target)) return false;
      target.role = op.data.role;
      return true;
    }
    case 'device.changed': {
      const target = r.devices.get(deviceOfEntity(op.entity) ?? '');
      if (!isActive(target)) return false;
      const self = target.deviceId === author;
      const f = op.data.fields;
      if (f.name !== undefined && (self || isActiveAdmin(r, author))) target.name = f.name;
      if (f.addresses !== undefined && self) target.addresses = f.addresses;
      return true;
    }
    case 'user.created':
      if (r.users.has(op.entity)) return false;
      r.users.set(op.entity, { id: op.entity, name: op.data.name, createdAt: at });
      return true;
    case 'user.changed': {
      const u = r.users.get(op.entity);
      if (!u) return false;
      if (op.data.fields.name !== undefined) u.name = op.data.fields.name;
      return true;
    }
    default:
      return false;
  }
}

/** Whether a device's op at this seq counts in folds: every op but a revoked device's after its cutoff. */
export function countsInFolds(r: RosterState, deviceId: string, seq: number): boolean {
  const cutoff = r.devices.get(deviceId)?.revokedUpToSeq;
  return cutoff === null || cutoff === undefined || seq <= cutoff;
}

/** A timeline as people read it: acts recorded as `user:<userId>` show the person's name in their message. */
export function namePeople<E extends { actor: string | null; message: string }>(entries: E[], r: RosterState): E[] {
  if (r.users.size === 0) return entries;
  return entries.map((e) => {
    const name = e.actor?.startsWith('user:usr_') ? r.users.get(e.actor.slice(5))?.name : undefined;
    return name ? { ...e, message: e.message.replaceAll(e.actor!, name) } : e;
  });
}

export const isActiveMember = (r: RosterState, deviceId: string): boolean => isActive(r.devices.get(deviceId));
export const isAdmin = (r: RosterState, deviceId: string): boolean => isActiveAdmin(r, deviceId);
