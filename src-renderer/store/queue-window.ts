// The rows the window holds of the host's list: pages of PAGE_SIZE ids, at most MAX_PAGES of them, so that a storm
// of any size costs the window the same. Pure: which pages the view needs, which to fetch next, which to let go.

export const PAGE_SIZE = 100;
/** Pages held at most (the least recently used go first); with a few opened on their own, the rows in memory. */
export const MAX_PAGES = 6;
/** The host answers at most 200 rows a call: two pages. */
export const PAGES_PER_FETCH = 2;

export interface HeldPage {
  /** Row ids in the host's order: row `page * PAGE_SIZE + i` is `ids[i]`. */
  ids: readonly string[];
  /** The data version it was fetched at: older than the store's means a change may have moved its rows. */
  version: number;
  /** When it was fetched: the oldest go first. */
  usedAt: number;
}

export type Pages = ReadonlyMap<number, HeldPage>;

export const pageOf = (index: number): number => Math.floor(index / PAGE_SIZE);

/** Pages the view needs: those under the rows on screen, and the keyboard cursor's. Empty list: page 0 (the counts). */
export function wantedPages(range: { start: number; end: number } | null, cursorIndex: number, total: number): number[] {
  const last = Math.max(0, pageOf(Math.max(total - 1, 0)));
  const wanted = new Set<number>();
  if (range) for (let p = pageOf(range.start); p <= Math.min(pageOf(range.end), last); p++) wanted.add(p);
  if (cursorIndex >= 0) wanted.add(Math.min(pageOf(cursorIndex), last));
  if (wanted.size === 0) wanted.add(0);
  return [...wanted].sort((a, b) => a - b);
}

/**
 * The next call to make, if any: pages missing first (what is on screen shows nothing), then pages fetched before
 * the latest change (`version`) unless `staleAllowed` is false (a refresh is not due yet). Two adjacent pages go in
 * one call, so they come from one snapshot.
 */
export function nextFetch(wanted: readonly number[], held: Pages, version: number, staleAllowed: boolean): { page: number; pages: number } | null {
  const missing = wanted.filter((p) => !held.has(p));
  const stale = staleAllowed ? wanted.filter((p) => held.has(p) && held.get(p)!.version < version) : [];
  const todo = missing.length > 0 ? missing : stale;
  const first = todo[0];
  if (first === undefined) return null;
  const pages = todo.includes(first + 1) ? PAGES_PER_FETCH : 1;
  return { page: first, pages };
}

/** Pages kept: every wanted one; others only if not stale, the most recently fetched first, up to MAX_PAGES. */
export function keepPages(held: Pages, wanted: readonly number[], version: number): Map<number, HeldPage> {
  const keep = new Map<number, HeldPage>();
  for (const p of wanted) { const h = held.get(p); if (h) keep.set(p, h); }
  const others = [...held].filter(([p, h]) => !keep.has(p) && h.version >= version).sort((a, b) => b[1].usedAt - a[1].usedAt);
  for (const [p, h] of others) {
    if (keep.size >= MAX_PAGES) break;
    keep.set(p, h);
  }
  return keep;
}

/** The id at a row index, if its page is held. */
export function idAt(held: Pages, index: number): string | undefined {
  return held.get(pageOf(index))?.ids[index % PAGE_SIZE];
}

/** The row index of an id among held pages, or -1. */
export function indexOfId(held: Pages, id: string): number {
  for (const [p, h] of held) {
    const i = h.ids.indexOf(id);
    if (i !== -1) return p * PAGE_SIZE + i;
  }
  return -1;
}
