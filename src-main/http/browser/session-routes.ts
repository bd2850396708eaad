// Signing a tab in and out. POST /bridge/session spends a one-time `klaxon open` token (`{"token"}`, from the
// sign-in page, same origin only) or takes an API key with the incidents scopes (Authorization: Bearer). Either way
// the answer sets the browser's HttpOnly, SameSite=Strict cookie and gives the tab its own secret, which the page
// keeps in sessionStorage and sends with every request; the two together are the session. DELETE signs the tab out.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { BRIDGE_PATHS } from '../../../src-shared/api.ts';
import { SESSION_TTL_MS } from '../../../src-shared/schemas/sessions.ts';
import { browserSecretOf, sessionOf, TWO_COOKIES, type BridgeContext } from './context.ts';
import { isSameOrigin, sessionCookie } from './guards.ts';
import { sendError, validationFailed } from './errors.ts';
import { bearerToken, hasScope } from '../auth.ts';
import type { ApiKeyInfo } from '../../../src-shared/schemas/admin.ts';

const COOKIE_MAX_AGE_S = Math.floor(SESSION_TTL_MS / 1000);
const TokenBody = z.object({ token: z.string().min(1).max(200) }).strict();

/** What a successful sign-in answers (with the cookie): the tab's secret, for its `x-klaxon-tab` header. */
export interface SignedInBody { signedIn: true; sessionId: string; tab: string }

export function registerSessionRoutes(app: FastifyInstance, ctx: BridgeContext): void {
  app.post(BRIDGE_PATHS.session, { bodyLimit: 4096 }, async (req, reply) => {
    reply.header('cache-control', 'no-store');
    const browser = browserSecretOf(req);
    if (browser.duplicate) return sendError(reply, 'UNAUTHORIZED', TWO_COOKIES);
    const key = req.headers.authorization !== undefined ? signInKey(ctx, req, reply) : signInToken(ctx, req, reply);
    if (key === 'refused') return reply;
    const opened = ctx.sessions.open(key, browser.secret ?? undefined);
    ctx.log.info(`browser signed in (session ${opened.session.id}, ${opened.session.via})`);
    return reply.code(200).header('set-cookie', sessionCookie(opened.browserSecret, COOKIE_MAX_AGE_S))
      .send({ signedIn: true, sessionId: opened.session.id, tab: opened.tabSecret } satisfies SignedInBody);
  });

  app.delete(BRIDGE_PATHS.session, async (req, reply) => {
    if (!isSameOrigin(req.headers.origin, req.headers.host)) return refuseOrigin(reply);
    const signedIn = sessionOf(ctx.sessions, req);
    if (!signedIn.ok) return sendError(reply, 'UNAUTHORIZED', signedIn.message);
    ctx.sessions.revoke(signedIn.session.id);
    ctx.log.info(`browser signed out (session ${signedIn.session.id})`);
    // The browser's other tabs may still use the cookie; it goes with the last of them.
    const browser = browserSecretOf(req).secret;
    if (browser !== null && !ctx.sessions.browserSignedIn(browser)) reply.header('set-cookie', sessionCookie('', 0));
    return reply.code(204).send();
  });
}

/** An API key with the incidents scopes; an Origin, if the client sends one, must be ours. */
function signInKey(ctx: BridgeContext, req: FastifyRequest, reply: FastifyReply): ApiKeyInfo | 'refused' {
  if (req.headers.origin !== undefined && !isSameOrigin(req.headers.origin, req.headers.host)) return refused(refuseOrigin(reply));
  const secret = bearerToken(req.headers.authorization);
  if (!secret) return refused(sendError(reply, 'UNAUTHORIZED', 'Send an API key: Authorization: Bearer <key>'));
  const found = ctx.engine.authenticate(secret);
  if (!found) return refused(sendError(reply, 'UNAUTHORIZED', 'Unknown or revoked API key'));
  if (!hasScope(found.key, 'incidents:read') || !hasScope(found.key, 'incidents:write')) {
    return refused(sendError(reply, 'FORBIDDEN', 'Signing in needs a key with incidents:read and incidents:write'));
  }
  return found.key;
}

/** A `klaxon open` token, spent once; only the sign-in page (this origin) sends it. Null: this machine's user. */
function signInToken(ctx: BridgeContext, req: FastifyRequest, reply: FastifyReply): null | 'refused' {
  if (!isSameOrigin(req.headers.origin, req.headers.host)) return refused(refuseOrigin(reply));
  const body = TokenBody.safeParse(req.body ?? {});
  if (!body.success) return refused(validationFailed(reply, body.error, ''));
  if (!ctx.sessions.store.consumeLoginToken(body.data.token, ctx.engine.clock.now())) {
    return refused(sendError(reply, 'UNAUTHORIZED', 'This sign-in link was already used or has expired (links last two minutes): run klaxon open again', { field: 'token' }));
  }
  return null;
}

const refused = (_reply: FastifyReply): 'refused' => 'refused';

export const refuseOrigin = (reply: FastifyReply) => sendError(reply, 'FORBIDDEN', 'Cross-origin request refused');
