// Test devices for the sync transport: real data dirs, real stores, real certificates; a logger that records its
// lines; and a raw TLS peer that can send any bytes at all, for playing the bad peer.
import tls from 'node:tls';
import { once } from 'node:events';
import { openStore } from '../../../src-main/store/database.ts';
import { deviceCertificate, type DeviceCertificate } from '../../../src-main/sync/identity.ts';
import type { Logger } from '../../../src-main/log.ts';
import { FrameDecoder, encodeFrame, type FrameObject } from '../../../src-main/sync/transport/frame-codec.ts';
import { tempDir } from '../../support/temp-dir.ts';

/** A device made as the app makes it: a data dir, its store, its key, then its certificate. */
export async function makeDevice(t: { after(fn: () => void): void }): Promise<DeviceCertificate> {
  const store = openStore(tempDir(t, 'klaxon-sync-'), 'normal');
  try {
    return await deviceCertificate(store);
  } finally {
    store.close();
  }
}

export interface CapturedLog {
  log: Logger;
  lines: string[];
  /** Resolves with the first line (already logged or to come) that matches. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<string>;
}

export function captureLog(): CapturedLog {
  const lines: string[] = [];
  const waiters: { pattern: RegExp; resolve: (line: string) => void }[] = [];
  const add = (level: string) => (msg: string) => {
    const line = `${level}: ${msg}`;
    lines.push(line);
    for (const w of waiters.splice(0)) {
      if (w.pattern.test(line)) w.resolve(line);
      else waiters.push(w);
    }
  };
  return {
    log: { info: add('info'), warn: add('warn'), error: add('error') },
    lines,
    waitFor(pattern, timeoutMs = 5000) {
      const seen = lines.find((l) => pattern.test(l));
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no log line matching ${pattern} within ${timeoutMs} ms; got:\n${lines.join('\n')}`)), timeoutMs);
        waiters.push({ pattern, resolve: (l) => { clearTimeout(timer); resolve(l); } });
      });
    },
  };
}

/** A TLS 1.3 client that presents a device certificate and then writes whatever the test says. */
export interface RawPeer {
  socket: tls.TLSSocket;
  /** Our end's port: how the server's log lines name this peer. */
  localPort: number;
  /** Frames the server sent (decoded), in order. */
  received: FrameObject[];
  write(bytes: Uint8Array | string): void;
  send(message: { t: string }): void;
  /** Resolves once the server has closed the connection. */
  closed: Promise<void>;
}

export async function rawPeer(port: number, identity?: Pick<DeviceCertificate, 'certPem' | 'keyPem'>, extra: tls.ConnectionOptions = {}): Promise<RawPeer> {
  const socket = tls.connect({
    host: '127.0.0.1', port, rejectUnauthorized: false, minVersion: 'TLSv1.3',
    ...(identity ? { cert: identity.certPem, key: identity.keyPem } : {}),
    ...extra,
  });
  const received: FrameObject[] = [];
  const decoder = new FrameDecoder();
  socket.on('data', (chunk: Buffer) => { received.push(...decoder.push(chunk).frames); });
  socket.on('error', () => { /* the server closing on us is what these tests expect */ });
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  await once(socket, 'secureConnect');
  return {
    socket, received, closed, localPort: socket.localPort!,
    write: (bytes) => { socket.write(bytes); },
    send: (message) => { socket.write(encodeFrame(message)); },
  };
}

/** Polls until `check` holds. */
export async function eventually(check: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
