// The window's built HTML entries (dist/renderer): `index.html` (the window) and `sign-in.html` (where a
// `klaxon open` link lands). Read once: they only change with a rebuild, which means a restart.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { messagePage } from './pages.ts';

export type BuiltPage = 'index.html' | 'sign-in.html';

export const NOT_BUILT_PAGE = messagePage('Window not built', 'This Klaxon was started without a built window. Run npm run build:renderer, then restart klaxon serve.');

/** A reader of the built pages under `rendererDir`; it answers undefined for a page that is not built. */
export function builtPages(rendererDir: string | undefined): (page: BuiltPage) => string | undefined {
  const dir = rendererDir ? path.resolve(rendererDir) : undefined;
  const cache = new Map<BuiltPage, string>();
  return (page) => {
    if (!cache.has(page) && dir) {
      try { cache.set(page, readFileSync(path.join(dir, page), 'utf8')); } catch { /* not built */ }
    }
    return cache.get(page);
  };
}
