// One mapping from anything a request can fail with (a KlaxonError from the engine, a validation failure, one of
// Fastify's own request errors, a SQLite error) to a status and a code. Routes then render it in their own wire
// shape: seed 003's `{"error":{...}}` everywhere, PagerDuty's shape on /v2/enqueue.
import { ERROR_CODES, KlaxonError, type ErrorBody, type ErrorCode } from '../../src-shared/schemas/errors.ts';

export interface FieldIssue { field: string; message: string }

/** How long a sender waits before it tries an event again after a 503. */
export const EVENT_RETRY_AFTER_SECONDS = 2;

/**
 * An event endpoint's answer to an unexpected failure: it stored nothing, so the sender keeps the event and retries —
 * a 503 with Retry-After (the one status every retrying client retries), never another 5xx.
 */
export function retryableForSender(p: Problem): Problem {
  if (p.status >= 500 && p.status !== 503) return { ...p, status: 503, code: 'UNAVAILABLE', message: 'Klaxon could not take the event just now; retry shortly', retryAfter: EVENT_RETRY_AFTER_SECONDS };
  return p;
}

export interface Problem {
  status: number;
  code: ErrorCode;
  message: string;
  field?: string;
  details?: FieldIssue[];
  /** Seconds, for 429/503: the sender should retry, not give up. */
  retryAfter?: number;
}

/** A request whose params, query or body failed its schema; carries every issue, not only the first. */
export class RequestValidationError extends Error {
  readonly issues: FieldIssue[];
  constructor(issues: FieldIssue[]) {
    const first = issues[0];
    super(first ? `Invalid ${first.field}: ${first.message}` : 'Invalid request');
    this.name = 'RequestValidationError';
    this.issues = issues;
  }
}

/** Over a sender's intake limit (intake-limiter.ts): 429, with the seconds until its bucket has a token again. */
export class RateLimitedError extends KlaxonError {
  readonly retryAfterSeconds: number;
  constructor(message: string, retryAfterSeconds: number) {
    super('RATE_LIMITED', message);
    this.name = 'RateLimitedError';
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

const RETRY_AFTER_SECONDS = 2;

/** Fastify's request errors (body parsing, limits, media types) by code. */
const FASTIFY_CODES: Record<string, { code: ErrorCode; message?: string }> = {
  FST_ERR_CTP_INVALID_JSON_BODY: { code: 'INVALID_JSON', message: 'Body is not valid JSON' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { code: 'INVALID_JSON', message: 'Body is empty but Content-Type says application/json' },
  FST_ERR_CTP_BODY_TOO_LARGE: { code: 'PAYLOAD_TOO_LARGE', message: 'Request body is too large' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { code: 'UNSUPPORTED_MEDIA_TYPE', message: 'Send the body as JSON with Content-Type: application/json' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { code: 'VALIDATION_FAILED', message: 'Content-Length does not match the body' },
  FST_ERR_BAD_URL: { code: 'VALIDATION_FAILED', message: 'Malformed URL' },
};

/** SQLite saying "not now" (another writer, a locked file, a full disk): the sender should retry. */
const TRANSIENT_SQLITE = /^SQLITE_(BUSY|LOCKED|FULL|IOERR|CANTOPEN|PROTOCOL)/;

export function toProblem(err: unknown): Problem {
  if (err instanceof RequestValidationError) {
    const first = err.issues[0];
    return { status: 400, code: 'VALIDATION_FAILED', message: err.message, field: first?.field, details: err.issues };
  }
  if (err instanceof KlaxonError) {
    const p: Problem = { status: ERROR_CODES[err.code], code: err.code, message: err.message, field: err.field };
    if (err instanceof RateLimitedError) p.retryAfter = err.retryAfterSeconds;
    else if (err.code === 'UNAVAILABLE' || err.code === 'RATE_LIMITED') p.retryAfter = RETRY_AFTER_SECONDS;
    return p;
  }
  const e = err as { code?: unknown; statusCode?: unknown; message?: unknown } | null;
  const code = typeof e?.code === 'string' ? e.code : '';
  const known = FASTIFY_CODES[code];
  if (known) {
    return { status: ERROR_CODES[known.code], code: known.code, message: known.message ?? String(e?.message ?? known.code) };
  }
  if (TRANSIENT_SQLITE.test(code)) {
    return { status: 503, code: 'UNAVAILABLE', message: 'The database is busy; retry shortly', retryAfter: RETRY_AFTER_SECONDS };
  }
  // Any other client error Fastify raised (4xx) keeps its status; we never turn a bad request into a 500.
  const status = typeof e?.statusCode === 'number' ? e.statusCode : 500;
  if (status >= 400 && status < 500) {
    const byStatus = (Object.entries(ERROR_CODES) as [ErrorCode, number][]).find(([, s]) => s === status)?.[0] ?? 'VALIDATION_FAILED';
    return { status, code: byStatus, message: String(e?.message ?? 'Bad request') };
  }
  return { status: 500, code: 'INTERNAL', message: 'Internal error' };
}

/** Seed 003's error body. */
export function errorBody(p: Problem): ErrorBody {
  return {
    error: {
      code: p.code,
      message: p.message,
      ...(p.field ? { field: p.field } : {}),
      ...(p.details && p.details.length > 0 ? { details: p.details } : {}),
    },
  };
}
