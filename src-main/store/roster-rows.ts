// The roster's projection: the team, its people and devices, rewritten as a whole from the fold of every roster op
// (a team's roster is a few dozen ops; folding it all again is simpler than any incremental rule, and exact).
import type { Op } from '../../src-shared/domain/ops.ts';
import { foldRoster, emptyRoster, type RosterState, type DeviceState } from '../../src-shared/domain/roster.ts';
import type { Store } from './database.ts';
import type { DevicesTable } from './schema.ts';

/** Roster ops, found through the entity index: their entities are `team_…`, `usr_…` and `dev_…`. */
export function rosterOps(store: Store): Op[] {
  // '`' sorts right after '_': each pair bounds one prefix, so the entity index serves the scan.
  const range = (p: string) => `(entity >= '${p}_' AND entity < '${p}\`')`;
  const rows = store.db.prepare(`SELECT id, hlc, type, entity, data FROM ops WHERE ${['team', 'usr', 'dev'].map(range).join(' OR ')}`)
    .all() as { id: string; hlc: string; type: string; entity: string; data: string }[];
  return rows.map((r) => ({ id: r.id, hlc: r.hlc, type: r.type, entity: r.entity, data: JSON.parse(r.data) as unknown }));
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
export function refoldRoster(store: Store): RosterState {
  const r = foldRoster(rosterOps(store));
  writeRoster(store, r);
  return r;
}

/**
 * Takes out of the log the ops that a revocation refuses (a revoked device's ops after what its revoker had seen),
 * keeping them in `revoked_ops`; returns the entities whose folds must be redone.
 */
export function setAsideRevokedOps(store: Store, r: RosterState, nowMs: number): string[] {
  const entities = new Set<string>();
  for (const d of r.devices.values()) {
    if (d.revokedUpToSeq === null) continue;
    const rows = store.db.prepare('SELECT id, seq, hlc, type, entity, data FROM ops WHERE device_id = ? AND seq > ?').all(d.deviceId, d.revokedUpToSeq) as
      { id: string; seq: number; hlc: string; type: string; entity: string; data: string }[];
    if (rows.length === 0) continue;
    const keep = store.db.prepare(`INSERT INTO revoked_ops (id, device_id, seq, hlc, type, entity, data, revoked_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`);
    for (const o of rows) { keep.run(o.id, d.deviceId, o.seq, o.hlc, o.type, o.entity, o.data, nowMs); entities.add(o.entity); }
    store.db.prepare('DELETE FROM ops WHERE device_id = ? AND seq > ?').run(d.deviceId, d.revokedUpToSeq);
    store.db.prepare('DELETE FROM op_heads WHERE device_id = ? AND seq > ?').run(d.deviceId, d.revokedUpToSeq);
  }
  return [...entities];
}
