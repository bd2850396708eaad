// `klaxon-app://app/…` serves the built window (dist/renderer) from the app's own files — never a dev server —
// with a strict Content-Security-Policy on every answer. The handler is a plain `Request → Response` function, so
// it is tested in Node exactly as Electron's `protocol.handle` calls it.
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';

export const APP_SCHEME = 'klaxon-app';
export const APP_HOST = 'app';
export const APP_ORIGIN = { protocol: `${APP_SCHEME}:`, host: APP_HOST } as const;
export const APP_ENTRY_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;

/**
 * Privileges for `protocol.registerSchemesAsPrivileged`: standard (so 'self' and relative URLs work) and secure;
 * CORS-enabled because Vite's module scripts load with `crossorigin`.
 */
export const APP_SCHEME_PRIVILEGES = { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true, stream: true } as const;

/**
 * The page may load only its own script, style, images and fonts; it connects nowhere (it talks to the engine
 * through the preload's IPC), embeds nothing and cannot be embedded. React's `style` props go through the CSSOM,
 * which CSP does not restrict, so no 'unsafe-inline' is needed.
 */
export const APP_CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "manifest-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-src 'none'",
  "frame-ancestors 'none'",
].join('; ');

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.webp': 'image/webp',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};

const baseHeaders = (): Record<string, string> => ({
  'content-security-policy': APP_CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
});

const refuse = (status: number, text: string) =>
  new Response(text, { status, headers: { ...baseHeaders(), 'content-type': 'text/plain; charset=utf-8' } });

/**
 * The file a request maps to, or null when it must not be served (another host, a path that leaves the folder).
 * A path without an extension is a route of the single-page app and gets index.html.
 */
export function resolveAppFile(requestUrl: string, rendererDir: string): string | null {
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return null;
  }
  if (url.protocol !== APP_ORIGIN.protocol || url.host !== APP_HOST) return null;
  let pathname: string;
  try {
    pathname = decodeURIComponent(url.pathname);
  } catch {
    return null;
  }
  if (pathname.includes('\0')) return null;
  const root = path.resolve(rendererDir);
  const relative = pathname === '/' || path.posix.extname(pathname) === '' ? 'index.html' : pathname.replace(/^\/+/, '');
  const file = path.resolve(root, relative);
  // Decoding can turn `%2e%2e%2f` into `../` after the URL parser normalised the path: check containment last.
  if (file !== root && !file.startsWith(root + path.sep)) return null;
  return file;
}

export function createAppProtocolHandler(rendererDir: string): (request: Request) => Promise<Response> {
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return refuse(405, 'method not allowed');
    const file = resolveAppFile(request.url, rendererDir);
    if (!file) return refuse(404, 'not found');
    try {
      const info = await stat(file);
      if (!info.isFile()) return refuse(404, 'not found');
      const body = request.method === 'HEAD' ? null : await readFile(file);
      return new Response(body, {
        status: 200,
        headers: {
          ...baseHeaders(),
          'content-type': CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream',
          'cache-control': 'no-cache',
        },
      });
    } catch {
      return refuse(404, 'not found');
    }
  };
}
