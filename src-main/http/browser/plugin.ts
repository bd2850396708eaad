// The browser bridge: the same KlaxonApi the Electron preload exposes, over HTTP + Server-Sent Events, for a plain
// browser against the headless host. Sign-in (a `klaxon open` link or an API key) sets an HttpOnly, SameSite=Strict
// cookie; every route checks the Host header (no DNS rebinding), state-changing ones the Origin (no CSRF), and no
// CORS header is ever sent. The routes live in this plugin's own encapsulated context, so its hooks and error
// handler touch nothing else on the receiver.
import type { FastifyInstance } from 'fastify';
import type { KlaxonHandlers } from '../../../src-shared/api.ts';
import type { HostInfo } from '../../../src-shared/schemas/settings.ts';
import type { Engine } from '../../engine/types.ts';
import type { Logger } from '../../log.ts';
import { memoryBridgeAuthStore, openBridgeAuthStore, type BridgeAuthStore } from './auth-store.ts';
import { sessionResolver, type BridgeContext } from './context.ts';
import { extraAllowedHosts, hostAllowed } from '../host-check.ts';
import { SECURITY_HEADERS } from './security-headers.ts';
import { replyWithError, sendError } from './errors.ts';
import { registerSessionRoutes } from './session-routes.ts';
import { registerInvokeRoute } from './invoke-route.ts';
import { registerEventsRoute } from './events-route.ts';
import { registerWindowRoutes } from './window-routes.ts';

export interface BrowserBridgeOptions {
  handlers: KlaxonHandlers;
  engine: Engine;
  log: Logger;
  /** The built window (dist/renderer); without it `/` only explains how to sign in. */
  rendererDir?: string;
  hostInfo: () => HostInfo;
  /**
   * The data dir whose database holds login tokens and sessions (so `klaxon open`, another process, can sign a
   * browser in). Defaults to `engine.dataDir`; with neither, sessions live in memory and only API-key sign-in works.
   */
  dataDir?: string;
}

/** Register at the root: `await app.register(browserBridge, { handlers, engine, log, rendererDir, hostInfo })`. */
export async function browserBridge(app: FastifyInstance, opts: BrowserBridgeOptions): Promise<void> {
  const auth = openAuth(opts);
  const ctx: BridgeContext = {
    auth, engine: opts.engine, handlers: opts.handlers, log: opts.log, hostInfo: opts.hostInfo,
    rendererDir: opts.rendererDir, sessionOf: sessionResolver(auth, opts.engine),
  };

  // The receiver checks Host on every route; the bridge checks again (same rule) so that it is safe wherever it is
  // registered, and also refuses a request without Host, which no browser sends.
  const extraHosts = extraAllowedHosts();
  app.addHook('onRequest', async (req, reply) => {
    reply.headers(SECURITY_HEADERS);
    if (req.headers.host === undefined || !hostAllowed(req.headers.host, opts.hostInfo().listen.host, extraHosts)) {
      return sendError(reply, 'FORBIDDEN', 'Host not allowed: use the address Klaxon listens on (e.g. 127.0.0.1)');
    }
  });
  app.setErrorHandler((err, _req, reply) => replyWithError(reply, err, opts.log));

  registerSessionRoutes(app, ctx);
  registerInvokeRoute(app, ctx);
  registerEventsRoute(app, ctx);
  await registerWindowRoutes(app, ctx);
  app.addHook('onClose', async () => auth.close());
}

function openAuth(opts: BrowserBridgeOptions): BridgeAuthStore {
  const dataDir = opts.dataDir ?? opts.engine.dataDir;
  if (dataDir !== undefined) return openBridgeAuthStore(dataDir);
  opts.log.warn('browser bridge: no data dir given; `klaxon open` links will not work (API-key sign-in still does)');
  return memoryBridgeAuthStore();
}
