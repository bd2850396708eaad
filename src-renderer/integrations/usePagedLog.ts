// A delivery log while it is open: the newest page loaded at once and again every few seconds (deliveries are this
// device's own record, not replicated ops, so the change feed never announces them), older pages on demand, and a
// delivery a command answered with (the test button, "send again") shown at once. Rows are keyed by id, which only
// grows, so a refresh merges into what is shown rather than resetting a reader who paged back.
import { useCallback, useEffect, useRef, useState } from 'react';
import { describeError } from '../bridge/bridge-error.ts';

export const LOG_REFRESH_MS = 5_000;

export interface LogPage<T> { items: T[]; nextBefore: number | null }

export interface PagedLog<T> {
  items: T[] | null;
  error: string | null;
  /** Whether an older page exists. */
  hasOlder: boolean;
  loadingOlder: boolean;
  loadOlder(): void;
  refresh(): void;
  put(item: T): void;
}

const newestFirst = <T extends { id: number }>(a: T, b: T) => b.id - a.id;

export function usePagedLog<T extends { id: number }>(fetchPage: (before: number | undefined) => Promise<LogPage<T>>, refreshMs = LOG_REFRESH_MS): PagedLog<T> {
  const [state, setState] = useState<{ items: T[] | null; nextBefore: number | null; error: string | null }>({ items: null, nextBefore: null, error: null });
  const [loadingOlder, setLoadingOlder] = useState(false);
  const fetchRef = useRef(fetchPage);
  fetchRef.current = fetchPage;
  const refreshing = useRef(false);

  const refresh = useCallback(() => {
    // One refresh at a time: a slow host gets no pile of requests from the timer.
    if (refreshing.current) return;
    refreshing.current = true;
    void fetchRef.current(undefined).then((page) => setState((cur) => {
      const fresh = page.items;
      const oldest = fresh.at(-1)?.id;
      const known = cur.items ?? [];
      // The fresh page reaches what was shown (or is all there is): keep the older rows already paged in. Otherwise more
      // arrived than a page holds, and the rows shown are no longer contiguous with it: start again from the newest.
      const joins = page.nextBefore === null || known.length === 0 || (oldest !== undefined && oldest <= known[0]!.id);
      if (!joins) return { items: fresh, nextBefore: page.nextBefore, error: null };
      const older = oldest === undefined ? [] : known.filter((i) => i.id < oldest);
      return { items: [...fresh, ...older], nextBefore: older.length > 0 ? cur.nextBefore : page.nextBefore, error: null };
    }), (err: unknown) => setState((cur) => ({ ...cur, error: describeError(err) }))).finally(() => { refreshing.current = false; });
  }, []);

  const loadOlder = useCallback(() => {
    const before = state.nextBefore;
    if (before === null) return;
    setLoadingOlder(true);
    void fetchRef.current(before).then((page) => setState((cur) => {
      const seen = new Set((cur.items ?? []).map((i) => i.id));
      return { items: [...(cur.items ?? []), ...page.items.filter((i) => !seen.has(i.id))], nextBefore: page.nextBefore, error: null };
    }), (err: unknown) => setState((cur) => ({ ...cur, error: describeError(err) }))).finally(() => setLoadingOlder(false));
  }, [state.nextBefore]);

  const put = useCallback((item: T) => setState((cur) => ({
    ...cur, items: [...(cur.items ?? []).filter((i) => i.id !== item.id), item].sort(newestFirst),
  })), []);

  useEffect(() => {
    refresh();
    const timer = setInterval(refresh, refreshMs);
    return () => clearInterval(timer);
  }, [refresh, refreshMs]);

  return { items: state.items, error: state.error, hasOlder: state.nextBefore !== null, loadingOlder, loadOlder, refresh, put };
}
