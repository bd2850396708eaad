// The roster's projection: the team, its people and devices, rewritten as a whole from the fold of every roster op
// (a team's roster is a few dozen ops; folding it all again is simpler than any incremental rule, and exact).
import type { Op } from '../../src-shared/domain/ops.ts';
import { foldRoster, emptyRoster, type RosterState, type DeviceState } from '../../src-shared/domain/roster.ts';
import type { Store } from './database.ts';
import { getMeta } from './meta.ts';
import type { DevicesTable } from './schema.ts';

/** Roster ops, found through the entity index: their entities are `team_…`, `usr_…` and `dev_…`. */
export function rosterOps(store: Store): Op[] {
  // '`' sorts right after '_': each pair bounds one prefix, so the entity index serves the scan.
  const range = (p: string) => `(entity >= '${p}_' AND entity < '${p}\`')`;
  const rows = store.db.prepare(`SELECT id, hlc, type, entity, data FROM ops WHERE ${['team', 'usr', 'dev'].map(range).join(' OR ')}`)
    .all() as { id: string; hlc: string; type: string; entity: string; data: string }[];
  return rows.map((r) => ({ id: r.id, hlc: r.hlc, type: r.type, entity: r.entity, data: JSON.parse(r.data) as unknown }));
}

export function highestRosterHlc(store: Store): string | null {
  return rosterOps(store).reduce<string | null>((m, o) => (m === null || o.hlc > m ? o.hlc : m), null);
}

export function writeRoster(store: Store, r: RosterState): void {
  const { db } = store;
  db.prepare('DELETE FROM team').run();
  db.prepare('DELETE FROM users').run();
  db.prepare('DELETE FROM devices').run();
  if (r.team) db.prepare('INSERT INTO team (id, name, founder_device_id, created_at) VALUES (?, ?, ?, ?)').run(r.team.id, r.team.name, r.team.founderDeviceId, r.team.createdAt);
  const user = db.prepare('INSERT INTO users (id, name, created_at) VALUES (?, ?, ?)');
  for (const u of r.users.values()) user.run(u.id, u.name, u.createdAt);
  const device = db.prepare(`INSERT INTO devices (device_id, public_key, name, user_id, role, enrolled_at, enrolled_by, addresses,
    revoked_at, revoked_by, revoked_up_to_seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  for (const d of r.devices.values()) {
    device.run(d.deviceId, d.publicKey, d.name, d.userId, d.role, d.enrolledAt, d.enrolledBy, JSON.stringify(d.addresses), d.revokedAt, d.revokedBy, d.revokedUpToSeq);
  }
}

const toDevice = (d: DevicesTable): DeviceState => ({
  deviceId: d.device_id, publicKey: d.public_key, name: d.name, userId: d.user_id, role: d.role as DeviceState['role'],
  enrolledAt: d.enrolled_at, enrolledBy: d.enrolled_by, addresses: JSON.parse(d.addresses) as string[],
  revokedAt: d.revoked_at, revokedBy: d.revoked_by, revokedUpToSeq: d.revoked_up_to_seq,
});

export function readRoster(store: Store): RosterState {
  const r = emptyRoster();
  const team = store.get(store.q.selectFrom('team').selectAll());
  if (team) r.team = { id: team.id, name: team.name, founderDeviceId: team.founder_device_id, createdAt: team.created_at };
  for (const u of store.all(store.q.selectFrom('users').selectAll())) r.users.set(u.id, { id: u.id, name: u.name, createdAt: u.created_at });
  for (const d of store.all(store.q.selectFrom('devices').selectAll())) r.devices.set(d.device_id, toDevice(d));
  return r;
}

/** Folds every roster op again and rewrites the projection; returns the new roster. */
/** Device-local: the team this device founded or joined, which pins its roster (see foldRoster). */
export const TEAM_META = 'team_id';

export function refoldRoster(store: Store): RosterState {
  const r = foldRoster(rosterOps(store), getMeta(store, TEAM_META) ?? null);
  writeRoster(store, r);
  return r;
}

/** Each revoked device's cutoff: its ops after this seq count for nothing. */
export function revocationCutoffs(store: Store): Map<string, number> {
  const rows = store.db.prepare('SELECT device_id, revoked_up_to_seq FROM devices WHERE revoked_up_to_seq IS NOT NULL').all() as { device_id: string; revoked_up_to_seq: number }[];
  return new Map(rows.map((r) => [r.device_id, r.revoked_up_to_seq]));
}

/** The entities touched by ops whose counting changed between two sets of cutoffs: their folds must be redone. */
export function entitiesAcrossCutoffs(store: Store, before: Map<string, number>, after: Map<string, number>): string[] {
  const entities = new Set<string>();
  const q = store.db.prepare('SELECT DISTINCT entity FROM ops WHERE device_id = ? AND seq > ?').pluck();
  for (const device of new Set([...before.keys(), ...after.keys()])) {
    const was = before.get(device) ?? Infinity;
    const is = after.get(device) ?? Infinity;
    if (was === is) continue;
    for (const e of q.all(device, Math.min(was, is)) as string[]) entities.add(e);
  }
  return [...entities];
}
