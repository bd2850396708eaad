// The public subscriber endpoints of a status page (issue 10 §2), no sign-in: subscribe (an HTML form or JSON
// `{email}`), confirm (the link in the confirmation mail), unsubscribe (the link and RFC 8058's one-click POST). A
// subscribe request is answered the same whether the address was known or not, so the endpoint tells no one who is
// subscribed; it is limited per client and per address (subscribe-limiter.ts). A person gets small HTML pages; a
// JSON client gets JSON, errors in the API's shape.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { SubscribeBody } from '../../src-shared/schemas/subscribers.ts';
import { escapeHtml } from '../../src-shared/domain/subscribers/mail.ts';
import { KlaxonError } from '../../src-shared/schemas/errors.ts';
import type { Engine } from '../engine/types.ts';
import type { Logger } from '../log.ts';
import { emailHash, sha256 } from '../engine/commands/subscriber-commands.ts';
import { subscriberByConfirmHash } from '../store/subscriber-rows.ts';
import type { NoticePage, StatusPageDirectory } from '../status/subscriber-seams.ts';
import type { SubscriberRunner } from '../status/subscriber-runner.ts';
import type { SubscribeLimiter } from '../status/subscribe-limiter.ts';
import { verifyUnsubscribeToken } from '../status/unsubscribe-token.ts';
import { RateLimitedError } from './problem.ts';

export interface SubscriberPagesDeps {
  engine: Engine;
  pages: StatusPageDirectory;
  runner: Pick<SubscriberRunner, 'subscribe'>;
  limiter: SubscribeLimiter;
  log: Logger;
}

const Slug = z.object({ slug: z.string().min(1).max(200) });
const SlugToken = z.object({ slug: z.string().min(1).max(200), token: z.string().min(1).max(400) });

/** A small page: a heading, a sentence (already escaped where it needs it), the way back to the status page. */
function html(reply: FastifyReply, status: number, title: string, body: string, page: NoticePage | null): FastifyReply {
  const back = page ? `<p><a href="${escapeHtml(page.publicUrl)}">Back to ${escapeHtml(page.name)}</a></p>` : '';
  return reply.code(status).type('text/html; charset=utf-8').header('cache-control', 'no-store')
    .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'")
    .send(`<!doctype html><html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">`
      + `<title>${escapeHtml(title)}</title></head><body style="font-family:sans-serif;max-width:40em;margin:2em auto">`
      + `<h1>${escapeHtml(title)}</h1>${body}${back}</body></html>`);
}

/** A person's browser posts a form; a program posts JSON and reads JSON. */
const wantsJson = (request: FastifyRequest) => (request.headers['content-type'] ?? '').startsWith('application/json');

function params<T extends z.ZodType>(schema: T, request: FastifyRequest): z.output<T> {
  const p = schema.safeParse(request.params);
  if (!p.success) throw new KlaxonError('VALIDATION_FAILED', 'Invalid path');
  return p.data;
}

export function statusSubscriberPages(deps: SubscriberPagesDeps) {
  const { engine, pages, runner, limiter, log } = deps;
  const subscribed = (reply: FastifyReply, page: NoticePage) => html(reply, 200, 'You are subscribed',
    `<p>You will get an email when an incident on ${escapeHtml(page.name)} is posted or updated. Every mail has a link to unsubscribe.</p>`, page);
  const noPage = (reply: FastifyReply) => html(reply, 404, 'No such status page', '<p>There is no published status page here.</p>', null);
  const badLink = (reply: FastifyReply, page: NoticePage) =>
    html(reply, 404, 'This link no longer works', '<p>It is unknown, or the subscription it was for has ended.</p>', page);

  /** The subscriber a valid unsubscribe link of this page names, or null. */
  const unsubscribeTarget = (page: NoticePage, token: string) => {
    const id = verifyUnsubscribeToken(token, (deviceId) =>
      deviceId === engine.deviceId ? engine.publicKey : engine.roster().devices.get(deviceId)?.publicKey ?? null);
    const s = id ? engine.subscriberState(id) : null;
    return s && s.pageId === page.id ? s : null;
  };

  return async (app: FastifyInstance): Promise<void> => {
    app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 4096 }, (_request, body, done) => {
      done(null, Object.fromEntries(new URLSearchParams(String(body))));
    });
    // RFC 8058's one-click POST may come as multipart/form-data: its body says nothing the URL does not.
    app.addContentTypeParser('*', { parseAs: 'string', bodyLimit: 4096 }, (_request, _body, done) => done(null, undefined));

    app.post('/status/:slug/subscribe', { bodyLimit: 4096 }, async (request, reply) => {
      const page = pages.bySlug(params(Slug, request).slug);
      const json = wantsJson(request);
      if (!page) {
        if (json) throw new KlaxonError('NOT_FOUND', 'No such status page');
        return noPage(reply);
      }
      const wait = limiter.client(request.ip);
      if (wait !== null) {
        if (json) throw new RateLimitedError(`Too many subscription requests from this address; retry after ${wait} s`, wait);
        return html(reply.header('retry-after', String(wait)), 429, 'Too many requests', `<p>Try again in ${wait} seconds.</p>`, page);
      }
      const body = SubscribeBody.safeParse(request.body ?? {});
      if (!body.success) {
        if (json) throw new KlaxonError('VALIDATION_FAILED', 'email: must be an email address', 'email');
        return html(reply, 400, 'That is not an email address', '<p>Go back and check the address.</p>', page);
      }
      // Over the address's own limit nothing is sent, and nothing in the answer says so. The answer does not wait for
      // the subscription to be written: a new address costs a commit and a known one none, and a client timing the
      // answers must not tell them apart. 202: accepted, to be done.
      if (limiter.email(emailHash(body.data.email))) {
        runner.subscribe(page, body.data.email).catch((e: unknown) => log.error(`status page ${page.slug}: a subscription failed: ${String(e)}`));
      }
      const said = 'If the address can receive mail, a confirmation link is on its way. Nothing is sent until it is followed.';
      if (json) return reply.code(202).header('cache-control', 'no-store').send({ ok: true, message: said });
      return html(reply, 202, 'Check your inbox', `<p>${said}</p>`, page);
    });

    // Mail link scanners (Safe Links and the like) open every link in a mail: were the GET to confirm, anyone could
    // subscribe someone else's address and a scanner would confirm it. The GET only asks; the POST (a click) confirms.
    app.get('/status/:slug/confirm/:token', async (request, reply) => {
      const { slug, token } = params(SlugToken, request);
      const page = pages.bySlug(slug);
      if (!page) return noPage(reply);
      const s = subscriberByConfirmHash(engine.store, sha256(token));
      if (!s || s.pageId !== page.id || s.state === 'unsubscribed') return badLink(reply, page);
      if (s.state === 'confirmed') return subscribed(reply, page);
      return html(reply, 200, `Subscribe to ${page.name}?`,
        '<p>Confirm that you want an email when an incident on this page is posted or updated.</p>' +
        '<form method="post"><button type="submit">Confirm</button></form>', page);
    });

    app.post('/status/:slug/confirm/:token', { bodyLimit: 4096 }, async (request, reply) => {
      const { slug, token } = params(SlugToken, request);
      const page = pages.bySlug(slug);
      if (!page) return noPage(reply);
      try {
        await engine.confirmSubscriber(page.id, token, 'system');
      } catch (e) {
        if (e instanceof KlaxonError && e.code === 'NOT_FOUND') return badLink(reply, page);
        throw e;
      }
      return subscribed(reply, page);
    });

    // A link in a mail is opened by scanners and previews too: the GET only asks, the POST (a click, or a mail
    // client's one-click request per RFC 8058) unsubscribes.
    app.get('/status/:slug/unsubscribe/:token', async (request, reply) => {
      const { slug, token } = params(SlugToken, request);
      const page = pages.bySlug(slug);
      if (!page) return noPage(reply);
      const s = unsubscribeTarget(page, token);
      if (!s) return badLink(reply, page);
      if (s.state === 'unsubscribed') return html(reply, 200, 'You are unsubscribed', '<p>No more mail will be sent to you.</p>', page);
      return html(reply, 200, `Unsubscribe from ${page.name}?`,
        `<form method="post"><input type="hidden" name="List-Unsubscribe" value="One-Click"><button type="submit">Unsubscribe</button></form>`, page);
    });

    app.post('/status/:slug/unsubscribe/:token', { bodyLimit: 4096 }, async (request, reply) => {
      const { slug, token } = params(SlugToken, request);
      const page = pages.bySlug(slug);
      if (!page) return noPage(reply);
      const s = unsubscribeTarget(page, token);
      if (!s) return badLink(reply, page);
      await engine.unsubscribe(s.id, 'unsubscribed', 'system');
      return html(reply, 200, 'You are unsubscribed', '<p>No more mail will be sent to you.</p>', page);
    });
  };
}
