// The browser bridge: the same KlaxonApi the Electron preload exposes, over HTTP and a stream of Server-Sent Events,
// for a plain browser against the headless host. Signing in (a `klaxon open` link or an API key) sets an HttpOnly,
// SameSite=Strict cookie and gives the tab a secret of its own; every data route needs both. Every route checks the
// Host header (no DNS rebinding), state-changing ones the Origin (no CSRF), and no CORS header is ever sent. The
// routes live in this plugin's own encapsulated context, so its hooks and error handler touch nothing else.
import type { FastifyInstance } from 'fastify';
import type { KlaxonHandlers } from '../../../src-shared/api.ts';
import type { HostInfo } from '../../../src-shared/schemas/settings.ts';
import type { Engine } from '../../engine/types.ts';
import type { Logger } from '../../log.ts';
import type { BridgeContext } from './context.ts';
import type { BrowserSessions } from './sessions.ts';
import { extraAllowedHosts, hostAllowed } from '../host-check.ts';
import { SECURITY_HEADERS } from './security-headers.ts';
import { replyWithError, sendError } from './errors.ts';
import { builtPages } from './built-pages.ts';
import { registerSessionRoutes } from './session-routes.ts';
import { registerSignInRoutes } from './sign-in-routes.ts';
import { registerInvokeRoute } from './invoke-route.ts';
import { registerEventsRoute } from './events-route.ts';
import { registerWindowRoutes } from './window-routes.ts';

export interface BrowserBridgeOptions {
  handlers: KlaxonHandlers;
  engine: Engine;
  /** Login tokens and sessions (kept in the data dir, so that `klaxon open` and `klaxon sessions` reach them). */
  sessions: BrowserSessions;
  log: Logger;
  /** The built window (dist/renderer); without it `/` only explains how to sign in. */
  rendererDir?: string;
  hostInfo: () => HostInfo;
}

/** Register at the root: `await app.register(browserBridge, { handlers, engine, sessions, log, rendererDir, hostInfo })`. */
export async function browserBridge(app: FastifyInstance, opts: BrowserBridgeOptions): Promise<void> {
  const ctx: BridgeContext = {
    sessions: opts.sessions, engine: opts.engine, handlers: opts.handlers, log: opts.log, hostInfo: opts.hostInfo,
    rendererDir: opts.rendererDir,
  };
  const page = builtPages(opts.rendererDir);

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
  await registerSignInRoutes(app, page);
  registerInvokeRoute(app, ctx);
  registerEventsRoute(app, ctx);
  await registerWindowRoutes(app, ctx, page);
}
