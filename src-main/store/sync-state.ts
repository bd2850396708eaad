// This device's own knowledge about its peers (not replicated): where they may be reached, when they were last
// seen, how far along they are. Team status reads it; the sync manager writes it.
import type { Store } from './database.ts';
import type { PeerAddressesTable, PeerStateTable } from './schema.ts';

export type PeerAddressSource = 'manual' | 'invite' | 'mdns';

export function addPeerAddress(store: Store, address: string, source: PeerAddressSource, deviceId: string | null, nowMs: number): void {
  store.db.prepare(`INSERT INTO peer_addresses (address, device_id, source, added_at) VALUES (?, ?, ?, ?)
    ON CONFLICT (address) DO UPDATE SET device_id = COALESCE(excluded.device_id, device_id),
      source = CASE WHEN source = 'manual' THEN source ELSE excluded.source END`).run(address, deviceId, source, nowMs);
}

export const peerAddresses = (store: Store): PeerAddressesTable[] =>
  store.all(store.q.selectFrom('peer_addresses').selectAll().orderBy('added_at'));

export function notePeerAddressWorked(store: Store, address: string, deviceId: string, nowMs: number): void {
  store.db.prepare('UPDATE peer_addresses SET last_ok_at = ?, device_id = ? WHERE address = ?').run(nowMs, deviceId, address);
}

export function recordPeerState(store: Store, deviceId: string, fields: Partial<Omit<PeerStateTable, 'device_id'>>): void {
  const cur = store.get(store.q.selectFrom('peer_state').selectAll().where('device_id', '=', deviceId));
  const next: PeerStateTable = { device_id: deviceId, last_seen_at: null, connected: 0, address: null, vv: null, last_error: null, ...cur, ...fields };
  store.db.prepare(`INSERT INTO peer_state (device_id, last_seen_at, connected, address, vv, last_error) VALUES (?, ?, ?, ?, ?, ?)
    ON CONFLICT (device_id) DO UPDATE SET last_seen_at = excluded.last_seen_at, connected = excluded.connected,
      address = excluded.address, vv = excluded.vv, last_error = excluded.last_error`)
    .run(next.device_id, next.last_seen_at, next.connected, next.address, next.vv, next.last_error);
}

export const peerStates = (store: Store): PeerStateTable[] => store.all(store.q.selectFrom('peer_state').selectAll());

/** At start, nobody is connected yet (a crash may have left rows saying otherwise). */
export function markAllDisconnected(store: Store): void {
  store.db.prepare('UPDATE peer_state SET connected = 0').run();
}
