// A local webhook receiver for tests (127.0.0.1): answers as told — fail (500 with a long body), hang (never
// answers), ok (204) — and keeps every request it got.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedHook { headers: Record<string, string>; body: string }
export interface TestReceiver { url: string; mode: 'ok' | 'fail' | 'hang'; received: ReceivedHook[]; close(): Promise<void> }

export async function startWebhookReceiver(): Promise<TestReceiver> {
  const hanging = new Set<http.ServerResponse>();
  const receiver: TestReceiver = {
    url: '', mode: 'ok', received: [],
    close: () => new Promise((resolve) => { for (const r of hanging) r.destroy(); server.closeAllConnections(); server.close(() => resolve()); }),
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      receiver.received.push({ headers: req.headers as Record<string, string>, body: Buffer.concat(chunks).toString() });
      if (receiver.mode === 'hang') { hanging.add(res); return; }
      if (receiver.mode === 'fail') { res.writeHead(500, { 'content-type': 'text/plain' }).end(`database down ${'x'.repeat(5000)}`); return; }
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`;
  return receiver;
}
