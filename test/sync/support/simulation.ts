// A deterministic simulation of a team (FoundationDB's idea): several real engines, each on its own SQLite file and
// its own fake clock, joined by an injected network that loses, duplicates and reorders messages, partitions and
// heals, while devices crash without closing. Everything random comes from one seeded generator, so a failing run
// replays from its seed. The sessions are the real SyncSession over channels of this network.
import { createHash, createPrivateKey, createPublicKey } from 'node:crypto';
import { setMeta } from '../../../src-main/store/meta.ts';
import { deviceIdOfPublicKey } from '../../../src-main/store/device.ts';

/** PKCS#8 DER of an Ed25519 private key, up to its 32-byte seed (RFC 8410). */
const ED25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createEngine } from '../../../src-main/engine/engine.ts';
import type { Engine } from '../../../src-main/engine/types.ts';
import { FakeClock } from '../../../src-main/clock.ts';
import { silentLogger } from '../../../src-main/log.ts';
import { openStore, type Store } from '../../../src-main/store/database.ts';
import { appendAndProject, emptyTouched } from '../../../src-main/engine/projector.ts';
import { SyncSession, type SyncChannel } from '../../../src-main/sync/session.ts';
import { helloFrom, refuseHello } from '../../../src-main/sync/handshake.ts';
import type { SyncMessage } from '../../../src-main/sync/messages.ts';
import type { Op } from '../../../src-shared/domain/ops.ts';
import { drawIdsAfresh } from '../../../src-shared/domain/ids.ts';

/** SIM_LOG=1 prints what engines and sessions log (refusals, forks) while replaying a seed. */
const simLog = process.env.SIM_LOG ? { info() {}, warn: (m: string) => console.log(`  warn: ${m}`), error: (m: string) => console.log(`  error: ${m}`) } : silentLogger;

/** A small seeded generator (mulberry32): the whole run follows from the seed. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface SimDevice {
  index: number;
  dir: string;
  clock: FakeClock;
  engine: Engine;
  deviceId: string;
  /** Highest own seq that a caller was answered for (must survive everything but a revocation). */
  answeredSeq: number;
  revoked: boolean;
}

interface InFlight { conn: number; to: number; from: number; msg: SyncMessage }

export interface NetworkFaults { loss: number; duplication: number; reorder: boolean }

export class SimTeam {
  readonly devices: SimDevice[] = [];
  private readonly random: () => number;
  private inflight: InFlight[] = [];
  /** Open connections: id → the pair and each side's session. */
  private conns = new Map<number, { a: number; b: number; sessions: Map<number, SyncSession> }>();
  private nextConn = 1;
  /** Which devices can reach each other now (a partition is a labelling into groups). */
  private group: number[] = [];
  faults: NetworkFaults = { loss: 0, duplication: 0, reorder: false };
  readonly root: string;
  founder = '';
  /** What happened in this run, for the summary that shows the simulation really exercised each fault. */
  readonly stats = { delivered: 0, lost: 0, duplicated: 0, partitions: 0, crashes: 0 };

  constructor(seed: number) {
    this.random = rng(seed);
    seedIds(seed);
    this.root = mkdtempSync(path.join(os.tmpdir(), 'klaxon-sim-'));
  }

  pick<T>(xs: readonly T[]): T { return xs[Math.floor(this.random() * xs.length)]!; }
  chance(p: number): boolean { return this.random() < p; }

  async addDevice(skewMs: number): Promise<SimDevice> {
    const index = this.devices.length;
    const dir = path.join(this.root, `d${index}`);
    // The device's key follows the seed too: device ids order ops with equal HLCs and the devices in a session.
    const seedBytes = Buffer.from(Array.from({ length: 32 }, () => Math.floor(this.random() * 256)));
    const privateKey = createPrivateKey({ key: Buffer.concat([ED25519_PKCS8_PREFIX, seedBytes]), format: 'der', type: 'pkcs8' });
    const publicKey = createPublicKey(privateKey);
    const store = openStore(dir, 'normal');
    setMeta(store, 'device', JSON.stringify({
      deviceId: deviceIdOfPublicKey(publicKey.export({ type: 'spki', format: 'der' })),
      publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
      privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    }));
    store.close();
    const clock = new FakeClock(Date.UTC(2026, 10, 30, 9) + skewMs);
    const engine = createEngine({ dataDir: dir, clock, log: simLog, durability: 'normal', otherWritersPollMs: 3_600_000 });
    const d: SimDevice = { index, dir, clock, engine, deviceId: engine.deviceId, answeredSeq: 0, revoked: false };
    this.devices.push(d);
    this.group.push(0);
    return d;
  }

  /** Records what a command answered: every own op up to here must survive. */
  noteAnswered(d: SimDevice): void {
    d.answeredSeq = Math.max(d.answeredSeq, d.engine.versionVector()[d.deviceId] ?? 0);
  }

  partition(groups: number[]): void {
    this.group = groups;
    if (new Set(groups).size > 1) this.stats.partitions++;
    for (const [id, c] of this.conns) if (groups[c.a] !== groups[c.b]) this.disconnect(id);
  }

  heal(): void { this.group = this.devices.map(() => 0); }

  private disconnect(id: number): void {
    const c = this.conns.get(id);
    if (!c) return;
    for (const s of c.sessions.values()) s.close();
    this.conns.delete(id);
    this.inflight = this.inflight.filter((m) => m.conn !== id);
  }

  private connected(a: number, b: number): boolean {
    for (const c of this.conns.values()) if ((c.a === a && c.b === b) || (c.a === b && c.b === a)) return true;
    return false;
  }

  /** Connects every pair that can reach each other and is not connected (hello both ways, as the manager does). */
  connectAll(): void {
    for (let a = 0; a < this.devices.length; a++) {
      for (let b = a + 1; b < this.devices.length; b++) {
        if (this.group[a] !== this.group[b] || this.connected(a, b)) continue;
        const A = this.devices[a]!, B = this.devices[b]!;
        const teamId = this.devices[0]!.engine.roster().team?.id;
        const helloA = helloFrom(A.engine, teamId), helloB = helloFrom(B.engine, teamId);
        // Each side checks the other's hello against its roster; either refusal means no session.
        // A device still joining (no roster yet) accepts the founder, as a joiner accepts the device that invited it.
        const joining = (peer: SimDevice) => (peer.deviceId === this.founder ? { teamId: this.devices[0]!.engine.roster().team?.id ?? '', deviceId: this.founder } : undefined);
        if (refuseHello(A.engine, helloB, B.deviceId, joining(B)) || refuseHello(B.engine, helloA, A.deviceId, joining(A))) continue;
        const id = this.nextConn++;
        const sessions = new Map<number, SyncSession>();
        for (const [me, peer, peerHello] of [[A, B, helloB], [B, A, helloA]] as const) {
          const channel: SyncChannel = {
            peerDeviceId: peer.deviceId, label: `d${peer.index}`,
            send: (msg) => { this.inflight.push({ conn: id, to: peer.index, from: me.index, msg: JSON.parse(JSON.stringify(msg)) as SyncMessage }); },
            close: () => this.disconnect(id),
          };
          sessions.set(me.index, new SyncSession({ engine: me.engine, channel, log: simLog, peerVv: peerHello.vv, trustFounder: this.founder }));
        }
        this.conns.set(id, { a, b, sessions });
        for (const s of sessions.values()) s.pump();
      }
    }
  }

  /** Delivers up to `n` messages, with the network's faults. */
  async deliver(n: number): Promise<number> {
    let delivered = 0;
    for (let i = 0; i < n && this.inflight.length > 0; i++) {
      const at = this.faults.reorder ? Math.floor(this.random() * this.inflight.length) : 0;
      const m = this.inflight[at]!;
      if (!this.chance(this.faults.duplication)) this.inflight.splice(at, 1);
      else this.stats.duplicated++;
      if (this.chance(this.faults.loss)) { this.stats.lost++; continue; }
      const session = this.conns.get(m.conn)?.sessions.get(m.to);
      if (!session) continue;
      await session.receive(m.msg);
      delivered++;
      this.stats.delivered++;
    }
    return delivered;
  }

  /** The retransmit timer of every session (the manager runs it every few seconds). */
  tick(): void {
    for (const c of this.conns.values()) for (const s of c.sessions.values()) s.tick();
  }

  /** Pushes what changed (the manager does this on every change the engine announces). */
  pumpAll(): void {
    for (const c of this.conns.values()) for (const s of c.sessions.values()) s.pump();
  }

  /** Kills a device's engine where it stands and starts it again on the same data dir; its sessions die with it. */
  crash(d: SimDevice): void {
    for (const [id, c] of this.conns) if (c.a === d.index || c.b === d.index) this.disconnect(id);
    d.engine.abandon();
    this.stats.crashes++;
    d.engine = createEngine({ dataDir: d.dir, clock: d.clock, log: simLog, durability: 'normal', otherWritersPollMs: 3_600_000 });
  }

  /** Heals everything, stops faults, and runs the protocol until nothing is in flight and nothing is left to send. */
  async quiesce(maxRounds = 400): Promise<void> {
    this.heal();
    this.faults = { loss: 0, duplication: 0, reorder: false };
    let sample = '';
    for (let round = 0; round < maxRounds; round++) {
      if (round === maxRounds - 1) {
        sample = this.inflight.slice(0, 6).map((m) => `d${m.from}→d${m.to} ${m.msg.t} ${JSON.stringify(m.msg.t === 'ops' ? { device: m.msg.device, from: m.msg.from, head: m.msg.head.seq } : m.msg).slice(0, 300)}`).join('\n');
        sample += `\nvv: ${JSON.stringify(this.devices.map((d) => d.engine.versionVector()))}`;
        sample += `\nrevocations: ${JSON.stringify(this.devices.map((d) => [...d.engine.roster().devices.values()].filter((x) => x.revokedAt).map((x) => `${x.deviceId}≤${x.revokedUpToSeq}`)))}`;
        sample += `\nop types on d0: ${JSON.stringify(this.devices[0]!.engine.store.db.prepare('SELECT type, count(*) n FROM ops GROUP BY 1 ORDER BY 2 DESC LIMIT 6').all())}`;
        sample += `\nheld heads: ${JSON.stringify(this.devices.map((d) => d.engine.store.db.prepare('SELECT device_id, max(seq) m FROM op_heads GROUP BY 1').all()))}`;
      }
      this.connectAll();
      this.pumpAll();
      await settle();
      if (this.inflight.length === 0) {
        // Two retransmit ticks with nothing acknowledged in between: what was lost is sent again.
        this.tick();
        await settle();
        this.tick();
        await settle();
        if (this.inflight.length === 0) return;
      }
      await this.deliver(this.inflight.length);
      await settle();
    }
    throw new Error(`the team did not quiesce within ${maxRounds} rounds (${this.inflight.length} messages in flight):\n${sample}`);
  }

  async close(): Promise<void> {
    for (const id of [...this.conns.keys()]) this.disconnect(id);
    for (const d of this.devices) await d.engine.close().catch(() => {});
    rmSync(this.root, { recursive: true, force: true });
  }
}

/**
 * Entity ids are random (Web Crypto); the simulation makes them follow its seed, so that a failing run replays exactly
 * (ids decide ties in list order, and so which incident a random step picks). Keys and secrets (node:crypto) are not
 * touched.
 */
function seedIds(seed: number): void {
  const next = rng(seed ^ 0x5eed);
  globalThis.crypto.getRandomValues = (<T extends ArrayBufferView | null>(array: T): T => {
    if (array) {
      const bytes = new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
      for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(next() * 256);
    }
    return array;
  }) as typeof globalThis.crypto.getRandomValues;
  drawIdsAfresh();
}

/** Lets the commit queues run (setImmediate batches) and their promises settle. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 3; i++) await new Promise((r) => setImmediate(r));
}

export function opsOf(store: Store): Op[] {
  return (store.db.prepare('SELECT id, hlc, type, entity, data FROM ops ORDER BY device_id, seq').all() as { id: string; hlc: string; type: string; entity: string; data: string }[])
    .map((r) => ({ ...r, data: JSON.parse(r.data) as unknown }));
}

const PROJECTIONS = ['incidents', 'services', 'api_keys', 'maintenance_windows', 'schedules', 'escalation_policies', 'changes', 'monitors', 'team', 'users', 'devices'] as const;

/** Every row of every replicated table, one line each. */
export function projectionRows(store: Store): string[] {
  return PROJECTIONS.flatMap((t) => store.db.prepare(`SELECT * FROM ${t} ORDER BY 1`).all().map((r) => `${t} ${JSON.stringify(r)}`));
}

/** A digest of every replicated table: two devices with the same digest show the same state. */
export function projectionDigest(store: Store): string {
  return createHash('sha256').update(projectionRows(store).join('\n')).digest('hex');
}

/** The lines only in `a`, then those only in `b`: what tells two states apart. */
export function rowDiff(a: string[], b: string[]): string {
  const sa = new Set(a), sb = new Set(b);
  return `${a.filter((x) => !sb.has(x)).join('\n')}\n  vs\n${b.filter((x) => !sa.has(x)).join('\n')}`;
}

export function opSetDigest(store: Store): string {
  return createHash('sha256').update(JSON.stringify(store.db.prepare('SELECT id, chain FROM ops ORDER BY device_id, seq').all())).digest('hex');
}

/** The rows a new store reaches by folding these ops, and nothing else (no convergence ops written). */
export function freshFoldRows(dir: string, ops: Op[]): string[] {
  const store = openStore(dir, 'normal');
  try {
    store.db.transaction(() => {
      // Any order must do: a shuffled one (by a fixed permutation) proves the fold does not care.
      const shuffled = [...ops].sort((a, b) => (hashOf(a.id) < hashOf(b.id) ? -1 : 1));
      for (const op of shuffled) appendAndProject(store, op, 0, emptyTouched(), 'remote');
    })();
    return projectionRows(store);
  } finally {
    store.close();
  }
}

const hashOf = (s: string) => createHash('sha1').update(s).digest('hex');

/** Reads a device's store read-only beside its engine. */
export function withStore<T>(d: SimDevice, fn: (s: Store) => T): T {
  const s = openStore(d.dir, 'normal');
  try { return fn(s); } finally { s.close(); }
}
