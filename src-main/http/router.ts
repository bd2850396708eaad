// Every API route is declared once, as data: method, path, who may call it, its zod schemas and its answers. The
// router registers it with Fastify (auth before the body is read, validation, success status) and keeps the spec,
// so the OpenAPI document is generated from exactly the routes that exist and the schemas that validate them.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { Scope } from '../../src-shared/schemas/common.ts';
import type { ApiKeyInfo } from '../../src-shared/schemas/admin.ts';
import { LIMITS, type EventCommand, type EventOutcome, type EventResult } from '../../src-shared/schemas/events.ts';
import { ErrorBody } from '../../src-shared/schemas/errors.ts';
import type { Engine } from '../engine/types.ts';
import { requireKey, keyActor } from './auth.ts';
import { parseRequest, type Out } from './validate.ts';
import type { IntakeLimiter } from './intake-limiter.ts';

/**
 * A scope (Bearer key), the routing key in the body (PagerDuty's way), a feed token in the URL that the handler checks
 * (calendar apps cannot send headers), or open to anyone.
 */
export type Access = Scope | 'routing-key' | 'feed-token' | 'public';

/** Whether a route needs no API key (it checks what it needs itself, if anything). */
export const withoutKey = (access: Access): boolean => access === 'routing-key' || access === 'feed-token' || access === 'public';

export interface ResponseDoc { description: string; schema?: z.ZodType }

/** A refusal answer in the seeds' error shape, for a route's `responses`. */
export const errorResponse = (description: string): ResponseDoc => ({ description, schema: ErrorBody });

type Schema = z.ZodType | undefined;

export interface RouteInput<P extends Schema, Q extends Schema, B extends Schema> {
  params: Out<P>;
  query: Out<Q>;
  body: Out<B>;
  /** The API key that authenticated the request (null on routing-key and public routes). */
  key: ApiKeyInfo | null;
  /** `key:<id>` for key-authenticated requests, otherwise `system`. */
  actor: string;
  request: FastifyRequest;
  reply: FastifyReply;
  /** An event route's way to the engine: ingests the event and notes its outcome for GET /metrics. */
  ingest(cmd: EventCommand): Promise<EventResult>;
}

export interface RouteSpec<P extends Schema = Schema, Q extends Schema = Schema, B extends Schema = Schema> {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  /** Fastify syntax: `/api/incidents/:id`. */
  url: string;
  summary: string;
  tag: string;
  access: Access;
  params?: P;
  query?: Q;
  body?: B;
  /** Status of a successful answer (default 200). */
  status?: number;
  responses: Record<number, ResponseDoc>;
  bodyLimit?: number;
  /**
   * The body is an event naming its service by `routing_key` (or `service_id`): it takes a token from that service's
   * bucket before the handler runs, and is refused with 429 when the bucket is empty.
   */
  intake?: boolean;
  /** While this says so (a setting), the route needs no API key though its access names a scope. */
  openWhen?: () => boolean;
  /** Left out of the OpenAPI document (test hooks). */
  hidden?: boolean;
  handler(input: RouteInput<P, Q, B>): unknown;
}

export interface Router {
  route<P extends Schema = undefined, Q extends Schema = undefined, B extends Schema = undefined>(spec: RouteSpec<P, Q, B>): void;
}

const authenticated = new WeakMap<FastifyRequest, ApiKeyInfo>();

declare module 'fastify' {
  interface FastifyRequest {
    /** What the engine made of this request's event, for the event routes' observer (router.ts). */
    klaxonEventOutcome: EventOutcome | null;
  }
}

/**
 * Told of every answered request to an event route (`intake`), whatever its status: the route, the status, what
 * the engine made of the event (when it got that far) and the milliseconds from the request's arrival to the answer.
 */
export type EventObserver = (endpoint: string, status: number, outcome: EventOutcome | undefined, elapsedMs: number) => void;

/** The service an event names, as the engine will resolve it: by routing key if it has one, else by service id. */
function serviceOfEvent(engine: Engine, body: unknown) {
  const { routing_key, service_id } = body as { routing_key?: string; service_id?: string };
  if (routing_key) return engine.serviceByRoutingKey(routing_key);
  return service_id ? engine.getService(service_id) : null;
}

/**
 * Registers routes on `app` (one Fastify context) and records their specs in `registry`. Every request with an API
 * key, and every event, passes `limiter` first; every answer to an event is told to `observeEvent`.
 */
export function createRouter(app: FastifyInstance, engine: Engine, registry: RouteSpec[], limiter: IntakeLimiter, observeEvent?: EventObserver): Router {
  // A request decoration rather than a WeakMap: under load the WeakMap and an extra async frame cost 0.5–1% of
  // the receiver's CPU (npm run bench -- --only ingest --profile); a field on every request costs next to nothing.
  if (!app.hasRequestDecorator('klaxonEventOutcome')) app.decorateRequest('klaxonEventOutcome', null);
  const plainIngest = (cmd: EventCommand) => engine.ingestEvent(cmd);
  const noting = (request: FastifyRequest) => (cmd: EventCommand): Promise<EventResult> =>
    engine.ingestEvent(cmd).then((result) => {
      request.klaxonEventOutcome = result.outcome;
      return result;
    });
  return {
    route(spec) {
      registry.push(spec as unknown as RouteSpec);
      const scope = withoutKey(spec.access) ? null : spec.access as Scope;
      const open = spec.openWhen;
      const observer = spec.intake ? observeEvent : undefined;
      app.route({
        method: spec.method,
        url: spec.url,
        bodyLimit: spec.bodyLimit ?? LIMITS.bodyBytes,
        // Authenticate in onRequest, before the body is read: an unauthenticated sender learns nothing about its body
        // and cannot make us buffer half a megabyte.
        onRequest: scope
          ? async (request) => {
            if (open?.()) return;
            const key = requireKey(request, engine, scope);
            limiter.admitKey(key.id);
            authenticated.set(request, key);
          }
          : undefined,
        handler: async (request, reply) => {
          const { params, query, body } = parseRequest(spec, { params: request.params, query: request.query, body: request.body });
          if (spec.intake) limiter.admitEvent(serviceOfEvent(engine, body));
          const key = authenticated.get(request) ?? null;
          const result = await spec.handler({ params, query, body, key, actor: key ? keyActor(key) : 'system', request, reply, ingest: observer ? noting(request) : plainIngest });
          reply.code(spec.status ?? 200);
          return result;
        },
        // Runs for every answer of the route, refusals in earlier hooks (401, 413, 429) included.
        onResponse: observer
          ? (request, reply, done) => {
            observer(spec.url, reply.statusCode, request.klaxonEventOutcome ?? undefined, reply.elapsedTime);
            done();
          }
          : undefined,
      });
    },
  };
}
