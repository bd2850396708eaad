// Shared test helpers: a real Klaxon on 127.0.0.1 in a temp data dir (with one service and an admin key), a small
// JSON fetch, and poll-with-deadline. Kept small and general so every area's tests can reuse it.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Klaxon, KlaxonConfig } from '../../src-main/app.ts';
import type { Scope } from '../../src-shared/schemas/common.ts';

/** A fresh temp dir; remove it with `removeDir` (or let `startServer().close()` do it). */
export function makeTempDir(prefix = 'klaxon-test-'): string {
  return mkdtempSync(path.join(tmpdir(), prefix));
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
}

export interface TestServer {
  klaxon: Klaxon;
  /** `http://127.0.0.1:PORT` */
  baseUrl: string;
  dataDir: string;
  serviceId: string;
  routingKey: string;
  /** A key with the `admin` scope (implies every scope). */
  adminKey: string;
  /** Creates another key with the given scopes and returns its id and secret. */
  createKey(scopes: Scope[], name?: string): Promise<{ id: string; key: string }>;
  /** Stops the server, closes the database and (unless the dir was given in) removes the data dir. */
  close(): Promise<void>;
}

export interface StartServerOptions extends Partial<KlaxonConfig> {
  /** Keep the data dir after close (for restart tests); default: removed if this helper created it. */
  keepDataDir?: boolean;
  /** Name of the service created on a fresh data dir. */
  serviceName?: string;
}

/**
 * Starts `createKlaxon` on 127.0.0.1 with ephemeral ports, no notifier and a silent log, and makes sure the data
 * dir has a service and an admin key (creating them through the engine, as `klaxon init` does).
 */
export async function startServer(options: StartServerOptions = {}): Promise<TestServer> {
  const { keepDataDir, serviceName, ...overrides } = options;
  const ownsDir = overrides.dataDir === undefined;
  const dataDir = overrides.dataDir ?? makeTempDir();
  // Imported lazily so test files that only use fetchJson/pollUntil load without the whole app.
  const { createKlaxon } = await import('../../src-main/app.ts');
  const { silentLogger } = await import('../../src-main/log.ts');
  const klaxon = await createKlaxon({
    host: '127.0.0.1', port: 0, notifier: 'none', log: silentLogger, durability: 'normal',
    // Sync too listens on loopback only, on a free port, should a test put the host in a team.
    sync: { host: '127.0.0.1', port: 0 },
    ...overrides, dataDir,
  });
  const { engine } = klaxon;
  const service = engine.listServices()[0] ?? await engine.createService({ name: serviceName ?? 'Test service', urgencyRule: 'severity', suppressionRules: [] });
  const admin = await engine.createKey({ name: 'test admin', scopes: ['admin'] });
  return {
    klaxon,
    baseUrl: klaxon.baseUrl,
    dataDir,
    serviceId: service.id,
    routingKey: service.routingKey,
    adminKey: admin.key,
    async createKey(scopes, name = `test ${scopes.join(',')}`) {
      const created = await engine.createKey({ name, scopes });
      return { id: created.id, key: created.key };
    },
    async close() {
      await klaxon.close();
      if (ownsDir && !keepDataDir) removeDir(dataDir);
    },
  };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see fetchJson
export interface JsonResponse<T = any> {
  status: number;
  headers: Headers;
  /** Parsed JSON, or the raw text when the body is not JSON (`undefined` when empty). */
  body: T;
  text: string;
}

export interface FetchJsonOptions {
  method?: string;
  /** Sent as JSON (unless a string, which is sent as is). */
  body?: unknown;
  /** API key: sent as `Authorization: Bearer <key>`. */
  key?: string;
  headers?: Record<string, string>;
  timeoutMs?: number;
}

/** One HTTP request with a JSON body; never throws on a non-2xx status. */
// `any` by default: tests read whatever fields they assert on without a cast at every line.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function fetchJson<T = any>(baseUrl: string, urlPath: string, options: FetchJsonOptions = {}): Promise<JsonResponse<T>> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.key !== undefined) headers.authorization ??= `Bearer ${options.key}`;
  let body: string | undefined;
  if (options.body !== undefined) {
    body = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
    if (!Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) headers['content-type'] = 'application/json';
  }
  const res = await fetch(new URL(urlPath, baseUrl), {
    method: options.method ?? (body === undefined ? 'GET' : 'POST'),
    headers,
    body,
    signal: AbortSignal.timeout(options.timeoutMs ?? 30_000),
  });
  const text = await res.text();
  let parsed: unknown = text === '' ? undefined : text;
  if (text !== '') {
    try { parsed = JSON.parse(text); } catch { /* not JSON: keep the text */ }
  }
  return { status: res.status, headers: res.headers, body: parsed as T, text };
}

/**
 * Calls `probe` until it returns a value other than undefined/false, or throws after `timeoutMs` with `message` and
 * the last value or error seen. Use instead of fixed sleeps.
 */
export async function pollUntil<T>(
  probe: () => T | undefined | false | Promise<T | undefined | false>,
  { timeoutMs = 20_000, intervalMs = 50, message = 'condition not met' }: { timeoutMs?: number; intervalMs?: number; message?: string } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined && value !== false) return value;
      last = value;
    } catch (err) {
      last = err;
    }
    if (Date.now() >= deadline) {
      throw new Error(`${message} (after ${timeoutMs} ms; last: ${last instanceof Error ? last.message : JSON.stringify(last)})`);
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
