// Validates a request's params, query and body with the shared zod schemas and names every offending field the way
// a client wrote it (`payload.summary`, `limit`, `images.0.src`), so a 400 says exactly what to fix.
import type { z } from 'zod';
import { RequestValidationError, type FieldIssue } from './problem.ts';

export type RequestPart = 'params' | 'query' | 'body';

function fieldName(part: RequestPart, path: readonly PropertyKey[]): string {
  if (path.length === 0) return part;
  return path.map(String).join('.');
}

export function issuesOf(part: RequestPart, error: z.ZodError): FieldIssue[] {
  const out: FieldIssue[] = [];
  for (const issue of error.issues) {
    if (issue.code === 'unrecognized_keys') {
      // One entry per unknown key, each named, so `{"titel": …}` answers `field: "titel"`.
      for (const key of issue.keys) out.push({ field: fieldName(part, [...issue.path, key]), message: 'Unknown field' });
    } else if (issue.path.length === 0 && part === 'body' && issue.code === 'invalid_type') {
      out.push({ field: 'body', message: 'A JSON object body is required' });
    } else {
      out.push({ field: fieldName(part, issue.path), message: issue.message });
    }
  }
  return out;
}

/**
 * Parses each given part with its schema; collects the issues of all parts before throwing, so one answer lists
 * everything that is wrong.
 */
export function parseRequest<P extends z.ZodType | undefined, Q extends z.ZodType | undefined, B extends z.ZodType | undefined>(
  schemas: { params?: P; query?: Q; body?: B },
  input: { params: unknown; query: unknown; body: unknown },
): { params: Out<P>; query: Out<Q>; body: Out<B> } {
  const issues: FieldIssue[] = [];
  const result: Record<RequestPart, unknown> = { params: undefined, query: undefined, body: undefined };
  for (const part of ['params', 'query', 'body'] as const) {
    const schema = schemas[part];
    if (!schema) continue;
    const parsed = schema.safeParse(input[part]);
    if (parsed.success) result[part] = parsed.data;
    else issues.push(...issuesOf(part, parsed.error));
  }
  if (issues.length > 0) throw new RequestValidationError(issues);
  return result as { params: Out<P>; query: Out<Q>; body: Out<B> };
}

export type Out<S> = S extends z.ZodType ? z.output<S> : undefined;
