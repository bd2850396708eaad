// What `klaxon team status` (and the Team page, and GET /api/team) says: the team, this device, and every device
// with its person, role, revoked or not, addresses, connected now, last seen, and how many ops it is behind — plus
// what is wrong (forks, a peer's last error), so that a team can see why two laptops disagree.
import type { Engine } from '../engine/types.ts';
import { peerStates } from '../store/sync-state.ts';
import type { DeviceStatus, TeamStatus } from '../../src-shared/schemas/team.ts';
import { opsBehind } from '../../src-shared/domain/version-vector.ts';

export type { DeviceStatus, TeamStatus };

export function teamStatus(engine: Engine, opts: { hostRunning: boolean; listening: string | null }): TeamStatus {
  const roster = engine.roster();
  const vv = engine.versionVector();
  const states = new Map(peerStates(engine.store).map((s) => [s.device_id, s]));
  const me = roster.devices.get(engine.deviceId);
  const userName = (id: string) => roster.users.get(id)?.name ?? null;
  // In no team, this device may still have a person of its own (made for on-call): the window's "Cover me" asks here.
  const selfUser = me?.userId ?? engine.localUserId();
  const devices: DeviceStatus[] = [...roster.devices.values()].map((d) => {
    const self = d.deviceId === engine.deviceId;
    const st = states.get(d.deviceId);
    const theirs = st?.vv ? (JSON.parse(st.vv) as Record<string, number>) : null;
    const behind = self ? 0 : theirs ? opsBehind(vv, theirs) : null;
    return {
      deviceId: d.deviceId, name: d.name, userId: d.userId, userName: userName(d.userId), role: d.role, self,
      revoked: d.revokedAt !== null, revokedAt: d.revokedAt, addresses: d.addresses,
      connected: !self && opts.hostRunning && st?.connected === 1,
      lastSeenAt: self ? new Date().toISOString() : st?.last_seen_at ? new Date(st.last_seen_at).toISOString() : null,
      behind, lastError: self ? null : st?.last_error ?? null,
    };
  });
  return {
    team: roster.team ? { id: roster.team.id, name: roster.team.name } : null,
    self: { deviceId: engine.deviceId, name: me?.name ?? null, role: me?.role ?? null, userId: selfUser, userName: selfUser ? userName(selfUser) : null },
    devices,
    users: [...roster.users.values()].map((u) => ({ id: u.id, name: u.name, deviceIds: devices.filter((d) => d.userId === u.id).map((d) => d.deviceId) })),
    forks: engine.forks().map((f) => ({ deviceId: f.device_id, seq: f.seq, via: f.via, detectedAt: new Date(f.detected_at).toISOString() })),
    listening: opts.listening,
  };
}
