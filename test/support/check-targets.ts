// What monitor checks are pointed at in tests: a local HTTP(S) server that can be told how to answer (a status, a
// body, slowly, never, a redirect), and a TCP port that can be closed. All on 127.0.0.x.
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import type { AddressInfo } from 'node:net';

export interface Behaviour {
  status?: number;
  body?: string;
  /** Answer after this long (real time). */
  delayMs?: number;
  /** Never answer (the check times out). */
  hang?: boolean;
  /** A 302 to this URL. */
  redirectTo?: string;
}

export interface Target {
  url: string;
  host: string;
  port: number;
  /** How it answers from now on. */
  set(b: Behaviour): void;
  hits: number;
  close(): Promise<void>;
}

export async function startTarget(opts: { host?: string; tls?: { certPem: string; keyPem: string } } = {}): Promise<Target> {
  const host = opts.host ?? '127.0.0.1';
  let behaviour: Behaviour = {};
  const hanging = new Set<http.ServerResponse>();
  const handler = (_req: http.IncomingMessage, res: http.ServerResponse) => {
    target.hits++;
    const b = behaviour;
    if (b.hang) { hanging.add(res); return; }
    const answer = () => {
      if (b.redirectTo) { res.writeHead(302, { location: b.redirectTo }).end(); return; }
      res.writeHead(b.status ?? 200, { 'content-type': 'text/plain' }).end(b.body ?? 'all good');
    };
    if (b.delayMs) setTimeout(answer, b.delayMs); else answer();
  };
  const server = opts.tls ? https.createServer({ cert: opts.tls.certPem, key: opts.tls.keyPem }, handler) : http.createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const port = (server.address() as AddressInfo).port;
  const target: Target = {
    url: `${opts.tls ? 'https' : 'http'}://${host}:${port}/health`, host, port, hits: 0,
    set(b) { behaviour = b; },
    async close() {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return target;
}

/** A TCP port that accepts connections until closed. */
export async function startTcpPort(host = '127.0.0.1'): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((s) => { sockets.add(s); s.on('close', () => sockets.delete(s)); s.on('error', () => {}); });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  return {
    port: (server.address() as AddressInfo).port,
    async close() { for (const s of sockets) s.destroy(); await new Promise<void>((resolve) => server.close(() => resolve())); },
  };
}
