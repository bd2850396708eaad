// The built window at `/` for browsers holding a live session's cookie; everyone else gets a page that says how to
// sign in. The page and its assets hold code, never data (assets are served to anyone): the data needs the tab's
// secret as well, so a replayed cookie gets no further than this.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fastifyStatic from '@fastify/static';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { browserSecretOf, type BridgeContext } from './context.ts';
import { SIGNED_OUT_PAGE } from './pages.ts';
import { NOT_BUILT_PAGE, type BuiltPage } from './built-pages.ts';

export async function registerWindowRoutes(app: FastifyInstance, ctx: BridgeContext, page: (p: BuiltPage) => string | undefined): Promise<void> {
  const serveIndex = async (req: FastifyRequest, reply: FastifyReply) => {
    reply.header('cache-control', 'no-store').type('text/html; charset=utf-8');
    const browser = browserSecretOf(req).secret;
    if (browser === null || !ctx.sessions.browserSignedIn(browser)) return reply.code(401).send(SIGNED_OUT_PAGE);
    const html = page('index.html');
    return html === undefined ? reply.code(503).send(NOT_BUILT_PAGE) : reply.code(200).send(html);
  };
  app.get('/', serveIndex);
  app.get('/index.html', serveIndex);

  const dir = ctx.rendererDir ? path.resolve(ctx.rendererDir) : undefined;
  if (dir && existsSync(path.join(dir, 'assets'))) {
    await app.register(fastifyStatic, {
      root: path.join(dir, 'assets'),
      prefix: '/assets/',
      decorateReply: false,
      index: false,
      list: false,
      dotfiles: 'deny',
      // Vite names assets by content hash: a file at a URL never changes.
      immutable: true,
      maxAge: '365d',
    });
  }
}
