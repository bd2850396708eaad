// The sync manager of a serving host: once this device is in a team it listens for teammates (mutual TLS), dials
// the ones it knows addresses for (the roster's announced addresses, ones typed by hand, the inviter's, mDNS), keeps
// one session per peer, pushes every change the engine announces, reconnects with backoff (at once after a wake),
// and records what it knows of each peer for `klaxon team status`.
import os from 'node:os';
import type { Engine, EngineChange } from '../engine/types.ts';
import type { Logger } from '../log.ts';
import { deviceCertificate, type DeviceCertificate } from './identity.ts';
import { startSyncServer, type SyncServer } from './transport/tls-server.ts';
import { connectToPeer } from './transport/tls-client.ts';
import type { PeerConnection, InboundMessage } from './transport/connection.ts';
import { SyncSession } from './session.ts';
import { helloFrom, refuseHello } from './handshake.ts';
import { acceptJoin } from './join-server.ts';
import { addPeerAddress, peerAddresses, notePeerAddressWorked, recordPeerState, markAllDisconnected, peerStates } from '../store/sync-state.ts';
import { opsBehind } from '../../src-shared/domain/version-vector.ts';
import type { HelloMessage } from './messages.ts';
import { startDiscovery, type Discovery } from './discovery.ts';
import { watchForWake, type WakeDetector } from './wake-detector.ts';

export const DEFAULT_SYNC_PORT = 8978;

export interface SyncManagerOptions {
  engine: Engine;
  log: Logger;
  /** Where to listen once in a team: all interfaces by default. */
  host?: string;
  port?: number;
  /** Retransmit, dial and bookkeeping period. */
  tickMs?: number;
  onListening?: (address: string) => void;
  /** Find teammates on the LAN with mDNS (default on). */
  discovery?: boolean;
}

export interface PeerSessionInfo { deviceId: string; address: string; direction: 'in' | 'out'; since: number }

/** A teammate as GET /metrics shows it: connected now or not, and how many of the ops held here it lacks. */
export interface PeerLag {
  deviceId: string;
  connected: boolean;
  /** From the live session's version vector while connected, else the last one recorded; null if never heard. */
  behind: number | null;
}

export interface SyncManager {
  /** Where sync listens, once this device is in a team. */
  readonly listening: { host: string; port: number } | null;
  sessions(): PeerSessionInfo[];
  /** Every teammate device but this one and revoked ones. */
  peerLag(): PeerLag[];
  /** Adds an address typed by hand (`klaxon team connect`) and dials it now. */
  connectTo(address: string): void;
  /** The laptop woke or its network changed: forget backoffs and dial everyone now. */
  wake(): void;
  /** Dials an address a teammate was found at (mDNS). */
  discovered(deviceId: string, addresses: string[]): void;
  close(): Promise<void>;
}

interface Live { conn: PeerConnection; session: SyncSession; direction: 'in' | 'out'; address: string; since: number }

const BACKOFF_MIN_MS = 1000;
const BACKOFF_MAX_MS = 60_000;

export function splitAddress(address: string): { host: string; port: number } | null {
  const m = /^\[([^\]]+)\]:(\d+)$/.exec(address) ?? /^([^:]+):(\d+)$/.exec(address);
  if (!m) return null;
  const port = Number(m[2]);
  return port > 0 && port < 65536 ? { host: m[1]!, port } : null;
}
export const joinAddress = (host: string, port: number): string => (host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`);

/** The addresses teammates can reach this device at, for the roster (loopback only when there is nothing else). */
export function reachableAddresses(host: string, port: number): string[] {
  if (host !== '0.0.0.0' && host !== '::') return [joinAddress(host, port)];
  const found: string[] = [];
  for (const list of Object.values(os.networkInterfaces())) {
    for (const a of list ?? []) {
      if (a.internal || (a.family === 'IPv6' && (a.address.startsWith('fe80') || host === '0.0.0.0'))) continue;
      found.push(joinAddress(a.address, port));
    }
  }
  return found.length > 0 ? found.slice(0, 16) : [joinAddress('127.0.0.1', port)];
}

export function createSyncManager(opts: SyncManagerOptions): SyncManager {
  const { engine, log } = opts;
  const tickMs = opts.tickMs ?? 5000;
  const live = new Map<string, Live>();
  const dialing = new Set<string>();
  const backoff = new Map<string, { until: number; delay: number }>();
  let server: SyncServer | null = null;
  let listening: { host: string; port: number } | null = null;
  let cert: DeviceCertificate | null = null;
  let starting: Promise<void> | null = null;
  let closed = false;
  let pumpScheduled = false;
  let discovery: Discovery | null = null;
  let wakeWatch: WakeDetector | null = null;
  const lastStateWrite = new Map<string, number>();
  markAllDisconnected(engine.store);

  const inTeam = () => {
    const r = engine.roster();
    const me = r.devices.get(engine.deviceId);
    return r.team !== null && me !== undefined && me.revokedAt === null;
  };

  const pumpAll = () => {
    if (pumpScheduled) return;
    pumpScheduled = true;
    setImmediate(() => { pumpScheduled = false; for (const l of live.values()) l.session.pump(); });
  };

  const admit = (conn: PeerConnection, hello: HelloMessage, direction: 'in' | 'out', address: string): SyncSession | null => {
    const peer = conn.peerDeviceId;
    if (peer === engine.deviceId) { conn.close('this is this device itself'); return null; }
    const existing = live.get(peer);
    if (existing) {
      // Both ends dialled at once: both keep the connection dialled by the lower device id, and drop the other.
      const dialer = (d: 'in' | 'out') => (d === 'out' ? engine.deviceId : peer);
      const keepNew = dialer(direction) <= dialer(existing.direction);
      if (!keepNew) { conn.close('already connected to this device'); return null; }
      existing.session.close();
      existing.conn.close('replaced by a newer connection');
    }
    const session = new SyncSession({
      engine, log, peerVv: hello.vv, trustFounder: null,
      channel: { peerDeviceId: peer, label: `device ${peer} (${address})`, send: (m) => conn.send(m), close: (r) => conn.close(r) },
      onPeerVv: (vv) => {
        // At most once a second per peer (the tick writes the last word).
        const now = Date.now();
        if (now - (lastStateWrite.get(peer) ?? 0) < 1000) return;
        lastStateWrite.set(peer, now);
        recordPeerState(engine.store, peer, { vv: JSON.stringify(vv), last_seen_at: now });
      },
    });
    const entry: Live = { conn, session, direction, address, since: Date.now() };
    live.set(peer, entry);
    recordPeerState(engine.store, peer, { connected: 1, last_seen_at: Date.now(), address, vv: JSON.stringify(hello.vv), last_error: null });
    log.info(`sync: connected to device ${peer} at ${address} (${direction === 'out' ? 'dialled' : 'accepted'})`);
    conn.onClose((reason) => {
      session.close();
      if (live.get(peer) === entry) {
        live.delete(peer);
        recordPeerState(engine.store, peer, { connected: 0, last_seen_at: Date.now(), vv: JSON.stringify(session.peerVersionVector), last_error: reason });
      }
    });
    return session;
  };

  /** The first messages of an accepted connection: hello (a member) or join (a new device with an invite). */
  const onIncoming = (conn: PeerConnection) => {
    let session: SyncSession | null = null;
    let joined = false;
    conn.onMessage(async (msg: InboundMessage) => {
      if (session) return session.receive(msg);
      if (msg.t === 'hello') {
        const refusal = refuseHello(engine, msg, conn.peerDeviceId);
        if (refusal) {
          log.warn(`sync: refused device ${conn.peerDeviceId} at ${conn.remoteAddress}: ${refusal.message}`);
          return conn.refuse(refusal.code, refusal.message);
        }
        session = admit(conn, msg, 'in', conn.remoteAddress);
        if (!session) return;
        await conn.send(helloFrom(engine));
        session.pump();
        return;
      }
      if (msg.t === 'join' && !joined) {
        const outcome = await acceptJoin(engine, conn, msg, log);
        if (outcome.ok) { joined = true; await conn.send(outcome.welcome); }
        else conn.refuse(outcome.code, outcome.message);
        return;
      }
      conn.refuse('bad_frame', `expected hello or join first, got ${msg.t}`);
    });
  };

  const dial = async (address: string, expectDeviceId: string | null): Promise<void> => {
    const where = splitAddress(address);
    if (!where || !cert || dialing.has(address) || closed) return;
    const b = backoff.get(address);
    if (b && Date.now() < b.until) return;
    dialing.add(address);
    try {
      const conn = await connectToPeer({ ...where, identity: cert, expectDeviceId: expectDeviceId ?? undefined, log, timeoutMs: 10_000 });
      if (closed) { conn.close('shutting down'); return; }
      let session: SyncSession | null = null;
      conn.onMessage(async (msg: InboundMessage) => {
        if (session) return session.receive(msg);
        if (msg.t === 'hello') {
          const refusal = refuseHello(engine, msg, conn.peerDeviceId);
          if (refusal) { log.warn(`sync: device at ${address} is not for this team: ${refusal.message}`); return conn.refuse(refusal.code, refusal.message); }
          session = admit(conn, msg, 'out', address);
          if (!session) return;
          notePeerAddressWorked(engine.store, address, conn.peerDeviceId, Date.now());
          backoff.delete(address);
          session.pump();
        } else if (msg.t === 'refused') {
          log.warn(`sync: device ${conn.peerDeviceId} at ${address} refused us: ${msg.message} (${msg.code})`);
          recordPeerState(engine.store, conn.peerDeviceId, { last_error: `${msg.code}: ${msg.message}` });
        }
      });
      await conn.send(helloFrom(engine));
    } catch (e) {
      const delay = Math.min(BACKOFF_MAX_MS, (b?.delay ?? BACKOFF_MIN_MS / 2) * 2);
      // Jitter, so that a team whose relay restarts does not dial it in lockstep.
      backoff.set(address, { until: Date.now() + delay * (0.75 + Math.random() * 0.5), delay });
      try {
        if (expectDeviceId) recordPeerState(engine.store, expectDeviceId, { last_error: (e as Error).message });
      } catch (writeError) {
        log.warn(`sync: could not record why ${address} failed: ${(writeError as Error).message}`);
      }
    } finally {
      dialing.delete(address);
    }
  };

  /** Every address worth dialling: teammates' announced ones, typed ones, the inviter's, found ones. */
  const dialTargets = (): { address: string; deviceId: string | null }[] => {
    const roster = engine.roster();
    const targets = new Map<string, string | null>();
    for (const d of roster.devices.values()) {
      if (d.deviceId === engine.deviceId || d.revokedAt) continue;
      for (const a of d.addresses) targets.set(a, d.deviceId);
    }
    for (const p of peerAddresses(engine.store)) if (!targets.has(p.address) || p.device_id) targets.set(p.address, p.device_id);
    return [...targets].map(([address, deviceId]) => ({ address, deviceId }))
      .filter((t) => t.deviceId !== engine.deviceId && (t.deviceId === null || !live.has(t.deviceId)) && (t.deviceId === null || !roster.devices.get(t.deviceId)?.revokedAt))
      // An address whose device is unknown is dialled only while nobody is connected there already.
      .filter((t) => t.deviceId !== null || ![...live.values()].some((l) => l.address === t.address));
  };

  const dialAll = () => {
    if (!inTeam() || closed) return;
    for (const t of dialTargets()) void dial(t.address, t.deviceId);
  };

  const start = async () => {
    if (server || closed || !inTeam()) return;
    cert = await deviceCertificate(engine.store);
    const host = opts.host ?? '::';
    const port = opts.port ?? DEFAULT_SYNC_PORT;
    try {
      server = await startSyncServer({ identity: cert, host, port, log, onPeer: onIncoming });
    } catch (e) {
      if (host === '::' && (e as NodeJS.ErrnoException).code === 'EAFNOSUPPORT') server = await startSyncServer({ identity: cert, host: '0.0.0.0', port, log, onPeer: onIncoming });
      else throw e;
    }
    if (closed) { await server.close(); server = null; return; }
    listening = { host: server.host, port: server.port };
    opts.onListening?.(joinAddress(server.host, server.port));
    log.info(`sync: listening on ${joinAddress(server.host, server.port)} for team ${engine.roster().team!.name}`);
    await announceAddresses();
    if (closed) return;
    if (opts.discovery !== false) {
      const port = server.port;
      discovery = startDiscovery({
        teamId: engine.roster().team!.id, deviceId: engine.deviceId, port, log,
        onPeer: (p) => manager.discovered(p.deviceId, p.addresses.map((a) => joinAddress(a, p.port))),
      });
    }
    // A laptop that slept, or moved to another network, reconnects at once instead of waiting out its backoff.
    wakeWatch = watchForWake({
      log,
      onWake: ({ sleptMs }) => { log.info(`sync: woke after ~${Math.round(sleptMs / 1000)} s: reconnecting`); manager.wake(); void discovery?.refresh(); },
      onNetworkChange: () => { log.info('sync: the network changed: reconnecting'); void announceAddresses(); manager.wake(); void discovery?.refresh(); },
    });
    dialAll();
  };
  const announceAddresses = async () => {
    if (!server) return;
    await engine.describeSelf({ addresses: reachableAddresses(server.host, server.port) }).catch((e: unknown) => log.warn(`sync: could not announce this device's addresses: ${(e as Error).message}`));
  };
  // A call while a start is under way (which may have looked before this device joined a team) looks again after it.
  let lookAgain = false;
  const ensureStarted = () => {
    if (starting) { lookAgain = true; return; }
    starting = start().catch((e: unknown) => {
      log.error(`sync: could not start: ${(e as Error).message}`);
    }).finally(() => {
      starting = null;
      if (lookAgain && !server && !closed) { lookAgain = false; ensureStarted(); }
    });
  };

  const onChange = (change: EngineChange) => {
    if (change.roster) {
      const me = engine.roster().devices.get(engine.deviceId);
      if (me?.revokedAt) {
        log.warn('sync: this device was revoked from the team: sync stops');
        for (const l of live.values()) l.conn.close('this device was revoked');
        void discovery?.stop();
        wakeWatch?.stop();
        void server?.close();
        server = null;
        listening = null;
        return;
      }
      if (!server) ensureStarted();
    }
    if (change.ops.length > 0 || change.roster) pumpAll();
  };
  const unsubscribe = engine.onChange(onChange);

  const timer = setInterval(() => {
    // Nothing here may take the host down: a full disk or a busy database is logged, and tried again next tick.
    try {
      for (const l of live.values()) l.session.tick();
      const now = Date.now();
      for (const [peer, l] of live) {
        lastStateWrite.set(peer, now);
        recordPeerState(engine.store, peer, { last_seen_at: now, vv: JSON.stringify(l.session.peerVersionVector) });
      }
      dialAll();
    } catch (e) {
      log.error(`sync: bookkeeping failed (retrying in ${tickMs / 1000} s): ${(e as Error).message}`);
    }
  }, tickMs);
  timer.unref();

  ensureStarted();

  const manager: SyncManager = {
    get listening() { return listening; },
    sessions: () => [...live.entries()].map(([deviceId, l]) => ({ deviceId, address: l.address, direction: l.direction, since: l.since })),
    peerLag() {
      const ours = engine.versionVector();
      const recorded = new Map(peerStates(engine.store).map((p) => [p.device_id, p.vv]));
      return [...engine.roster().devices.values()]
        .filter((d) => d.deviceId !== engine.deviceId && d.revokedAt === null)
        .map((d) => {
          const session = live.get(d.deviceId)?.session;
          const vv = recorded.get(d.deviceId);
          const theirs = session ? session.peerVersionVector : vv ? (JSON.parse(vv) as Record<string, number>) : null;
          return { deviceId: d.deviceId, connected: session !== undefined, behind: theirs ? opsBehind(ours, theirs) : null };
        });
    },
    connectTo(address) {
      addPeerAddress(engine.store, address, 'manual', null, Date.now());
      backoff.delete(address);
      void dial(address, null);
    },
    wake() {
      backoff.clear();
      dialAll();
    },
    discovered(deviceId, addresses) {
      // A LAN neighbour can announce anything: only teammates on the roster are dialled, and only as themselves
      // (the TLS handshake must show that device's key, or the connection is dropped).
      const d = engine.roster().devices.get(deviceId);
      if (!d || d.revokedAt || deviceId === engine.deviceId || live.has(deviceId)) return;
      for (const a of addresses.slice(0, 8)) {
        if (backoff.has(a) && Date.now() < backoff.get(a)!.until) continue;
        void dial(a, deviceId);
      }
    },
    async close() {
      closed = true;
      clearInterval(timer);
      unsubscribe();
      wakeWatch?.stop();
      await discovery?.stop();
      for (const l of live.values()) { l.session.close(); l.conn.close('shutting down'); }
      await starting;
      // A start that was under way may have begun these after the lines above ran.
      wakeWatch?.stop();
      await discovery?.stop();
      await server?.close();
      markAllDisconnected(engine.store);
    },
  };
  return manager;
}
