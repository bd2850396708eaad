// The built window at `/` for signed-in browsers; everyone else gets a page that says how to sign in. Assets are
// served to anyone: they hold code, never data.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fastifyStatic from '@fastify/static';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { BridgeContext } from './context.ts';
import { messagePage, SIGNED_OUT_PAGE } from './pages.ts';

const NOT_BUILT_PAGE = messagePage('Window not built', 'This Klaxon was started without a built window. Run npm run build:renderer, then restart klaxon serve.');

export async function registerWindowRoutes(app: FastifyInstance, ctx: BridgeContext): Promise<void> {
  const dir = ctx.rendererDir ? path.resolve(ctx.rendererDir) : undefined;
  let indexHtml: string | undefined;
  const readIndex = () => {
    // Read once: the built index only changes with a rebuild, which means a restart.
    if (indexHtml === undefined && dir) {
      try { indexHtml = readFileSync(path.join(dir, 'index.html'), 'utf8'); } catch { /* not built */ }
    }
    return indexHtml;
  };

  const serveIndex = async (req: FastifyRequest, reply: FastifyReply) => {
    reply.header('cache-control', 'no-store').type('text/html; charset=utf-8');
    if (!ctx.sessionOf(req)) return reply.code(401).send(SIGNED_OUT_PAGE);
    const html = readIndex();
    return html === undefined ? reply.code(503).send(NOT_BUILT_PAGE) : reply.code(200).send(html);
  };
  app.get('/', serveIndex);
  app.get('/index.html', serveIndex);

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
