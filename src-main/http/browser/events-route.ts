// The change feed as a stream of Server-Sent Events frames, read by the window with fetch (so that it can carry the
// tab's secret): after every commit, each signed-in tab gets one `ChangeNotice` with the changed incidents' current
// snapshots. One engine listener serves every open stream; the notice is encoded once per change, not once per
// client. A stream lives no longer than its session: it is ended when the session is signed out or revoked, expires,
// goes idle, or its API key is revoked — checked before every broadcast and every two seconds.
import type { FastifyInstance } from 'fastify';
import type { ServerResponse } from 'node:http';
import { BRIDGE_PATHS } from '../../../src-shared/api.ts';
import type { EngineChange } from '../../engine/types.ts';
import { sessionOf, type BridgeContext } from './context.ts';
import { sendError } from './errors.ts';
import { SECURITY_HEADERS } from './security-headers.ts';
import { toChangeNotice } from '../../api-handlers.ts';

/** Comments keep idle proxies and the browser's own timers from closing the stream. */
const HEARTBEAT_MS = 15_000;
/** How soon a stream notices its session ended elsewhere (`klaxon sessions revoke`, the clock) without a change. */
const SWEEP_MS = 2000;
/** A window that stops reading is dropped (it reconnects and reloads) rather than buffered without bound. */
const MAX_BUFFERED_BYTES = 16 * 1024 * 1024;

interface Stream { res: ServerResponse; sessionId: string }

export function registerEventsRoute(app: FastifyInstance, ctx: BridgeContext): void {
  const streams = new Set<Stream>();

  const end = (stream: Stream) => {
    streams.delete(stream);
    stream.res.end();
  };
  const endEndedSessions = () => {
    if (streams.size === 0) return;
    const live = ctx.sessions.liveIds();
    for (const stream of streams) if (!live.has(stream.sessionId)) end(stream);
  };
  const broadcast = (frame: string) => {
    for (const stream of streams) {
      if (stream.res.writableLength > MAX_BUFFERED_BYTES) { streams.delete(stream); stream.res.destroy(); continue; }
      stream.res.write(frame);
    }
  };
  const logFailure = (what: string, err: unknown) => ctx.log.error(`bridge: ${what}: ${err instanceof Error ? err.message : String(err)}`);

  const stopListening = ctx.engine.onChange((change: EngineChange) => {
    if (streams.size === 0) return;
    try {
      const notice = toChangeNotice(change, ctx.engine);
      if (!notice) return;
      // A key's revocation is itself a change: the sessions it opened must not receive it, nor anything after.
      endEndedSessions();
      broadcast(`data: ${JSON.stringify(notice)}\n\n`);
    } catch (err) {
      logFailure('change feed', err);
    }
  });
  const stopRevoked = ctx.sessions.onRevoked((id) => {
    for (const stream of streams) if (stream.sessionId === id) end(stream);
  });
  const heartbeat = setInterval(() => broadcast(': ping\n\n'), HEARTBEAT_MS);
  heartbeat.unref();
  const sweep = setInterval(() => {
    try { endEndedSessions(); } catch (err) { logFailure('closing the streams of ended sessions', err); }
  }, SWEEP_MS);
  sweep.unref();

  app.get(BRIDGE_PATHS.events, async (req, reply) => {
    const signedIn = sessionOf(ctx.sessions, req);
    if (!signedIn.ok) return sendError(reply, 'UNAUTHORIZED', signedIn.message);
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
    res.write(': connected\n\n');
    const stream: Stream = { res, sessionId: signedIn.session.id };
    streams.add(stream);
    const forget = () => streams.delete(stream);
    res.on('close', forget);
    res.on('error', forget);
  });

  // Open streams would hold `close()` forever: end them before the server stops accepting.
  app.addHook('preClose', async () => {
    for (const stream of streams) stream.res.end();
    streams.clear();
  });
  app.addHook('onClose', async () => {
    clearInterval(heartbeat);
    clearInterval(sweep);
    stopRevoked();
    stopListening();
  });
}
