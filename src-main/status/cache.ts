// Status pages are read by many and change rarely: each answer carries an ETag derived from the public view's
// content (not from when it was built), a revalidating client gets a 304 without anything being rendered, and the
// last few renders are kept so a busy page is rendered once per change, not once per visitor.
import { createHash } from 'node:crypto';
import type { PublicStatusPage } from '../../src-shared/schemas/public-status.ts';
import { KLAXON_VERSION } from '../version.ts';

/**
 * Part of every ETag: a new release of Klaxon may render the same view differently, and a client holding the old
 * ETag must then get the new body rather than a 304. Bump RENDER_VERSION for such a change between releases.
 */
const RENDER_VERSION = `${KLAXON_VERSION}/1`;

/** The content of a view, without the time it was built (which changes on every request). */
export function viewDigest(page: PublicStatusPage): string {
  return createHash('sha1').update(JSON.stringify({ ...page, generatedAt: null })).digest('base64url');
}

/** A strong ETag for one rendering (`what`: the route and anything else its body depends on) of a view. */
export function etagOf(digest: string, what: string): string {
  return `"${createHash('sha1').update(`${RENDER_VERSION}\0${what}\0${digest}`).digest('base64url')}"`;
}

/** Whether an If-None-Match header (one tag, a list, or `*`, weak or strong) names `etag`. */
export function matches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  if (ifNoneMatch.trim() === '*') return true;
  return ifNoneMatch.split(',').some((t) => t.trim().replace(/^W\//, '') === etag);
}

/** The newest `size` renders by ETag; the oldest goes first. */
export class RenderCache {
  private readonly entries = new Map<string, string | Buffer>();
  private readonly size: number;
  constructor(size = 64) { this.size = size; }

  get<T extends string | Buffer>(etag: string, render: () => T): T {
    const hit = this.entries.get(etag);
    if (hit !== undefined) {
      this.entries.delete(etag);
      this.entries.set(etag, hit);
      return hit as T;
    }
    const body = render();
    this.entries.set(etag, body);
    if (this.entries.size > this.size) this.entries.delete(this.entries.keys().next().value!);
    return body;
  }
}

/** Whether the client takes gzip (`Accept-Encoding: gzip`, not refused with q=0). */
export function acceptsGzip(acceptEncoding: string | undefined): boolean {
  if (!acceptEncoding) return false;
  return acceptEncoding.split(',').some((part) => {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    return (name === 'gzip' || name === 'x-gzip') && !params.some((p) => /^\s*q=0(\.0*)?\s*$/.test(p));
  });
}
