// How PagerDuty-compatible endpoints read a body: as JSON whatever Content-Type says, or none (Netdata's curl sends
// JSON as a form, Zabbix sends no User-Agent, some scripts no Content-Type), the same checks as every JSON body
// (depth first, then Fastify's parser with its prototype-poisoning guard); and the routing key from an
// `X-Routing-Key` header when the body has none.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { tooDeepBody } from '../json-depth.ts';

type Done = (err: Error | null, body?: unknown) => void;

/** Parses every body in `app` as JSON, whatever its Content-Type. */
export function jsonWhateverTheType(app: FastifyInstance): void {
  const json = app.getDefaultJsonParser('error', 'ignore');
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string' }, (request: FastifyRequest, body: string | Buffer, done: Done) => {
    // A byte-order mark is not JSON, but some Windows tools write one.
    const text = String(body).replace(/^\uFEFF/, '');
    const tooDeep = tooDeepBody(text);
    if (tooDeep) return done(tooDeep);
    json(request, text, done);
  });
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** PagerDuty takes the routing key from `X-Routing-Key` when the body carries none: so does every route in `app`. */
export function routingKeyFromHeader(app: FastifyInstance): void {
  app.addHook('preValidation', (request, _reply, done) => {
    const header = request.headers['x-routing-key'];
    const body = request.body;
    if (typeof header === 'string' && header.trim() !== '' && isPlainObject(body)
      && (body.routing_key === undefined || body.routing_key === null || body.routing_key === '')) {
      body.routing_key = header.trim();
    }
    done();
  });
}
