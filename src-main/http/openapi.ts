// The OpenAPI 3.1 document, generated from the route specs and the same zod schemas that validate requests, so
// the document cannot drift from what the server accepts.
import { z } from 'zod';
import { withoutKey, type RouteSpec, type ResponseDoc } from './router.ts';
import { ErrorBody } from '../../src-shared/schemas/errors.ts';
import { SCOPES } from '../../src-shared/schemas/common.ts';

type JsonSchema = Record<string, unknown>;

function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  // Transforms (case-insensitive enums) are documented by the values they accept.
  const { $schema: _drop, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as JsonSchema;
  return rest;
}

/** `/api/incidents/:id` → `/api/incidents/{id}` */
const openApiPath = (url: string): string => url.replace(/:([A-Za-z0-9_]+)/g, '{$1}');

function parameters(spec: RouteSpec): unknown[] {
  const out: unknown[] = [];
  for (const [where, schema] of [['path', spec.params], ['query', spec.query]] as const) {
    if (!schema) continue;
    const js = jsonSchema(schema, 'input');
    const props = (js.properties ?? {}) as Record<string, JsonSchema>;
    const required = new Set((js.required ?? []) as string[]);
    for (const [name, s] of Object.entries(props)) {
      out.push({ name, in: where, required: where === 'path' || (required.has(name) && s.default === undefined), schema: s });
    }
  }
  return out;
}

function security(spec: RouteSpec): unknown[] {
  if (spec.access === 'feed-token') return [{ feedToken: [] }];
  if (withoutKey(spec.access)) return [];
  // A route a setting may open (GET /metrics): the key, or nothing.
  return spec.openWhen ? [{ bearerKey: [spec.access] }, {}] : [{ bearerKey: [spec.access] }];
}

/** Every request with an API key counts against that key's intake limit (intake-limiter.ts). */
const KEY_LIMITED: ResponseDoc = { description: 'Over the API key\'s intake limit; retry after Retry-After seconds', schema: ErrorBody };

function responsesOf(spec: RouteSpec): Record<number, ResponseDoc> {
  if (withoutKey(spec.access) || spec.responses[429]) return spec.responses;
  return { ...spec.responses, 429: KEY_LIMITED };
}

export function buildOpenApi(routes: readonly RouteSpec[], version: string): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const spec of routes) {
    if (spec.hidden) continue;
    const op: Record<string, unknown> = {
      summary: spec.summary,
      tags: [spec.tag],
      operationId: `${spec.method.toLowerCase()}${openApiPath(spec.url).replace(/[^A-Za-z0-9]+(.)?/g, (_m, c: string | undefined) => (c ? c.toUpperCase() : ''))}`,
      security: security(spec),
      'x-klaxon-access': spec.access,
      parameters: parameters(spec),
      responses: Object.fromEntries(Object.entries(responsesOf(spec)).map(([status, r]) => [
        status,
        { description: r.description, ...(r.schema ? { content: { 'application/json': { schema: jsonSchema(r.schema, 'output') } } } : {}) },
      ])),
    };
    if (spec.body) op.requestBody = { required: true, content: { 'application/json': { schema: jsonSchema(spec.body, 'input') } } };
    (paths[openApiPath(spec.url)] ??= {})[spec.method.toLowerCase()] = op;
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Klaxon API',
      version,
      description: 'Events API (seed 003); PagerDuty\'s Events API v2 (/v2/enqueue), Events API v1 '
        + '(/generic/2010-04-15/create_event.json), Change Events (/v2/change/enqueue) and legacy Nagios form '
        + '(/nagios/2010-04-15/create_event); the Incidents API (seed 001) and changes. '
        + 'Errors answer {"error":{"code","message","field?","details?"}}, except PagerDuty\'s endpoints, which keep PagerDuty\'s shape.',
    },
    components: {
      securitySchemes: {
        bearerKey: { type: 'http', scheme: 'bearer', description: `An API key (klaxon keys create); scopes: ${SCOPES.join(', ')}` },
        feedToken: { type: 'apiKey', in: 'query', name: 'token', description: 'A calendar feed\'s token, in the URL that POST /api/calendar-feeds answers (calendar apps cannot send headers)' },
      },
    },
    paths,
  };
}
