// The error shape every Klaxon endpoint answers with (seed 003): `{"error":{"code","message"}}`, plus the
// offending field where validation failed. PagerDuty's `/v2/enqueue` keeps PagerDuty's own shape instead.
import { z } from 'zod';

export const ERROR_CODES = {
  INVALID_ROUTING_KEY: 400,
  INVALID_SERVICE: 400,
  VALIDATION_FAILED: 400,
  INVALID_JSON: 400,
  /** A team invite the inviting device refused or could not be reached with. */
  INVITE_REFUSED: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  REQUEST_TIMEOUT: 408,
  ILLEGAL_TRANSITION: 409,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  RATE_LIMITED: 429,
  UNAVAILABLE: 503,
  INTERNAL: 500,
} as const;
export type ErrorCode = keyof typeof ERROR_CODES;

export const ErrorBody = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    field: z.string().optional(),
    details: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
  }),
});
export type ErrorBody = z.infer<typeof ErrorBody>;

/** A refusal the domain or the engine raises; the HTTP layer turns it into ErrorBody with ERROR_CODES' status. */
export class KlaxonError extends Error {
  readonly code: ErrorCode;
  readonly field: string | undefined;
  constructor(code: ErrorCode, message: string, field?: string) {
    super(message);
    this.name = 'KlaxonError';
    this.code = code;
    this.field = field;
  }
  get status(): number {
    return ERROR_CODES[this.code];
  }
  toBody(): ErrorBody {
    return { error: { code: this.code, message: this.message, ...(this.field ? { field: this.field } : {}) } };
  }
}
