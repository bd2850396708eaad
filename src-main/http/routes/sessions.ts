// The headless host's browser sessions, for an admin: list them, revoke one (its open window is signed out at once).
import { z } from 'zod';
import { BrowserSession } from '../../../src-shared/schemas/sessions.ts';
import type { BrowserSessions } from '../browser/sessions.ts';
import { errorResponse, type Router } from '../router.ts';

const IdParam = z.object({ id: z.string().min(1) });

export function sessionRoutes(router: Router, sessions: BrowserSessions): void {
  router.route({
    method: 'GET', url: '/api/sessions', tag: 'Admin', access: 'admin',
    summary: 'List the browser sessions signed in to this host (never their secrets)',
    responses: { 200: { description: 'Every live session', schema: z.object({ sessions: z.array(BrowserSession) }) } },
    handler: () => ({ sessions: sessions.list() }),
  });

  router.route({
    method: 'DELETE', url: '/api/sessions/:id', tag: 'Admin', access: 'admin',
    summary: 'Revoke a browser session: its requests are refused and its change stream closes',
    params: IdParam,
    responses: { 200: { description: 'The revoked session', schema: BrowserSession }, 404: errorResponse('No such live session') },
    handler: ({ params }) => sessions.revoke(params.id),
  });
}
