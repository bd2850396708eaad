// An HTTP(S) check: one request (and the redirects it may follow) within the monitor's timeout, judged by its status,
// an optional keyword in the first MAX_BODY_BYTES of the body, its speed, and — over HTTPS — how long its certificate
// has left. Built on undici (what Node's fetch runs on) through a client of our own rather than fetch: its connector
// reads the peer certificate of each connection as its handshake completes (fetch hides the socket), and redirects
// are taken one hop at a time, so one to another host is seen before it is followed.
import { Agent, buildConnector, request, type Dispatcher } from 'undici';
import tls from 'node:tls';
import type { LookupFunction } from 'node:net';
import type { z } from 'zod';
import type { HttpConfig } from '../../src-shared/schemas/monitors.ts';
import { KLAXON_VERSION } from '../version.ts';
import { errorReport, type CheckReport } from './check-report.ts';

export type HttpCheckConfig = z.output<typeof HttpConfig>;

/** The connections a runner's checks share, and the certificates they were made with. */
export interface HttpClient {
  readonly dispatcher: Dispatcher;
  /**
   * Kept-alive connections are thrown away (checks in flight finish on them): after a sleep, the server or a NAT on
   * the way may have dropped them without our hearing of it, and a reset on reuse would read as a false "down".
   */
  dropIdle(): void;
  /** When the certificate of the newest connection to this URL's host and port runs out, or null if none is known. */
  certValidTo(url: URL): number | null;
  close(): Promise<void>;
}

export interface HttpClientOptions {
  /** CA certificates trusted besides the system's (PEM): the tests' own. */
  extraCa?: string[];
  /** Resolves host names (default: the system's); tests inject a resolver's failures with it. */
  lookup?: LookupFunction;
  /** An error for a host this client must not connect to (an address given literally never reaches `lookup`). */
  refuse?: (host: string) => Error | null;
}

export interface HttpCheckOptions {
  /** The runner's client (default: one shared by checks made without one, trusting the system's CAs). */
  client?: HttpClient;
  /** The clock certificate expiry is judged by (the runner's). */
  nowMs?: () => number;
  maxBodyBytes?: number;
  maxRedirects?: number;
  /** Ends the check early (the runner closing). */
  signal?: AbortSignal;
}

/** Enough for a keyword on any sane page; the rest is not read. */
export const MAX_BODY_BYTES = 64 * 1024;
export const MAX_REDIRECTS = 5;
const DAY_MS = 86_400_000;
const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const MAX_CERTS_SEEN = 10_000;
/** The longest timeout a monitor may have: the connect step is bounded by the check's own timeout before this. */
const CONNECT_TIMEOUT_MS = 120_000;
/** The longest a kept-alive connection waits idle for its next check. */
export const IDLE_SOCKET_MS = 30_000;

const hostKey = (hostname: string, port: string) => `${hostname.replace(/^\[|\]$/g, '')}:${port || '443'}`;

export function createHttpClient(opts: HttpClientOptions = {}): HttpClient {
  const certs = new Map<string, number>();
  // No TLS session resumption: a resumed session shows no certificate, and the one it was made with may since have
  // been renewed. Every new connection is a full handshake, so its certificate is read from the connection itself.
  const base = buildConnector({
    maxCachedSessions: 0, timeout: CONNECT_TIMEOUT_MS,
    ...(opts.extraCa ? { ca: [...tls.rootCertificates, ...opts.extraCa] } : {}),
    ...(opts.lookup ? { lookup: opts.lookup } : {}),
  });
  const connect: buildConnector.connector = (o, callback) => {
    const refused = opts.refuse?.(o.hostname.replace(/^\[|\]$/g, ''));
    if (refused) { process.nextTick(() => callback(refused, null)); return; }
    connectTo(o, callback);
  };
  const connectTo: buildConnector.connector = (o, callback) => base(o, (...args) => {
    const socket = args[1] as tls.TLSSocket | null;
    if (socket && typeof socket.getPeerCertificate === 'function') {
      const validTo = Date.parse(socket.getPeerCertificate().valid_to ?? '');
      if (Number.isFinite(validTo)) {
        if (certs.size >= MAX_CERTS_SEEN) certs.clear();
        certs.set(hostKey(o.hostname, o.port), validTo);
      }
    }
    callback(...args);
  });
  // Kept-alive connections, a few per host (polite to a host many monitors point at), never idle longer than
  // IDLE_SOCKET_MS whatever the host offers: under the idle timeouts of common NATs and load balancers, which drop a
  // connection silently (a reset on reuse would read as a false "down").
  const newAgent = () => new Agent({ connect, connections: 16, keepAliveTimeout: IDLE_SOCKET_MS, keepAliveMaxTimeout: IDLE_SOCKET_MS });
  let dispatcher = newAgent();
  return {
    get dispatcher() { return dispatcher; },
    dropIdle() {
      const old = dispatcher;
      dispatcher = newAgent();
      void old.close().catch(() => {});
    },
    certValidTo: (url) => (url.protocol === 'https:' ? certs.get(hostKey(url.hostname, url.port)) ?? null : null),
    close: () => dispatcher.destroy(),
  };
}

let shared: HttpClient | null = null;

interface Answer { status: number; location: string | null; body: string }

async function exchange(url: URL, cfg: HttpCheckConfig, method: string, signal: AbortSignal, client: HttpClient, limit: number, readBody: boolean): Promise<Answer> {
  const send = method === 'GET' || method === 'HEAD' ? null : cfg.body;
  const timeoutMs = cfg.timeoutSeconds * 1000;
  const res = await request(url, {
    dispatcher: client.dispatcher, method: method as Dispatcher.HttpMethod, signal, maxRedirections: 0,
    headersTimeout: timeoutMs, bodyTimeout: timeoutMs,
    headers: { 'user-agent': `Klaxon-Monitor/${KLAXON_VERSION}`, ...cfg.headers },
    ...(send !== null ? { body: send } : {}),
  } as Parameters<typeof request>[1]);
  const location = typeof res.headers.location === 'string' ? res.headers.location : null;
  if (!readBody) {
    // Not read: a short rest is drained so the connection can be reused; a long one drops the connection.
    await res.body.dump({ limit: limit });
    return { status: res.statusCode, location, body: '' };
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of res.body as AsyncIterable<Buffer>) {
    chunks.push(chunk);
    size += chunk.length;
    // Enough read: the rest of a big body is not worth the bandwidth (the connection is dropped, not reused).
    if (size >= limit) { res.body.destroy(); break; }
  }
  return { status: res.statusCode, location, body: Buffer.concat(chunks).toString('utf8') };
}

const inRanges = (status: number, ranges: string[]) => ranges.some((r) => {
  const [lo, hi = lo] = r.split('-').map(Number);
  return status >= lo! && status <= hi!;
});

export async function httpCheck(cfg: HttpCheckConfig, opts: HttpCheckOptions = {}): Promise<CheckReport> {
  const client = opts.client ?? (shared ??= createHttpClient());
  const limit = opts.maxBodyBytes ?? MAX_BODY_BYTES;
  const timeoutMs = cfg.timeoutSeconds * 1000;
  const signal = opts.signal ? AbortSignal.any([AbortSignal.timeout(timeoutMs), opts.signal]) : AbortSignal.timeout(timeoutMs);
  const started = performance.now();
  const origin = new URL(cfg.url);
  let url = origin;
  let method: string = cfg.method;
  let answer!: Answer;
  let notFollowed: string | null = null;
  try {
    for (let hop = 0; ; hop++) {
      answer = await exchange(url, cfg, method, signal, client, limit, cfg.keyword !== null);
      if (!REDIRECTS.has(answer.status) || answer.location === null) break;
      const next = new URL(answer.location, url);
      if (next.hostname !== origin.hostname && !cfg.redirectsToOtherHosts) { notFollowed = next.host; break; }
      if (hop >= (opts.maxRedirects ?? MAX_REDIRECTS)) {
        return { outcome: 'down', responseMs: Math.round(performance.now() - started), message: `more than ${opts.maxRedirects ?? MAX_REDIRECTS} redirects`, details: { url: cfg.url, lastUrl: next.href, error: 'TOO_MANY_REDIRECTS' } };
      }
      if (answer.status === 303) method = 'GET';
      url = next;
    }
  } catch (e) {
    return errorReport(e, started, performance.now(), timeoutMs, { url: cfg.url }, signal.aborted);
  }
  const responseMs = Math.round(performance.now() - started);
  const details: Record<string, unknown> = { url: cfg.url, status: answer.status, responseMs };
  if (url !== origin) details.finalUrl = url.href;
  const down = (message: string): CheckReport => ({ outcome: 'down', responseMs, message, details: { ...details, message } });

  if (!inRanges(answer.status, cfg.expectedStatus)) {
    return down(`HTTP ${answer.status} (expected ${cfg.expectedStatus.join(', ')})${notFollowed ? `: a redirect to ${notFollowed}, not followed (another host)` : ''}`);
  }
  if (cfg.keyword !== null) {
    details.keyword = cfg.keyword;
    const found = answer.body.includes(cfg.keyword);
    if (found && cfg.keywordAbsent) return down(`keyword "${cfg.keyword}" found, and must not be`);
    if (!found && !cfg.keywordAbsent) return down(`keyword "${cfg.keyword}" not found in the first ${Math.round(limit / 1024)} KiB`);
  }
  const warnings: string[] = [];
  const certValidTo = client.certValidTo(url);
  if (certValidTo !== null) {
    details.certificateExpiresAt = new Date(certValidTo).toISOString();
    const left = certValidTo - (opts.nowMs?.() ?? Date.now());
    if (left <= 0) return down(`the certificate of ${url.hostname} expired on ${details.certificateExpiresAt as string}`);
    if (cfg.certExpiryWarningDays !== null && left < cfg.certExpiryWarningDays * DAY_MS) {
      warnings.push(`the certificate of ${url.hostname} expires on ${(details.certificateExpiresAt as string).slice(0, 10)} (in ${Math.floor(left / DAY_MS)} days)`);
    }
  }
  if (cfg.degradedAfterMs !== null && responseMs > cfg.degradedAfterMs) warnings.push(`slow: ${responseMs} ms (limit ${cfg.degradedAfterMs} ms)`);
  if (warnings.length > 0) return { outcome: 'degraded', responseMs, message: warnings.join('; '), details: { ...details, message: warnings.join('; ') } };
  return { outcome: 'up', responseMs, message: `HTTP ${answer.status} in ${responseMs} ms`, details };
}
