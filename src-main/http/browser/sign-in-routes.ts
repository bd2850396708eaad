// The page a sign-in lands on (`/sign-in`, built from src-renderer/sign-in.html). A login token travels in no URL
// that a server, a log or the browser's history keeps: `klaxon open` opens a local file that POSTs it here as a form,
// and the answer hands it to the page's script in a meta tag; a printed link carries it in the URL's fragment, which
// browsers never send, and the script removes it from the address bar. The script then exchanges the token at POST
// /bridge/session from this origin, so the browser's SameSite=Strict cookie goes with it (its other tabs stay
// signed in), and keeps the tab's secret it gets back in sessionStorage.
import type { FastifyInstance, FastifyReply } from 'fastify';
import { BRIDGE_PATHS, LOGIN_TOKEN_META } from '../../../src-shared/api.ts';
import { messagePage } from './pages.ts';
import { NOT_BUILT_PAGE, type BuiltPage } from './built-pages.ts';

/** Login tokens are base64url (see auth-store.ts); anything else is not echoed into the page. */
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{16,200}$/;
const BAD_FORM_PAGE = messagePage('Sign-in link not valid', 'This sign-in request carries no valid token. Run klaxon open again.');

export async function registerSignInRoutes(app: FastifyInstance, page: (p: BuiltPage) => string | undefined): Promise<void> {
  const send = (reply: FastifyReply, status: number, html: string) =>
    reply.code(status).header('cache-control', 'no-store').type('text/html; charset=utf-8').send(html);

  app.get(BRIDGE_PATHS.signIn, async (_req, reply) => {
    const html = page('sign-in.html');
    return html === undefined ? send(reply, 503, NOT_BUILT_PAGE) : send(reply, 200, html);
  });

  // Form bodies are understood on this one route only: everywhere else on the bridge they stay a 415, so that a
  // cross-site form can never reach a handler that acts.
  await app.register(async (form) => {
    form.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => {
      done(null, new URLSearchParams(body as string));
    });
    form.post(BRIDGE_PATHS.signIn, { bodyLimit: 4096 }, async (req, reply) => {
      const token = req.body instanceof URLSearchParams ? req.body.get('token') : null;
      if (token === null || !TOKEN_SHAPE.test(token)) return send(reply, 400, BAD_FORM_PAGE);
      const html = page('sign-in.html');
      if (html === undefined) return send(reply, 503, NOT_BUILT_PAGE);
      // Not spent here: this request comes from a local file (Origin: null) without the browser's cookie.
      return send(reply, 200, html.replace('<head>', `<head>\n    <meta name="${LOGIN_TOKEN_META}" content="${token}">`));
    });
  });
}
