// The bridge answers errors in the seeds' shape (`{"error":{"code","message"}}`), like the rest of the receiver.
import type { FastifyError, FastifyReply } from 'fastify';
import type { ZodError } from 'zod';
import { KlaxonError, type ErrorBody, type ErrorCode, ERROR_CODES } from '../../../src-shared/schemas/errors.ts';
import type { Logger } from '../../log.ts';

export function sendError(reply: FastifyReply, code: ErrorCode, message: string, extra: Partial<ErrorBody['error']> = {}): FastifyReply {
  return reply.code(ERROR_CODES[code]).type('application/json').send({ error: { code, message, ...extra } } satisfies ErrorBody);
}

export function validationFailed(reply: FastifyReply, err: ZodError, prefix: string): FastifyReply {
  const details = err.issues.map((i) => ({ field: [prefix, ...i.path.map(String)].filter(Boolean).join('.'), message: i.message }));
  const first = details[0] ?? { field: prefix, message: 'invalid' };
  return sendError(reply, 'VALIDATION_FAILED', `${first.field}: ${first.message}`, { field: first.field, details });
}

/** Fastify's own refusals (bad JSON, wrong media type, body too large) and anything thrown by a handler. */
export function replyWithError(reply: FastifyReply, err: unknown, log: Logger): FastifyReply {
  if (err instanceof KlaxonError) return reply.code(err.status).type('application/json').send(err.toBody());
  const fe = err as Partial<FastifyError>;
  if (fe.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' || fe.statusCode === 415) return sendError(reply, 'UNSUPPORTED_MEDIA_TYPE', 'Send application/json');
  if (fe.code === 'FST_ERR_CTP_BODY_TOO_LARGE' || fe.statusCode === 413) return sendError(reply, 'PAYLOAD_TOO_LARGE', 'Request body too large');
  if (fe.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' || fe.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || (fe.statusCode === 400 && err instanceof SyntaxError)) {
    return sendError(reply, 'INVALID_JSON', 'Request body is not valid JSON');
  }
  if (typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500) return sendError(reply, 'VALIDATION_FAILED', fe.message ?? 'Bad request');
  log.error(`bridge: ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
  return sendError(reply, 'INTERNAL', 'Internal error');
}
