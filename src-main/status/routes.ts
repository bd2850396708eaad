// GET /status/:slug and its feeds, summary and badges: public (no key, no session), cacheable (ETag from the view's
// content, Cache-Control: public, max-age=30, 304 on If-None-Match; gzip when asked), rendered only from the public view that the
// StatusSource answers. Registered on the receiver's listener, and alone on the status listener when there is one.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { PublicStatusPage } from '../../src-shared/schemas/public-status.ts';
import { VIEW_STEP_MS } from '../../src-shared/domain/status/public-view.ts';
import type { Clock } from '../clock.ts';
import type { StatusSource } from './source.ts';
import { gzipSync } from 'node:zlib';
import { acceptsGzip, etagOf, matches, RenderCache, viewDigest } from './cache.ts';
import { renderNotFound, renderPage } from './render/page.ts';
import { STYLE_HASH } from './render/style.ts';
import { FEED_CONTENT_TYPES, renderFeed, type FeedFormat } from './feeds.ts';
import { summaryOf } from './summary.ts';
import { MAX_LABEL, stateBadge, uptimeBadge } from './badges.ts';

export interface StatusRoutesDeps { source: StatusSource; clock: Clock }

/** Visitors and proxies keep a page for as long as its view stays the same (one step). */
export const STATUS_MAX_AGE_SECONDS = VIEW_STEP_MS / 1000;

const PAGE_HEADERS = {
  'content-security-policy': `default-src 'none'; style-src ${STYLE_HASH}; img-src data:; base-uri 'none'; form-action 'self'`,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};
/** Feeds, summary and badges are for other sites and tools to read and embed. */
const SHARED_HEADERS = {
  'x-content-type-options': 'nosniff',
  'access-control-allow-origin': '*',
  'cross-origin-resource-policy': 'cross-origin',
};
const SVG_HEADERS = { ...SHARED_HEADERS, 'content-security-policy': "default-src 'none'" };

const SLUG_MAX = 200;
const HOST_SHAPE = /^[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/;

/**
 * Where this page is, as its visitor reached it (feeds and the summary carry absolute links). A reverse proxy in
 * front says https with X-Forwarded-Proto; a Host header that is not a host name falls back to the listener's.
 */
function pageUrl(request: FastifyRequest, slug: string): string {
  const forwarded = request.headers['x-forwarded-proto'];
  const proto = forwarded === 'https' || forwarded === 'http' ? forwarded : 'http';
  const hostHeader = request.headers.host ?? '';
  const local = request.socket.localAddress ?? '127.0.0.1';
  const host = hostHeader.length <= 260 && HOST_SHAPE.test(hostHeader) ? hostHeader : `${local.includes(':') ? `[${local}]` : local}:${request.socket.localPort ?? 80}`;
  return `${proto}://${host}/status/${encodeURIComponent(slug)}`;
}

interface Answer { type: string; headers: Record<string, string>; body: () => string }

export function registerStatusRoutes(app: FastifyInstance, deps: StatusRoutesDeps): void {
  const cache = new RenderCache();

  const view = (slug: string): PublicStatusPage | null => (slug.length > SLUG_MAX ? null : deps.source.page(slug, deps.clock.now()));

  /** Sends one rendering of a view, or a 304 when the client has it already. `what` names everything the body depends on. */
  const send = (request: FastifyRequest, reply: FastifyReply, page: PublicStatusPage, what: string, answer: Answer) => {
    const plain = etagOf(viewDigest(page), what);
    // Each encoding is its own representation with its own strong ETag (`"…-gz"`), as RFC 9110 asks.
    const gzip = acceptsGzip(request.headers['accept-encoding']);
    const etag = gzip ? `${plain.slice(0, -1)}-gz"` : plain;
    void reply.headers(answer.headers).header('etag', etag).header('vary', answer.headers.vary ? `${answer.headers.vary}, accept-encoding` : 'accept-encoding')
      .header('cache-control', `public, max-age=${STATUS_MAX_AGE_SECONDS}`);
    if (matches(request.headers['if-none-match'], etag)) return reply.code(304).send();
    void reply.type(answer.type);
    if (!gzip) return reply.send(cache.get(plain, answer.body));
    return reply.header('content-encoding', 'gzip').send(cache.get(etag, () => gzipSync(cache.get(plain, answer.body))));
  };

  const notFound = (reply: FastifyReply, what: string) => reply.code(404).header('cache-control', 'no-store').header('access-control-allow-origin', '*')
    .send({ error: { code: 'NOT_FOUND', message: what } });

  type Slug = { Params: { slug: string } };
  type Component = { Params: { slug: string; componentId: string }; Querystring: { label?: string } };

  const page = (request: FastifyRequest<Slug>, reply: FastifyReply) => {
    const found = view(request.params.slug);
    if (!found) return reply.code(404).type('text/html; charset=utf-8').headers(PAGE_HEADERS).header('cache-control', 'no-store').send(renderNotFound());
    return send(request, reply, found, 'page', { type: 'text/html; charset=utf-8', headers: PAGE_HEADERS, body: () => renderPage(found) });
  };
  app.get<Slug>('/status/:slug', page);
  app.get<Slug>('/status/:slug/', page);

  for (const format of ['rss', 'atom', 'json'] as const satisfies FeedFormat[]) {
    app.get<Slug>(`/status/:slug/feed.${format}`, (request, reply) => {
      const found = view(request.params.slug);
      if (!found) return notFound(reply, 'No such status page');
      const url = pageUrl(request, found.slug);
      return send(request, reply, found, `feed.${format}\0${url}`, {
        type: FEED_CONTENT_TYPES[format], headers: { ...SHARED_HEADERS, vary: 'x-forwarded-proto' }, body: () => renderFeed(found, url, format),
      });
    });
  }

  app.get<Slug>('/status/:slug/summary.json', (request, reply) => {
    const found = view(request.params.slug);
    if (!found) return notFound(reply, 'No such status page');
    const url = pageUrl(request, found.slug);
    return send(request, reply, found, `summary\0${url}`, {
      type: 'application/json; charset=utf-8', headers: { ...SHARED_HEADERS, vary: 'x-forwarded-proto' }, body: () => JSON.stringify(summaryOf(found, url)),
    });
  });

  const label = (request: FastifyRequest<{ Querystring: { label?: string } }>): string | undefined => {
    const l = request.query.label;
    return typeof l === 'string' && l.trim() !== '' ? l.slice(0, MAX_LABEL) : undefined;
  };

  app.get<Slug & { Querystring: { label?: string } }>('/status/:slug/badge.svg', (request, reply) => {
    const found = view(request.params.slug);
    if (!found) return notFound(reply, 'No such status page');
    const l = label(request);
    return send(request, reply, found, `badge\0${l ?? ''}`, { type: 'image/svg+xml', headers: SVG_HEADERS, body: () => stateBadge(found.overall, l) });
  });

  for (const kind of ['badge', 'uptime'] as const) {
    app.get<Component>(`/status/:slug/components/:componentId/${kind}.svg`, (request, reply) => {
      const found = view(request.params.slug);
      const component = found?.groups.flatMap((g) => g.components).find((c) => c.id === request.params.componentId);
      if (!found || !component) return notFound(reply, 'No such status page or component');
      const l = label(request);
      return send(request, reply, found, `${kind}\0${component.id}\0${l ?? ''}`, {
        type: 'image/svg+xml', headers: SVG_HEADERS,
        body: () => (kind === 'badge' ? stateBadge(component.state, l) : uptimeBadge(component.uptime90, l)),
      });
    });
  }
}

/** The routes as a Fastify plugin of their own (their headers and hooks stay inside it). */
export const statusPlugin = (deps: StatusRoutesDeps) => async (app: FastifyInstance): Promise<void> => registerStatusRoutes(app, deps);
