// The dialling side of sync: TLS 1.3 only, presenting this device's certificate. The server's certificate is
// self-signed, so what authenticates it is its key's fingerprint: given the device id we meant to reach, anything
// else answering at that address (a man in the middle, a stale address now used by another device) is refused.
import tls from 'node:tls';
import type { X509Certificate } from 'node:crypto';
import type { Logger } from '../../log.ts';
import { deviceIdOfCertificate, type DeviceCertificate } from '../identity.ts';
import { TlsPeerConnection, type PeerConnection } from './connection.ts';
import { DEFAULT_LIMITS, type ConnectionLimits } from './limits.ts';

export interface ConnectOptions {
  host: string;
  port: number;
  identity: Pick<DeviceCertificate, 'certPem' | 'keyPem'>;
  /** The device we mean to reach. Omitted only when its id is not known yet (a first join, proved by the invite). */
  expectDeviceId?: string;
  /** For the TCP connection and the TLS handshake together. */
  timeoutMs?: number;
  log: Logger;
  limits?: Partial<ConnectionLimits>;
}

/** The server is not the device we meant to reach. */
export class PeerIdentityError extends Error {
  override name = 'PeerIdentityError';
}

export function connectToPeer(opts: ConnectOptions): Promise<PeerConnection> {
  const limits: ConnectionLimits = { ...DEFAULT_LIMITS, ...opts.limits };
  const timeoutMs = opts.timeoutMs ?? 10_000;
  const where = `${opts.host}:${opts.port}`;
  return new Promise((resolve, reject) => {
    const socket = tls.connect({
      host: opts.host,
      port: opts.port,
      cert: opts.identity.certPem,
      key: opts.identity.keyPem,
      minVersion: 'TLSv1.3',
      maxVersion: 'TLSv1.3',
      rejectUnauthorized: false,
      // No name to check: the server is identified by its key (below), not by a host name.
      checkServerIdentity: () => undefined,
    });
    let settled = false;
    const fail = (err: Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.on('error', () => { /* already failed: one reason is enough */ });
      socket.destroy();
      opts.log.warn(`sync: could not connect to ${opts.expectDeviceId ? `device ${opts.expectDeviceId} at ` : ''}${where}: ${err.message}`);
      reject(err);
    };
    const timer = setTimeout(() => fail(new Error(`no TLS connection within ${timeoutMs} ms`)), timeoutMs);
    socket.once('error', fail);
    socket.once('secureConnect', () => {
      socket.off('error', fail);
      clearTimeout(timer);
      let peerDeviceId: string;
      let cert: X509Certificate | undefined;
      try {
        cert = socket.getPeerX509Certificate();
        if (!cert) throw new PeerIdentityError('the server presented no certificate');
        peerDeviceId = deviceIdOfCertificate(cert);
      } catch (err) {
        return fail(err instanceof PeerIdentityError ? err : new PeerIdentityError((err as Error).message));
      }
      if (opts.expectDeviceId !== undefined && peerDeviceId !== opts.expectDeviceId) {
        return fail(new PeerIdentityError(`the server is device ${peerDeviceId}, not the expected ${opts.expectDeviceId}`));
      }
      settled = true;
      resolve(new TlsPeerConnection(socket, { peerDeviceId, side: 'client', limits, log: opts.log, peerCertificate: cert! }));
    });
  });
}
