// A second receiver in front of a test server's real engine with some engine methods replaced (an engine that is
// busy, rate-limited or broken), for what the HTTP layer answers to each kind of trouble.
import type { TestServer } from './server.ts';
import { createReceiver, type Receiver } from '../../src-main/http/server.ts';
import { silentLogger } from '../../src-main/log.ts';
import type { Engine } from '../../src-main/engine/types.ts';

export async function receiverWith(server: TestServer, replaced: Partial<Engine>): Promise<{ receiver: Receiver; baseUrl: string }> {
  const real = server.klaxon.engine;
  const engine = new Proxy(real, {
    get: (target, prop, receiver) => (Object.hasOwn(replaced, prop) ? replaced[prop as keyof Engine] : Reflect.get(target, prop, receiver)),
  });
  const receiver = await createReceiver({
    engine, handlers: server.klaxon.handlers, sessions: server.klaxon.sessions, log: silentLogger, clock: real.clock,
    hostInfo: () => ({ version: 'test', deviceId: real.deviceId, listen: { host: '127.0.0.1', port: 0 }, baseUrl: '', notifier: 'none', bridge: 'http' }),
  });
  const { port } = await receiver.listen('127.0.0.1', 0);
  return { receiver, baseUrl: `http://127.0.0.1:${port}` };
}
