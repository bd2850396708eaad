// One authenticated sync connection: frames in and out of a TLS 1.3 socket whose peer proved it holds the key of
// `peerDeviceId`. It validates every message against the protocol schema, answers pings, enforces the timeouts
// (first frame, slow frame, idle), applies backpressure both ways, and ends with exactly one log line naming the
// peer and the reason. What the messages mean (hello, join, ops…) is the sync manager's business, not this file's.
import type { TLSSocket } from 'node:tls';
import { createHash, type X509Certificate } from 'node:crypto';
import type { Logger } from '../../log.ts';
import { parseSyncMessage, SYNC_LIMITS, type RefusalCode, type SyncMessage } from '../../../src-shared/schemas/sync.ts';
import { FrameDecoder, encodeFrame } from './frame-codec.ts';
import type { ConnectionLimits } from './limits.ts';

/** Messages a connection hands to its owner: pings, pongs and byes are the transport's own. */
export type InboundMessage = Exclude<SyncMessage, { t: 'ping' | 'pong' | 'bye' }>;

export interface PeerConnection {
  /** The device id of the key the peer proved it holds (the fingerprint of its certificate's key). */
  readonly peerDeviceId: string;
  /** The peer's IP address. */
  readonly remoteAddress: string;
  /** The peer certificate's public key (SPKI DER, base64url): what the roster records when a device is enrolled. */
  readonly peerPublicKey: string;
  /** SHA-256 of the peer's certificate (DER), hex: what an invite pins. */
  readonly peerCertificateFingerprint: string;
  readonly closed: boolean;
  /**
   * Sends a message; resolves once the socket has room for more (write() false → 'drain'), so awaiting each send
   * keeps memory bounded. Rejects if the connection is closed or the message exceeds the frame limit.
   */
  send(message: SyncMessage): Promise<void>;
  /**
   * Receives the peer's messages, in order. Messages wait (and the socket stops reading) until a handler is set;
   * while a handler's promise is pending the next message waits too, so a slow consumer slows the peer down
   * instead of buffering without end. A handler that throws closes the connection.
   */
  onMessage(handler: (message: InboundMessage) => void | Promise<void>): void;
  /** Called once, when the socket is gone, with the reason that was logged. */
  onClose(handler: (reason: string) => void): void;
  /** Says `bye` with the reason (when the socket still takes writes), then closes. */
  close(reason: string): void;
  /** Says `refused` with the code and message, then closes: for a peer that may not stay (wrong team, revoked…). */
  refuse(code: RefusalCode, message: string): void;
  /**
   * The TLS exporter (RFC 8446 §7.5): secret material both ends derive from this session and no other, the same on
   * both. A join proof bound to it cannot be replayed in another session.
   */
  exportKeyingMaterial(length: number, label: string): Buffer;
}

export interface PeerConnectionOptions {
  peerDeviceId: string;
  /** The accepting side also enforces the first-frame timeout. */
  side: 'server' | 'client';
  limits: ConnectionLimits;
  log: Logger;
  /** Called once when the first valid message arrives (the server counts connections not yet past it). */
  onFirstMessage?: () => void;
  /** The certificate the peer presented (read once, at the handshake). */
  peerCertificate: X509Certificate;
}

/** Bytes queued for a peer that does not read before it is cut off (a few full frames). */
const MAX_UNREAD_BYTES = 16 * 1024 * 1024;

/** How long a closing socket may take to flush its last frame before it is destroyed. */
const CLOSE_GRACE_MS = 2_000;

export class TlsPeerConnection implements PeerConnection {
  readonly peerDeviceId: string;
  readonly peerPublicKey: string;
  readonly peerCertificateFingerprint: string;
  readonly remoteAddress: string;
  private readonly socket: TLSSocket;
  private readonly opts: PeerConnectionOptions;
  private readonly decoder: FrameDecoder;
  /** `device <id> at <ip>:<port>`, for log lines. */
  private readonly who: string;
  private readonly inbox: InboundMessage[] = [];
  private handler: ((message: InboundMessage) => void | Promise<void>) | null = null;
  private readonly closeHandlers: ((reason: string) => void)[] = [];
  private pumping = false;
  private firstSeen = false;
  /** Set once: why this connection ends. Null while it is open. */
  private reason: string | null = null;
  /** Why the peer said it was leaving (bye or refused), if it did. */
  private peerReason: string | null = null;
  private gone = false;
  /** Messages queued before a close the peer made are still handed on; after one we made, they are dropped. */
  private deliverQueued = true;
  private lastHeard = Date.now();
  private lastPing = 0;
  private readonly idleTimer: NodeJS.Timeout;
  private firstFrameTimer: NodeJS.Timeout | null = null;
  private frameTimer: NodeJS.Timeout | null = null;
  private drainWaiter: Promise<void> | null = null;

  constructor(socket: TLSSocket, opts: PeerConnectionOptions) {
    this.socket = socket;
    this.opts = opts;
    this.peerDeviceId = opts.peerDeviceId;
    // Passed in: Node 24's getPeerX509Certificate() answers only the first call on a client socket.
    const peerCert = opts.peerCertificate;
    this.peerPublicKey = peerCert?.publicKey.export({ type: 'spki', format: 'der' }).toString('base64url') ?? '';
    this.peerCertificateFingerprint = peerCert ? createHash('sha256').update(peerCert.raw).digest('hex') : '';
    this.remoteAddress = socket.remoteAddress ?? 'unknown';
    this.decoder = new FrameDecoder(opts.limits.maxFrameBytes);
    this.who = `device ${opts.peerDeviceId} at ${this.remoteAddress}:${socket.remotePort ?? '?'}`;

    socket.on('data', (chunk: Buffer) => this.receive(chunk));
    socket.on('error', (err) => this.end(`socket error: ${err.message}`, 'warn', false));
    socket.on('end', () => this.end(this.peerReason ?? 'closed by the peer', 'info', false));
    socket.on('close', () => this.gone_());
    socket.pause(); // until a handler is set

    const { pingIntervalMs, idleTimeoutMs, firstFrameTimeoutMs } = opts.limits;
    this.idleTimer = setInterval(() => this.checkIdle(), Math.max(20, Math.min(pingIntervalMs, idleTimeoutMs) / 3));
    this.idleTimer.unref();
    if (opts.side === 'server') {
      this.firstFrameTimer = setTimeout(() => this.refuse('timeout', `no message within ${firstFrameTimeoutMs} ms`), firstFrameTimeoutMs);
      this.firstFrameTimer.unref();
    }
  }

  get closed(): boolean {
    return this.reason !== null;
  }

  send(message: SyncMessage): Promise<void> {
    if (this.reason !== null) return Promise.reject(new Error(`sync connection with ${this.who} is closed: ${this.reason}`));
    let frame: Buffer;
    try {
      frame = encodeFrame(message, this.opts.limits.maxFrameBytes);
    } catch (err) {
      return Promise.reject(err as Error);
    }
    return this.socket.write(frame) ? Promise.resolve() : this.drained();
  }

  onMessage(handler: (message: InboundMessage) => void | Promise<void>): void {
    this.handler = handler;
    void this.pump();
  }

  onClose(handler: (reason: string) => void): void {
    if (this.gone) handler(this.reason ?? 'closed');
    else this.closeHandlers.push(handler);
  }

  close(reason: string): void {
    if (this.reason !== null) return;
    this.writeLast({ t: 'bye', reason: clip(reason) });
    this.end(reason, 'info', true);
  }

  refuse(code: RefusalCode, message: string): void {
    if (this.reason !== null) return;
    this.writeLast({ t: 'refused', code, message: clip(message) });
    this.end(`refused (${code}): ${message}`, 'warn', true);
  }

  exportKeyingMaterial(length: number, label: string): Buffer {
    if (this.socket.destroyed) throw new Error(`sync connection with ${this.who} is closed: ${this.reason ?? 'closed'}`);
    return this.socket.exportKeyingMaterial(length, label, Buffer.alloc(0));
  }

  private receive(chunk: Buffer): void {
    if (this.reason !== null) return;
    this.lastHeard = Date.now();
    const { frames, error } = this.decoder.push(chunk);
    if (frames.length > 0) this.stopFrameTimer();
    if (this.decoder.buffered > 0) this.startFrameTimer();
    for (const frame of frames) {
      const parsed = parseSyncMessage(frame);
      if (!parsed.ok) {
        this.refuse('bad_frame', parsed.error.message);
        return;
      }
      // Only a real first message (hello or join on the accepting side, anything but keep-alives on the dialling side)
      // ends the first-frame timer: pings alone must not hold a connection slot for ever.
      if (!this.firstSeen && parsed.message.t !== 'ping' && parsed.message.t !== 'pong') {
        this.firstSeen = true;
        if (this.firstFrameTimer) clearTimeout(this.firstFrameTimer);
        this.opts.onFirstMessage?.();
      }
      this.route(parsed.message);
      if (this.reason !== null) return;
    }
    if (error) {
      this.refuse('bad_frame', error.message);
      return;
    }
    if (this.inbox.length > 0) this.pauseReading();
    void this.pump();
  }

  private route(message: SyncMessage): void {
    switch (message.t) {
      case 'ping':
        // A peer that pings but never reads would grow our send buffer without end: answer only while it drains.
        if (this.socket.writableLength > MAX_UNREAD_BYTES) {
          this.end(`the peer does not read what it is sent (${this.socket.writableLength} bytes waiting)`, 'warn', true);
          return;
        }
        if (this.firstSeen || this.opts.side === 'client') this.send({ t: 'pong' }).catch(() => { /* closing: nothing to answer */ });
        return;
      case 'pong':
        return;
      case 'bye':
        this.end(`the peer said bye: ${message.reason}`, 'info', false);
        return;
      case 'refused':
        // Handed on too: a joining device wants to know whether its invite was used or expired.
        this.peerReason = `the peer refused us (${message.code}): ${message.message}`;
        this.inbox.push(message);
        return;
      default:
        this.inbox.push(message);
    }
  }

  private async pump(): Promise<void> {
    if (this.pumping || !this.handler) return;
    this.pumping = true;
    try {
      while (this.inbox.length > 0 && (this.reason === null || this.deliverQueued)) {
        const result = this.handler(this.inbox.shift()!);
        if (result instanceof Promise) await result;
      }
    } catch (err) {
      this.opts.log.error(`sync: the handler for ${this.who} failed: ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
      this.close('internal error');
    } finally {
      this.pumping = false;
    }
    if (this.reason === null) this.resumeReading();
  }

  private pauseReading(): void {
    this.socket.pause();
    // Bytes not read are not the peer's fault: no slow-frame clock while we hold them back.
    this.stopFrameTimer();
  }

  private resumeReading(): void {
    if (!this.socket.isPaused()) return;
    this.lastHeard = Date.now();
    if (this.decoder.buffered > 0) this.startFrameTimer();
    this.socket.resume();
  }

  private startFrameTimer(): void {
    if (this.frameTimer) return;
    const ms = this.opts.limits.frameTimeoutMs;
    this.frameTimer = setTimeout(() => this.refuse('timeout', `a frame was begun and not completed within ${ms} ms`), ms);
    this.frameTimer.unref();
  }

  private stopFrameTimer(): void {
    if (this.frameTimer) clearTimeout(this.frameTimer);
    this.frameTimer = null;
  }

  private checkIdle(): void {
    if (this.reason !== null) return;
    // A socket we paused is not silent by the peer's doing.
    if (this.socket.isPaused()) { this.lastHeard = Date.now(); return; }
    const now = Date.now();
    const silent = now - this.lastHeard;
    const { idleTimeoutMs, pingIntervalMs } = this.opts.limits;
    if (silent >= idleTimeoutMs) {
      this.refuse('timeout', `silent for ${idleTimeoutMs} ms`);
    } else if (silent >= pingIntervalMs && now - this.lastPing >= pingIntervalMs && (this.firstSeen || this.opts.side === 'client')) {
      // Before its first message a peer is on the first-frame clock, not owed a ping.
      this.lastPing = now;
      this.send({ t: 'ping' }).catch(() => { /* closing */ });
    }
  }

  private drained(): Promise<void> {
    this.drainWaiter ??= new Promise<void>((resolve, reject) => {
      const settle = (err?: Error) => {
        this.socket.off('drain', onDrain);
        this.socket.off('close', onClose);
        this.drainWaiter = null;
        if (err) reject(err); else resolve();
      };
      const onDrain = () => settle();
      const onClose = () => settle(new Error(`sync connection with ${this.who} closed before the message was sent: ${this.reason ?? 'closed'}`));
      this.socket.on('drain', onDrain);
      this.socket.on('close', onClose);
    });
    return this.drainWaiter;
  }

  /** A last frame before closing, written only if the socket still takes writes; never waited for. */
  private writeLast(message: SyncMessage): void {
    if (this.socket.destroyed || !this.socket.writable) return;
    try {
      this.socket.write(encodeFrame(message, this.opts.limits.maxFrameBytes));
    } catch { /* the socket went away meanwhile */ }
  }

  /** Records why the connection ends (first reason wins), logs it once, and shuts the socket. */
  private end(reason: string, level: 'info' | 'warn', byUs: boolean): void {
    if (this.reason !== null) return;
    this.reason = reason;
    this.opts.log[level](`sync: closed the connection with ${this.who}: ${reason}`);
    this.stopTimers();
    if (byUs) { this.deliverQueued = false; this.inbox.length = 0; }
    else void this.pump();
    this.socket.end();
    // A peer that never reads would hold the socket open with our last frame unsent.
    setTimeout(() => this.socket.destroy(), CLOSE_GRACE_MS).unref();
  }

  private gone_(): void {
    if (this.gone) return;
    this.end(this.peerReason ?? 'the connection was lost', 'info', false);
    this.gone = true;
    this.stopTimers();
    for (const handler of this.closeHandlers.splice(0)) {
      try {
        handler(this.reason!);
      } catch (err) {
        this.opts.log.error(`sync: a close handler for ${this.who} failed: ${String(err)}`);
      }
    }
  }

  private stopTimers(): void {
    clearInterval(this.idleTimer);
    if (this.firstFrameTimer) clearTimeout(this.firstFrameTimer);
    this.stopFrameTimer();
  }
}

function clip(text: string): string {
  return text.length <= SYNC_LIMITS.textLength ? text : `${text.slice(0, SYNC_LIMITS.textLength - 1)}…`;
}
