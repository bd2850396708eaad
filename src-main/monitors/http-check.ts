// An HTTP(S) check: one request (and the redirects it may follow) within the monitor's timeout, judged by its status,
// an optional keyword in the first MAX_BODY_BYTES of the body, its speed, and — over HTTPS — how long its certificate
// has left. Built on node:http/https rather than fetch: the TLS socket shows the peer certificate of the very
// exchange judged (fetch hides it behind its dispatcher), and redirects are taken one hop at a time, so one to
// another host is seen before it is followed.
import http from 'node:http';
import https from 'node:https';
import type { TLSSocket } from 'node:tls';
import type { z } from 'zod';
import type { HttpConfig } from '../../src-shared/schemas/monitors.ts';
import { KLAXON_VERSION } from '../version.ts';
import { errorReport, type CheckReport } from './check-report.ts';

export type HttpCheckConfig = z.output<typeof HttpConfig>;

export interface HttpCheckOptions {
  /** Keep-alive agents the runner shares between its checks (an HTTPS one may trust more CAs: the tests' own). */
  agents?: { http?: http.Agent; https?: https.Agent };
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
/** A resumed TLS session shows no peer certificate: the one its full handshake showed, by host:port. */
const certSeen = new Map<string, number>();
const MAX_CERTS_SEEN = 10_000;

function certValidTo(socket: TLSSocket | null, url: URL): number | null {
  const key = `${url.hostname}:${url.port}`;
  const validTo = socket?.getPeerCertificate ? Date.parse(socket.getPeerCertificate().valid_to ?? '') : NaN;
  if (!Number.isFinite(validTo)) return certSeen.get(key) ?? null;
  if (certSeen.size >= MAX_CERTS_SEEN) certSeen.clear();
  certSeen.set(key, validTo);
  return validTo;
}

interface Answer { status: number; location: string | null; body: string; certValidTo: number | null }

function exchange(url: URL, cfg: HttpCheckConfig, method: string, signal: AbortSignal, opts: HttpCheckOptions, readBody: boolean): Promise<Answer> {
  const secure = url.protocol === 'https:';
  const limit = opts.maxBodyBytes ?? MAX_BODY_BYTES;
  const send = method === 'GET' || method === 'HEAD' ? null : cfg.body;
  return new Promise((resolve, reject) => {
    const req = (secure ? https : http).request(url, {
      method, signal, agent: secure ? opts.agents?.https : opts.agents?.http,
      headers: { 'user-agent': `Klaxon-Monitor/${KLAXON_VERSION}`, ...cfg.headers },
    }, (res) => {
      const validTo = secure ? certValidTo(res.socket as TLSSocket | null, url) : null;
      const chunks: Buffer[] = [];
      let size = 0;
      const done = () => resolve({
        status: res.statusCode ?? 0, location: typeof res.headers.location === 'string' ? res.headers.location : null,
        body: Buffer.concat(chunks).toString('utf8'), certValidTo: validTo,
      });
      res.on('data', (chunk: Buffer) => {
        if (!readBody) return;
        chunks.push(chunk);
        size += chunk.length;
        // Enough read: the rest of a big body is not worth the bandwidth (the connection is dropped, not reused).
        if (size >= limit) { res.destroy(); done(); }
      });
      res.once('end', done);
      res.once('error', reject);
    });
    req.once('error', reject);
    req.end(send ?? undefined);
  });
}

const inRanges = (status: number, ranges: string[]) => ranges.some((r) => {
  const [lo, hi = lo] = r.split('-').map(Number);
  return status >= lo! && status <= hi!;
});

export async function httpCheck(cfg: HttpCheckConfig, opts: HttpCheckOptions = {}): Promise<CheckReport> {
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
      answer = await exchange(url, cfg, method, signal, opts, cfg.keyword !== null);
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
    if (!found && !cfg.keywordAbsent) return down(`keyword "${cfg.keyword}" not found in the first ${Math.round((opts.maxBodyBytes ?? MAX_BODY_BYTES) / 1024)} KiB`);
  }
  const warnings: string[] = [];
  if (answer.certValidTo !== null) {
    details.certificateExpiresAt = new Date(answer.certValidTo).toISOString();
    const left = answer.certValidTo - (opts.nowMs?.() ?? Date.now());
    if (left <= 0) return down(`the certificate of ${url.hostname} expired on ${details.certificateExpiresAt as string}`);
    if (cfg.certExpiryWarningDays !== null && left < cfg.certExpiryWarningDays * DAY_MS) {
      warnings.push(`the certificate of ${url.hostname} expires on ${(details.certificateExpiresAt as string).slice(0, 10)} (in ${Math.floor(left / DAY_MS)} days)`);
    }
  }
  if (cfg.degradedAfterMs !== null && responseMs > cfg.degradedAfterMs) warnings.push(`slow: ${responseMs} ms (limit ${cfg.degradedAfterMs} ms)`);
  if (warnings.length > 0) return { outcome: 'degraded', responseMs, message: warnings.join('; '), details: { ...details, message: warnings.join('; ') } };
  return { outcome: 'up', responseMs, message: `HTTP ${answer.status} in ${responseMs} ms`, details };
}
