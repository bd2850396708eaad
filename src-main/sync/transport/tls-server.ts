// The listening side of sync: TLS 1.3 only, a certificate required from every peer, and the guards that keep a
// bad or hostile peer from costing more than itself (a handshake budget per address, caps on connections, the
// timeouts of connection.ts). Certificates are self-signed, so OpenSSL checks no chain (`rejectUnauthorized:
// false`); TLS 1.3 still makes the peer prove it holds its certificate's key, and the device id is that key's
// fingerprint. Whether that device may sync (roster, revocation, invites) is the caller's decision in `onPeer`.
import tls from 'node:tls';
import type { Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../../log.ts';
import { deviceIdOfCertificate, type DeviceCertificate } from '../identity.ts';
import { TlsPeerConnection, type PeerConnection } from './connection.ts';
import { RateLimiter, ThrottledLog } from './guards.ts';
import { DEFAULT_LIMITS, type ServerLimits } from './limits.ts';

export interface SyncServerOptions {
  /** This device's certificate and key (identity.ts `deviceCertificate`). */
  identity: Pick<DeviceCertificate, 'certPem' | 'keyPem'>;
  host: string;
  /** 0 picks a free port. */
  port: number;
  log: Logger;
  /** Each peer that completed the handshake with a device certificate. Admit it or `refuse` it. */
  onPeer(connection: PeerConnection): void;
  limits?: Partial<ServerLimits>;
}

export interface SyncServer {
  readonly port: number;
  readonly host: string;
  /** Open connections, handshaking ones included. */
  readonly connectionCount: number;
  /** Stops listening and closes every connection. */
  close(): Promise<void>;
}

interface Tracked { pending: boolean }

export async function startSyncServer(opts: SyncServerOptions): Promise<SyncServer> {
  const limits: ServerLimits = { ...DEFAULT_LIMITS, ...opts.limits };
  const { log } = opts;
  const throttled = new ThrottledLog(log);
  const limiter = new RateLimiter({ perSecond: limits.handshakesPerSecond, burst: limits.handshakeBurst });
  // Keyed by `address|port`, the one name the raw socket and its TLS socket share.
  const tracked = new Map<string, Tracked>();
  const live = new Set<Socket>();
  let pending = 0;

  const server = tls.createServer({
    cert: opts.identity.certPem,
    key: opts.identity.keyPem,
    minVersion: 'TLSv1.3',
    maxVersion: 'TLSv1.3',
    requestCert: true,
    rejectUnauthorized: false,
    handshakeTimeout: limits.handshakeTimeoutMs,
  });

  // Before TLS wraps the socket: a refused connection costs no handshake.
  server.prependListener('connection', (raw: Socket) => {
    const address = raw.remoteAddress ?? 'unknown';
    const refuse = (why: string) => {
      throttled.warn(`${why}|${address}`, `sync: refused a connection from ${address}: ${why}`);
      raw.destroy();
    };
    if (!limiter.take(address)) return refuse(`more than ${limits.handshakesPerSecond} handshakes a second (burst ${limits.handshakeBurst}) from this address`);
    if (live.size >= limits.maxConnections) return refuse(`already ${limits.maxConnections} connections`);
    if (pending >= limits.maxPendingConnections) return refuse(`already ${limits.maxPendingConnections} connections waiting for their first message`);
    const key = `${address}|${raw.remotePort}`;
    const entry: Tracked = { pending: true };
    pending++;
    tracked.set(key, entry);
    live.add(raw);
    raw.once('close', () => {
      live.delete(raw);
      if (tracked.get(key) === entry) tracked.delete(key);
      if (entry.pending) { entry.pending = false; pending--; }
    });
  });

  server.on('tlsClientError', (err: Error & { code?: string; reason?: string }, socket: tls.TLSSocket) => {
    // A peer that hung up mid-handshake has taken its address with it.
    const from = socket.remoteAddress ? `the connection from ${socket.remoteAddress}:${socket.remotePort}` : 'a connection';
    const why = err.code === 'ERR_TLS_HANDSHAKE_TIMEOUT' ? `no TLS handshake within ${limits.handshakeTimeoutMs} ms`
      : `TLS handshake failed: ${err.reason ?? err.message.split('\n')[0]}`;
    throttled.warn(`${why}|${socket.remoteAddress}`, `sync: closed ${from}: ${why}`);
    socket.destroy();
  });

  server.on('secureConnection', (socket: tls.TLSSocket) => {
    const address = `${socket.remoteAddress ?? 'unknown'}:${socket.remotePort ?? '?'}`;
    const entry = tracked.get(`${socket.remoteAddress}|${socket.remotePort}`);
    const drop = (why: string) => {
      throttled.warn(`${why}|${socket.remoteAddress}`, `sync: closed the connection from ${address}: ${why}`);
      socket.destroy();
    };
    if (socket.getProtocol() !== 'TLSv1.3') return drop(`${socket.getProtocol() ?? 'an unknown protocol'} instead of TLS 1.3`);
    const cert = socket.getPeerX509Certificate();
    if (!cert) return drop('the peer presented no certificate');
    let peerDeviceId: string;
    try {
      peerDeviceId = deviceIdOfCertificate(cert);
    } catch (err) {
      return drop((err as Error).message);
    }
    const connection = new TlsPeerConnection(socket, {
      peerDeviceId,
      peerCertificate: cert,
      side: 'server',
      limits,
      log,
      onFirstMessage: () => {
        if (entry?.pending) { entry.pending = false; pending--; }
      },
    });
    try {
      opts.onPeer(connection);
    } catch (err) {
      log.error(`sync: onPeer failed for ${peerDeviceId} at ${address}: ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
      connection.close('internal error');
    }
  });

  server.on('error', (err) => log.error(`sync: the sync server failed: ${err.message}`));

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => { server.off('error', reject); resolve(); });
  });
  const bound = server.address() as AddressInfo;

  return {
    port: bound.port,
    host: bound.address,
    get connectionCount() { return live.size; },
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      for (const raw of live) raw.destroy();
    }),
  };
}
