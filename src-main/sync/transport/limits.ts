// The transport's limits, in one place: what a peer may cost us in bytes, time and connections. Tests inject small
// timeouts; the defaults are what a host runs with.
import { DEFAULT_MAX_FRAME_BYTES } from './frame-codec.ts';

export interface ConnectionLimits {
  /** Largest frame body accepted or sent. */
  maxFrameBytes: number;
  /** On the accepting side: the first frame must arrive within this, else `refused{timeout}`. */
  firstFrameTimeoutMs: number;
  /** A frame begun must be complete within this (a slow-loris peer trickling bytes is closed). */
  frameTimeoutMs: number;
  /** A connection silent this long gets a `ping`… */
  pingIntervalMs: number;
  /** …and is closed when silent this long. */
  idleTimeoutMs: number;
}

export interface ServerLimits extends ConnectionLimits {
  /** TLS handshakes must finish within this. */
  handshakeTimeoutMs: number;
  /** Handshakes per remote address: a token bucket. */
  handshakesPerSecond: number;
  handshakeBurst: number;
  /** Connections accepted but not yet past their first frame. */
  maxPendingConnections: number;
  /** All connections. */
  maxConnections: number;
}

export const DEFAULT_LIMITS: Readonly<ServerLimits> = {
  maxFrameBytes: DEFAULT_MAX_FRAME_BYTES,
  firstFrameTimeoutMs: 10_000,
  frameTimeoutMs: 30_000,
  pingIntervalMs: 15_000,
  idleTimeoutMs: 45_000,
  handshakeTimeoutMs: 10_000,
  handshakesPerSecond: 5,
  handshakeBurst: 20,
  maxPendingConnections: 64,
  maxConnections: 256,
};
