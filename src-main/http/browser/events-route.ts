// The change feed as Server-Sent Events: after every commit, each signed-in window gets one `ChangeNotice` with
// the changed incidents' current snapshots. One engine listener serves every open stream; the notice is encoded
// once per change, not once per client.
import type { FastifyInstance } from 'fastify';
import type { ServerResponse } from 'node:http';
import { BRIDGE_PATHS } from '../../../src-shared/api.ts';
import type { EngineChange } from '../../engine/types.ts';
import type { BridgeContext } from './context.ts';
import { sendError } from './errors.ts';
import { SECURITY_HEADERS } from './security-headers.ts';
import { toChangeNotice } from '../../api-handlers.ts';

/** Comments keep idle proxies and the browser's own timers from closing the stream. */
const HEARTBEAT_MS = 15_000;
/** A window that stops reading is dropped (it reconnects and reloads) rather than buffered without bound. */
const MAX_BUFFERED_BYTES = 16 * 1024 * 1024;

export function registerEventsRoute(app: FastifyInstance, ctx: BridgeContext): void {
  const streams = new Set<ServerResponse>();

  const broadcast = (frame: string) => {
    for (const res of streams) {
      if (res.writableLength > MAX_BUFFERED_BYTES) { streams.delete(res); res.destroy(); continue; }
      res.write(frame);
    }
  };

  const stopListening = ctx.engine.onChange((change: EngineChange) => {
    if (streams.size === 0) return;
    try {
      const notice = toChangeNotice(change, ctx.engine);
      if (notice) broadcast(`data: ${JSON.stringify(notice)}\n\n`);
    } catch (err) {
      ctx.log.error(`bridge: change feed: ${err instanceof Error ? err.message : String(err)}`);
    }
  });
  const heartbeat = setInterval(() => broadcast(': ping\n\n'), HEARTBEAT_MS);
  heartbeat.unref();

  app.get(BRIDGE_PATHS.events, async (req, reply) => {
    if (!ctx.sessionOf(req)) return sendError(reply, 'UNAUTHORIZED', 'Not signed in: run klaxon open');
    reply.hijack();
    const res = reply.raw;
    req.raw.socket.setNoDelay(true);
    // A stream is quiet between changes by design: the idle timeout is not for it (heartbeats and the buffer cap
    // below look after a window that went away). The request timeout never applies: its request is complete.
    req.raw.socket.setTimeout(0);
    res.writeHead(200, {
      ...SECURITY_HEADERS,
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      'x-accel-buffering': 'no',
    });
    res.write('retry: 1000\n: connected\n\n');
    streams.add(res);
    const forget = () => streams.delete(res);
    res.on('close', forget);
    res.on('error', forget);
  });

  // Open streams would hold `close()` forever: end them before the server stops accepting.
  app.addHook('preClose', async () => {
    for (const res of streams) res.end();
    streams.clear();
  });
  app.addHook('onClose', async () => {
    clearInterval(heartbeat);
    stopListening();
  });
}
