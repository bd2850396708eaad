// Signing in: the one-time link that `klaxon open` prints (GET with ?token=), or an API key with the incidents
// scopes (POST with Authorization: Bearer). Either way the browser gets an HttpOnly, SameSite=Strict cookie.
import type { FastifyInstance, FastifyReply } from 'fastify';
import { BRIDGE_PATHS } from '../../../src-shared/api.ts';
import { SESSION_TTL_MS } from './auth-store.ts';
import type { BridgeContext } from './context.ts';
import { isSameOrigin, readCookie, SESSION_COOKIE, sessionCookie } from './guards.ts';
import { sendError } from './errors.ts';
import { hasScope } from '../auth.ts';
import { messagePage } from './pages.ts';

const COOKIE_MAX_AGE_S = Math.floor(SESSION_TTL_MS / 1000);

export function registerSessionRoutes(app: FastifyInstance, ctx: BridgeContext): void {
  app.get<{ Querystring: { token?: string } }>(BRIDGE_PATHS.session, async (req, reply) => {
    const token = typeof req.query.token === 'string' ? req.query.token : '';
    reply.header('cache-control', 'no-store');
    if (!ctx.auth.consumeLoginToken(token, Date.now())) {
      return reply.code(401).type('text/html; charset=utf-8').send(messagePage(
        'Sign-in link not valid',
        'This sign-in link was already used or has expired (links last two minutes). Run klaxon open again.',
      ));
    }
    const session = ctx.auth.createSession('login', Date.now());
    ctx.log.info('browser signed in with a klaxon open link');
    return reply.code(303).header('set-cookie', sessionCookie(session, COOKIE_MAX_AGE_S)).header('location', '/').send();
  });

  app.post(BRIDGE_PATHS.session, async (req, reply) => {
    // An API key in a header cannot be forged cross-site, but a browser that sends an Origin must send ours.
    if (req.headers.origin !== undefined && !isSameOrigin(req.headers.origin, req.headers.host)) return refuseOrigin(reply);
    const auth = req.headers.authorization ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(auth);
    if (!match) return sendError(reply, 'UNAUTHORIZED', 'Send an API key: Authorization: Bearer <key>');
    const found = ctx.engine.authenticate(match[1]!);
    if (!found) return sendError(reply, 'UNAUTHORIZED', 'Unknown or revoked API key');
    if (!hasScope(found.key, 'incidents:read') || !hasScope(found.key, 'incidents:write')) return sendError(reply, 'FORBIDDEN', 'Signing in needs a key with incidents:read and incidents:write');
    const session = ctx.auth.createSession(`key:${found.key.id}`, Date.now());
    return reply.code(200).header('set-cookie', sessionCookie(session, COOKIE_MAX_AGE_S)).send({ signedIn: true });
  });

  app.delete(BRIDGE_PATHS.session, async (req, reply) => {
    if (!isSameOrigin(req.headers.origin, req.headers.host)) return refuseOrigin(reply);
    const id = readCookie(req.headers.cookie, SESSION_COOKIE);
    if (id) ctx.auth.deleteSession(id);
    return reply.code(204).header('set-cookie', sessionCookie('', 0)).send();
  });
}

export const refuseOrigin = (reply: FastifyReply) => sendError(reply, 'FORBIDDEN', 'Cross-origin request refused');
