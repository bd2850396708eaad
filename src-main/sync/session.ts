// One sync session with one peer, over any ordered channel (mutual TLS in production, an injected network in the
// simulation). After both sides said hello, each sends the other what its version vector lacks, device by device in
// roster order (a team's founder first, then each device after the admin that enrolled it, so the receiver's roster
// can vouch for every device before its ops arrive), in batches closed by signed heads, with at most WINDOW batches
// unacknowledged (backpressure). Afterwards every op the engine announces (own ops once flushed, peers' ops once
// applied: every device relays) is pushed the same way. Nothing here trusts the peer: batches are checked by the
// engine (chain, signature, roster, forks) before they are applied.
import type { Op } from '../../src-shared/domain/ops.ts';
import type { RosterState } from '../../src-shared/domain/roster.ts';
import type { Engine } from '../engine/types.ts';
import type { Logger } from '../log.ts';
import type { SyncMessage, OpsMessage, AckMessage } from './messages.ts';

/** An ordered, reliable message channel to one peer (a TLS connection, or the simulation's network). */
export interface SyncChannel {
  readonly peerDeviceId: string;
  readonly label: string;
  send(msg: SyncMessage): void | Promise<void>;
  close(reason: string): void;
}

/** Unacknowledged batches in flight to one peer at most. */
const WINDOW = 4;
/** Ops per batch at most (a frame of ~1-2 MB for large events). */
export const BATCH_OPS = 1000;

export interface SessionOptions {
  engine: Engine;
  channel: SyncChannel;
  log: Logger;
  /** The peer's version vector from its hello. */
  peerVv: Record<string, number>;
  /** A device joining a team trusts the founder's ops before its roster knows anyone. */
  trustFounder: string | null;
  /** Called whenever the peer's known version vector moves (team status: how far behind it is). */
  onPeerVv?: (vv: Record<string, number>) => void;
}

/** Devices in the order a receiver can vouch for them: founder, then by enrolment, then anyone else. */
export function deviceOrder(roster: RosterState, devices: Iterable<string>): string[] {
  const rank = (d: string): string => {
    if (roster.team?.founderDeviceId === d) return '0';
    const enrolled = roster.devices.get(d);
    return enrolled ? `1${enrolled.enrolledAt}${d}` : `2${d}`;
  };
  return [...new Set(devices)].sort((a, b) => (rank(a) < rank(b) ? -1 : rank(a) > rank(b) ? 1 : 0));
}

export class SyncSession {
  private readonly engine: Engine;
  private readonly channel: SyncChannel;
  private readonly log: Logger;
  private readonly trustFounder: string | null;
  private readonly onPeerVv: ((vv: Record<string, number>) => void) | undefined;
  /** What the peer is known to hold (its hello, then its acks, then what it sent us). */
  private readonly peerVv: Record<string, number>;
  /** Up to where batches were sent, acknowledged or not. */
  private readonly sentUpTo = new Map<string, number>();
  /** Batches sent and not yet acknowledged, per device. */
  private readonly inflight = new Map<string, number>();
  private inflightTotal = 0;
  /** Devices whose batches the peer refused; retried once the peer's roster may have learnt of them. */
  private readonly blocked = new Map<string, 'retry' | 'never'>();
  private ackedSinceTick = false;
  private pumping = false;
  private again = false;
  private closed = false;
  /** Incoming batches are applied one at a time, in order. */
  private applying: Promise<void> = Promise.resolve();

  constructor(opts: SessionOptions) {
    this.engine = opts.engine;
    this.channel = opts.channel;
    this.log = opts.log;
    this.trustFounder = opts.trustFounder;
    this.onPeerVv = opts.onPeerVv;
    this.peerVv = { ...opts.peerVv };
  }

  get peerVersionVector(): Readonly<Record<string, number>> { return this.peerVv; }

  /** A peer revoked since the session began is cut off at once (and told why). */
  private peerRevoked(): boolean {
    const d = this.engine.roster().devices.get(this.channel.peerDeviceId);
    if (!d?.revokedAt) return false;
    this.log.warn(`sync: closing the session with ${this.channel.label}: device ${d.deviceId} was revoked`);
    this.send({ t: 'refused', code: 'revoked', message: `device ${d.deviceId} was revoked at ${d.revokedAt}` });
    this.closed = true;
    this.channel.close('revoked');
    return true;
  }

  /** Sends what the peer lacks, as far as the window allows. Safe to call at any time and as often as wanted. */
  pump(): void {
    if (this.closed || this.peerRevoked()) return;
    if (this.pumping) { this.again = true; return; }
    this.pumping = true;
    this.pumpLoop()
      // A send fails only when the channel is gone: the session ends with it (the channel reports why).
      .catch((e: unknown) => {
        // The channel is gone, or this side could not read or sign what to send (a database error): end the session
        // and its connection, so that the peer is dialled again rather than kept half-alive by keep-alives.
        this.log.warn(`sync: stopped sending to ${this.channel.label}: ${(e as Error).message}`);
        this.closed = true;
        this.channel.close(`could not send: ${(e as Error).message}`);
      })
      .finally(() => { this.pumping = false; if (this.again && !this.closed) { this.again = false; this.pump(); } });
  }

  private async pumpLoop(): Promise<void> {
    let progress = true;
    while (progress && !this.closed && this.inflightTotal < WINDOW) {
      progress = false;
      const vv = this.engine.versionVector();
      for (const device of deviceOrder(this.engine.roster(), Object.keys(vv))) {
        if (this.inflightTotal >= WINDOW || this.closed) break;
        if (this.blocked.has(device)) continue;
        const batch = this.nextBatch(device, vv[device] ?? 0);
        if (!batch) continue;
        this.sentUpTo.set(device, batch.head.seq);
        this.inflight.set(device, (this.inflight.get(device) ?? 0) + 1);
        this.inflightTotal++;
        await this.channel.send(batch);
        progress = true;
      }
    }
  }

  private nextBatch(device: string, heldHere: number): OpsMessage | null {
    const peerHas = Math.max(this.peerVv[device] ?? 0, this.sentUpTo.get(device) ?? 0);
    const held = device === this.engine.deviceId ? Math.min(heldHere, this.engine.contiguousSeq(device)) : heldHere;
    if (held <= peerHas) return null;
    const ops: Op[] = this.engine.opsSince(device, peerHas, BATCH_OPS);
    if (ops.length === 0) return null;
    const last = peerHas + ops.length;
    const head = device === this.engine.deviceId ? this.engine.ownHead(last) : this.engine.headAtOrBelow(device, last);
    // No signed head covers these ops yet (they came before heads existed here): nothing provable to send.
    if (!head || head.seq <= peerHas) return null;
    return { t: 'ops', device, from: peerHas + 1, ops: ops.slice(0, head.seq - peerHas) as OpsMessage['ops'], head };
  }

  /** Handles one message of the peer's (after the hello exchange). Resolves once it is dealt with. */
  async receive(msg: SyncMessage): Promise<void> {
    if (this.closed || this.peerRevoked()) return;
    if (msg.t === 'ops') {
      const run = this.applying.then(() => this.applyBatch(msg));
      this.applying = run.catch(() => {});
      return run;
    }
    if (msg.t === 'ack') return this.acked(msg);
  }

  private async applyBatch(msg: OpsMessage): Promise<void> {
    if (this.closed) return;
    let result: Awaited<ReturnType<Engine['applyRemoteBatch']>>;
    try {
      result = await this.engine.applyRemoteBatch(
        { device: msg.device, from: msg.from, ops: msg.ops as Op[], head: msg.head, via: this.channel.peerDeviceId },
        { trustFounder: this.trustFounder },
      );
    } catch (e) {
      // The engine could not write (disk trouble, shutting down): say nothing was taken; the peer sends it again.
      this.log.warn(`sync: could not apply ops of ${msg.device} from ${this.channel.label}: ${(e as Error).message}`);
      this.send({ t: 'ack', vv: { [msg.device]: this.engine.contiguousSeq(msg.device) }, problem: { device: msg.device, kind: 'gap', reason: (e as Error).message } });
      return;
    }
    // The peer holds what it sent: never send it back.
    if (!result.problem) this.notePeerHas(msg.device, msg.head.seq);
    const ack: AckMessage = { t: 'ack', vv: { [msg.device]: result.held } };
    if (result.problem) ack.problem = { device: msg.device, kind: result.problem.kind === 'duplicate' ? 'gap' : result.problem.kind, reason: result.problem.reason };
    this.send(ack);
  }

  private acked(msg: AckMessage): void {
    this.ackedSinceTick = true;
    for (const [device, held] of Object.entries(msg.vv)) {
      this.notePeerHas(device, held);
      const n = this.inflight.get(device) ?? 0;
      if (n > 0) { this.inflight.set(device, n - 1); this.inflightTotal--; }
    }
    const p = msg.problem;
    if (p) {
      // Resend from what the peer really holds. A device the peer's roster does not know yet is retried once it
      // took other ops (its roster may have learnt of it); forged batches and forks are never sent again here.
      this.sentUpTo.set(p.device, this.peerVv[p.device] ?? 0);
      if (p.kind === 'refused') this.blocked.set(p.device, 'retry');
      else if (p.kind === 'forged' || p.kind === 'fork') {
        this.blocked.set(p.device, 'never');
        this.log.warn(`sync: ${this.channel.label} refused our copy of ${p.device}'s ops: ${p.reason}`);
      }
    } else if (Object.keys(msg.vv).length > 0) {
      for (const [d, why] of this.blocked) if (why === 'retry') this.blocked.delete(d);
    }
    this.pump();
  }

  private notePeerHas(device: string, seq: number): void {
    if (seq > (this.peerVv[device] ?? 0)) {
      this.peerVv[device] = seq;
      this.onPeerVv?.(this.peerVv);
    }
  }

  private send(msg: SyncMessage): void {
    if (this.closed) return;
    void Promise.resolve(this.channel.send(msg)).catch(() => {});
  }

  /**
   * Called every few seconds: batches unacknowledged for a whole tick are taken as lost (a channel that can lose
   * messages, or a peer that dropped them) and sent again from what the peer is known to hold.
   */
  tick(): void {
    // Sent beyond what the peer acknowledged holding: a lost batch (or a lost ack, or a duplicated one that made the
    // window look empty) — either way, send again from what the peer is known to hold.
    const outstanding = [...this.sentUpTo].some(([d, upTo]) => upTo > (this.peerVv[d] ?? 0));
    if ((this.inflightTotal > 0 || outstanding) && !this.ackedSinceTick) {
      this.inflight.clear();
      this.inflightTotal = 0;
      this.sentUpTo.clear();
    }
    this.ackedSinceTick = false;
    for (const [d, why] of this.blocked) if (why === 'retry') this.blocked.delete(d);
    this.pump();
  }

  /** Whether the peer holds everything this device holds (what a joining device waits for). */
  peerIsCaughtUp(): boolean {
    const vv = this.engine.versionVector();
    return Object.entries(vv).every(([d, s]) => (this.peerVv[d] ?? 0) >= s);
  }

  close(): void {
    this.closed = true;
  }
}
