// One endpoint carries every KlaxonApi method, validated with the same schemas the Electron IPC handler uses.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { API_METHODS, BRIDGE_PATHS, isApiMethod, type ApiMethod, type Caller, type KlaxonHandlers } from '../../../src-shared/api.ts';
import { sessionOf, type BridgeContext } from './context.ts';
import { isSameOrigin } from './guards.ts';
import { replyWithError, sendError, validationFailed } from './errors.ts';
import { refuseOrigin } from './session-routes.ts';
import { METHOD_SCOPES } from './method-scopes.ts';
import { sessionActor } from './sessions.ts';
import { hasScope } from '../auth.ts';
import { isLoopbackPeer } from '../routes/local-actions.ts';

const InvokeBody = z.object({ method: z.string(), input: z.unknown().optional() }).strict();

export function registerInvokeRoute(app: FastifyInstance, ctx: BridgeContext): void {
  app.post(BRIDGE_PATHS.invoke, { bodyLimit: 1024 * 1024 }, async (req, reply) => {
    if (!isSameOrigin(req.headers.origin, req.headers.host)) return refuseOrigin(reply);
    const signedIn = sessionOf(ctx.sessions, req);
    if (!signedIn.ok) return sendError(reply, 'UNAUTHORIZED', signedIn.message);
    const { session } = signedIn;
    const body = InvokeBody.safeParse(req.body);
    if (!body.success) return validationFailed(reply, body.error, '');
    const { method, input } = body.data;
    if (!isApiMethod(method)) return sendError(reply, 'NOT_FOUND', `Unknown method ${method}`, { field: 'method' });
    const scope = METHOD_SCOPES[method];
    if (session.key && !hasScope(session.key, scope)) {
      return sendError(reply, 'FORBIDDEN', `${method} needs an API key with the ${scope} scope; this session was opened with one that lacks it`);
    }
    const parsed = API_METHODS[method].input.safeParse(input);
    if (!parsed.success) return validationFailed(reply, parsed.error, 'input');
    // A session opened with an API key acts as that key, not as this machine's user.
    const caller: Caller = {
      actor: sessionActor(session), sessionId: session.id, remote: !isLoopbackPeer(req.socket.remoteAddress),
      admin: session.key === null || hasScope(session.key, 'admin'),
    };
    try {
      const result = await call(ctx.handlers, method, parsed.data, caller);
      return reply.code(200).header('cache-control', 'no-store').send(result);
    } catch (err) {
      return replyWithError(reply, err, ctx.log);
    }
  });
}

// The method name and its parsed input come from the same table entry; TypeScript cannot correlate them here.
const call = (handlers: KlaxonHandlers, method: ApiMethod, input: unknown, caller: Caller): Promise<unknown> =>
  (handlers[method] as (i: unknown, c?: Caller) => Promise<unknown>)(input, caller);
