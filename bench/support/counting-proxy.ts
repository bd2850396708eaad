// A TCP relay on 127.0.0.1 that counts the bytes it carries each way: put between a joining device and the device it
// joins (the invite names the relay's address), it gives the bytes on the wire — TLS records, frames and all.
import net from 'node:net';

export interface CountingProxy {
  port: number;
  /** Bytes from the clients to the target, and back, so far. */
  readonly up: number;
  readonly down: number;
  close(): Promise<void>;
}

export async function startCountingProxy(target: { host: string; port: number }): Promise<CountingProxy> {
  let up = 0;
  let down = 0;
  const sockets = new Set<net.Socket>();
  const track = (s: net.Socket) => { sockets.add(s); s.once('close', () => sockets.delete(s)); };
  const server = net.createServer((client) => {
    track(client);
    const upstream = net.connect(target.port, target.host);
    track(upstream);
    client.setNoDelay(true);
    upstream.setNoDelay(true);
    client.on('data', (c: Buffer) => { up += c.length; });
    upstream.on('data', (c: Buffer) => { down += c.length; });
    client.pipe(upstream);
    upstream.pipe(client);
    const end = () => { client.destroy(); upstream.destroy(); };
    client.on('error', end);
    upstream.on('error', end);
    client.on('close', end);
    upstream.on('close', end);
  });
  await new Promise<void>((resolve, reject) => { server.once('error', reject); server.listen(0, '127.0.0.1', () => resolve()); });
  return {
    port: (server.address() as net.AddressInfo).port,
    get up() { return up; },
    get down() { return down; },
    close: () => new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    }),
  };
}
