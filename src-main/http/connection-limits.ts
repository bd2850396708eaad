// What one client may hold of the receiver: how long it may take to send a request, how long an idle connection
// stays, how many requests one connection serves and how many connections there are at once. Without them a client
// that sends headers and half a body, then nothing, holds a socket and a request forever (Fastify's defaults have
// no request timeout), and enough such clients starve everyone else.
import { STATUS_CODES, type ServerOptions } from 'node:http';
import type { Socket } from 'node:net';
import type { ErrorCode } from '../../src-shared/schemas/errors.ts';
import { errorBody } from './problem.ts';

export interface ConnectionLimits {
  /** The whole request, headers and body, must arrive within this; otherwise 408 and the connection is closed. */
  requestTimeoutMs: number;
  /** The headers must arrive within this (at most requestTimeoutMs). */
  headersTimeoutMs: number;
  /** An idle keep-alive connection is closed after this. */
  keepAliveTimeoutMs: number;
  /** A connection on which nothing moves this long is closed (the window's change stream is exempt: it pings). */
  idleTimeoutMs: number;
  /** A keep-alive connection is closed after this many requests; the client opens a new one. */
  maxRequestsPerSocket: number;
  /** Connections beyond this many at once are closed as they arrive. */
  maxConnections: number;
}

export const DEFAULT_CONNECTION_LIMITS: ConnectionLimits = {
  requestTimeoutMs: 30_000,
  headersTimeoutMs: 10_000,
  keepAliveTimeoutMs: 5_000,
  idleTimeoutMs: 60_000,
  maxRequestsPerSocket: 10_000,
  maxConnections: 1024,
};

export function connectionLimits(overrides: Partial<ConnectionLimits> = {}): ConnectionLimits {
  const limits = { ...DEFAULT_CONNECTION_LIMITS, ...overrides };
  // Node refuses a headers timeout longer than the request timeout.
  limits.headersTimeoutMs = Math.min(limits.headersTimeoutMs, limits.requestTimeoutMs);
  return limits;
}

/** Node's own options for the server: the timeouts, checked often enough that a stalled request is cut on time. */
export function nodeServerOptions(limits: ConnectionLimits): ServerOptions {
  return {
    headersTimeout: limits.headersTimeoutMs,
    requestTimeout: limits.requestTimeoutMs,
    // Node checks the two timeouts on this interval (default 30 s, which would let a 30 s timeout run to a minute).
    connectionsCheckingInterval: Math.max(50, Math.min(1000, Math.floor(limits.headersTimeoutMs / 4))),
  };
}

const CLIENT_ERRORS: Record<string, { status: number; code: ErrorCode; message: string }> = {
  ERR_HTTP_REQUEST_TIMEOUT: { status: 408, code: 'REQUEST_TIMEOUT', message: 'The request did not arrive in time; the connection is closed' },
  HPE_HEADER_OVERFLOW: { status: 431, code: 'VALIDATION_FAILED', message: 'Request headers are too large' },
};
/** How long a client that was answered 408/400 has to read it and hang up before the socket is destroyed. */
const CLOSE_AFTER_ANSWER_MS = 2000;
const BAD_REQUEST = { status: 400, code: 'VALIDATION_FAILED' as ErrorCode, message: 'Malformed HTTP request' };

/**
 * Node's clientError, in the seeds' error shape: a request that timed out gets a 408 (and one whose bytes are not
 * HTTP a 400), then the connection is closed. Nothing is written when an answer has already begun on this socket.
 */
export function answerClientError(err: Error & { code?: string }, socket: Socket): void {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  // The response in flight on this socket, if any (Node keeps it there): its answer must not be corrupted.
  const inFlight = (socket as Socket & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
  if (!socket.writable || inFlight?.headersSent) {
    socket.destroy();
    return;
  }
  const { status, code, message } = CLIENT_ERRORS[err.code ?? ''] ?? BAD_REQUEST;
  const body = JSON.stringify(errorBody({ status, code, message }));
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\ncontent-type: application/json; charset=utf-8\r\n` +
    `content-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
  );
  // The client reads the answer and hangs up; one that does neither must not keep the socket half-closed.
  const cut = setTimeout(() => socket.destroy(), CLOSE_AFTER_ANSWER_MS);
  cut.unref();
  socket.once('close', () => clearTimeout(cut));
}
