// The queue's state: a window onto the host's list. The host sorts, filters and counts; the window holds only the
// pages of rows around what is on screen (queue-window.ts: a few pages, whatever the size of a storm) plus a few
// incidents opened on their own, patches the rows it holds in place when a change arrives, and asks the host again
// for what is on screen (a refresh, at most one call at a time and spaced out while changes pour in). A command shows
// its effect at once (an optimistic patch); if the host refuses, the patch is dropped (the row rolls back to the
// host's snapshot) and the refusal is shown. Plain zustand (no React), so it is tested in Node.
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { ChangeNotice, KlaxonApi } from '../../src-shared/api.ts';
import type { Incident, IncidentCounts, UpdateIncident } from '../../src-shared/schemas/incidents.ts';
import { effectiveStatus, nextStatusChangeAt, transitionTo } from '../../src-shared/domain/lifecycle.ts';
import { describeError } from '../bridge/bridge-error.ts';
import { DEFAULT_FILTERS, countsAreGlobal, displayed, listQueryFor, placementChanged, type QueueFilters } from './queue-order.ts';
import {
  PAGE_SIZE, idAt, indexOfId, keepPages, nextFetch, wantedPages, type HeldPage, type Pages,
} from './queue-window.ts';

export interface UserError { id: number; message: string }

export interface QueueState {
  /** Incidents the window holds, displayed (host snapshot + pending patch + time): rows of held pages and pinned ones. */
  shown: ReadonlyMap<string, Incident>;
  /** Held pages of the list under the filters (queue-window.ts). */
  pages: Pages;
  /** Rows under the filters, as the host counted them. */
  total: number;
  /** The host's counts under the service and search filters (see IncidentCounts); null before the first answer. */
  counts: IncidentCounts | null;
  /** Triggered incidents in the whole queue, whatever the filters (the header). */
  triggeredTotal: number;
  filters: QueueFilters;
  selected: ReadonlySet<string>;
  /** The keyboard cursor: its row's id (null while its page loads) and its index in the list (-1: none). */
  cursorId: string | null;
  cursorIndex: number;
  /** `ready` once the first answer is in. */
  phase: 'idle' | 'loading' | 'ready' | 'failed';
  loadError: string | null;
  errors: readonly UserError[];
  /** Ids with a command in flight (rows show it). */
  busy: ReadonlySet<string>;
}

export interface QueueActions {
  /** First load, and again after a gap in the change feed. */
  load(): Promise<void>;
  applyChange(notice: ChangeNotice): void;
  setFilters(patch: Partial<QueueFilters>): void;
  /** The rows on screen (the list calls this as it scrolls); their pages are fetched if not held. */
  setRange(start: number, end: number): void;
  toggleSelected(id: string): void;
  setSelected(ids: readonly string[]): void;
  /** Selects every row under the filters (up to SELECT_ALL_LIMIT), fetching ids the window does not hold. */
  selectAll(): Promise<void>;
  clearSelection(): void;
  moveCursor(delta: number): void;
  setCursor(id: string | null): void;
  acknowledge(ids: readonly string[]): Promise<boolean>;
  resolve(ids: readonly string[]): Promise<boolean>;
  snooze(ids: readonly string[], minutes: number): Promise<boolean>;
  reopen(id: string): Promise<boolean>;
  /** Urgency, priority, assignee, title… (optimistic like the status commands). */
  update(id: string, patch: UpdateIncident): Promise<boolean>;
  /** Holds host snapshots the list may not hold (an incident opened on its own, a command's answer). */
  upsert(incidents: readonly Incident[]): void;
  reportError(message: string): void;
  dismissError(id: number): void;
  /** Re-derives time-dependent state (a snooze or a maintenance window that ended). Called by the store's own timer. */
  tick(): void;
  dispose(): void;
}

export type QueueStore = StoreApi<QueueState & QueueActions>;

export interface QueueDeps {
  api: KlaxonApi;
  now?: () => number;
  /**
   * Least time between two refreshes caused by changes (default 25 ms). A quiet queue refreshes at once; in a storm
   * the spacing grows with what a refresh costs (REFRESH_SPACING).
   */
  minRefreshMs?: number;
}

/** The row at a list index, if the window holds it. */
export const rowAt = (s: Pick<QueueState, 'pages' | 'shown'>, index: number): Incident | undefined => {
  const id = idAt(s.pages, index);
  return id === undefined ? undefined : s.shown.get(id);
};

export const SELECT_ALL_LIMIT = 500;
const MAX_ERRORS = 5;
/** Incidents opened on their own held at most (the incident view, a new incident). */
const MAX_PINNED = 20;
/**
 * Refreshes go at once while they took less than REFRESH_BUDGET_MS of the last second; past that (a storm), each
 * waits this many times the last one's duration: the window never takes most of the host.
 */
const REFRESH_SPACING = 4;
const REFRESH_BUDGET_MS = 250;

interface Pending { token: number; patch: Partial<Incident> }

export function createQueueStore(deps: QueueDeps): QueueStore {
  const { api } = deps;
  const now = deps.now ?? Date.now;
  const minRefreshMs = deps.minRefreshMs ?? 25;
  /** Host snapshots of the rows held (pages and pinned). */
  const server = new Map<string, Incident>();
  const pinned: string[] = [];
  const pending = new Map<string, Pending>();
  let tokenSeq = 0;
  let errorSeq = 0;
  let wakeTimer: ReturnType<typeof setTimeout> | undefined;
  let refreshTimer: ReturnType<typeof setTimeout> | undefined;
  let disposed = false;
  // What the held pages are worth: `filtersVersion` changes with the filters (pages of other filters are dropped),
  // `dataVersion` with every change that may move rows (pages fetched before it are refreshed).
  let filtersVersion = 0;
  let dataVersion = 0;
  let range: { start: number; end: number } | null = null;
  let lastRefreshAt = -Infinity;
  let lastRefreshMs = 0;
  /** Refreshes of the last second: when they started and how long they took. */
  const recentRefreshes: { at: number; ms: number }[] = [];
  let hostWakeAt: number | null = null;
  let headerStale = true;

  const store = createStore<QueueState & QueueActions>()((set, get) => {
    /** Recomputes `shown` from the host snapshots held, pending patches and the clock; drops what is no longer held. */
    const refreshShown = (pages: Pages = get().pages) => {
      const t = now();
      const held = new Set<string>(pinned);
      for (const p of pages.values()) for (const id of p.ids) held.add(id);
      for (const id of server.keys()) if (!held.has(id)) server.delete(id);
      const before = get().shown;
      const shown = new Map<string, Incident>();
      let changed = before.size !== held.size;
      for (const id of held) {
        const srv = server.get(id);
        if (!srv) continue;
        // `displayed` returns the snapshot itself when nothing applies, so unchanged rows keep their object (memo).
        const next = displayed(srv, pending.get(id)?.patch, t);
        shown.set(id, next);
        if (next !== before.get(id)) changed = true;
      }
      return changed ? shown : before;
    };

    const putServer = (incidents: readonly Incident[]): Incident[] => {
      const moved: Incident[] = [];
      for (const inc of incidents) {
        const have = server.get(inc.id);
        // Answers and pushes can cross; the later snapshot wins.
        if (have && have.updatedAt > inc.updatedAt) continue;
        if (!have || placementChanged(have, inc)) moved.push(inc);
        server.set(inc.id, inc);
      }
      return moved;
    };

    const reconcileCursor = (pages: Pages, total: number): Pick<QueueState, 'cursorId' | 'cursorIndex'> => {
      const { cursorId, cursorIndex } = get();
      if (cursorIndex < 0 || total === 0) return { cursorId: null, cursorIndex: -1 };
      // The cursor stays on its row while the window holds it; a row that left (resolved, filtered out, moved far)
      // leaves the cursor at its place in the list, on the row that took it.
      const at = cursorId === null ? -1 : indexOfId(pages, cursorId);
      if (at !== -1) return { cursorId, cursorIndex: at };
      const index = Math.min(cursorIndex, total - 1);
      return { cursorId: idAt(pages, index) ?? null, cursorIndex: index };
    };

    /** Wakes the store when the clock next changes a status: of a row held (pending snoozes too), or anywhere on the host. */
    const scheduleWake = () => {
      if (wakeTimer !== undefined) clearTimeout(wakeTimer);
      wakeTimer = undefined;
      if (disposed) return;
      const t = now();
      let next = hostWakeAt ?? Infinity;
      for (const inc of get().shown.values()) {
        const at = nextStatusChangeAt(inc, t);
        if (at !== null && at < next) next = at;
      }
      if (next !== Infinity) wakeTimer = setTimeout(() => get().tick(), Math.min(Math.max(next - t, 0) + 50, 2 ** 31 - 1));
    };

    const reportError = (message: string) => {
      const errors = [...get().errors, { id: ++errorSeq, message }].slice(-MAX_ERRORS);
      set({ errors });
    };

    /** Something may have moved rows or changed counts: refresh what is on screen (spaced out, see `pump`). */
    const invalidate = () => {
      dataVersion++;
      headerStale = true;
      void pump();
    };

    /**
     * Fetches what the view needs, one call at a time, until nothing is missing or stale (or a refresh must wait).
     * Callers may await the run in progress.
     */
    let running: Promise<void> | null = null;
    let again = false;
    function pump(): Promise<void> {
      if (disposed) return Promise.resolve();
      // A run in progress may have decided there was nothing to do just before this call: it looks again.
      again = true;
      running ??= (async () => {
        try {
          while (again && !disposed) { again = false; await pumpLoop(); }
        } finally {
          running = null;
        }
      })();
      return running;
    }

    async function pumpLoop(): Promise<void> {
      for (;;) {
        if (disposed) return;
        const s = get();
        const wanted = wantedPages(range, s.cursorIndex, s.total);
        const refreshAt = nextRefreshAt();
        const due = now() >= refreshAt;
        const job = nextFetch(wanted, s.pages, dataVersion, due);
        if (job) {
          await fetchPages(job.page, job.pages);
          continue;
        }
        if (!due && wanted.some((p) => (s.pages.get(p)?.version ?? dataVersion) < dataVersion)) {
          if (refreshTimer === undefined) refreshTimer = setTimeout(() => { refreshTimer = undefined; pumpQuietly(); }, refreshAt - now());
          return;
        }
        if (headerStale && !countsAreGlobal(s.filters)) {
          await fetchHeader();
          continue;
        }
        return;
      }
    }

    /** When the next refresh caused by changes may go (see REFRESH_BUDGET_MS). */
    function nextRefreshAt(): number {
      const t = now();
      while (recentRefreshes.length > 0 && recentRefreshes[0]!.at < t - 1000) recentRefreshes.shift();
      const spent = recentRefreshes.reduce((n, r) => n + r.ms, 0);
      const spaced = lastRefreshAt + minRefreshMs;
      return spent < REFRESH_BUDGET_MS ? spaced : Math.max(spaced, lastRefreshAt + REFRESH_SPACING * lastRefreshMs);
    }

    async function fetchPages(page: number, count: number): Promise<void> {
      const fv = filtersVersion;
      const dv = dataVersion;
      const startedAt = now();
      const filters = get().filters;
      try {
        const answer = await api.send('incidents.list', listQueryFor(filters, page * PAGE_SIZE, count * PAGE_SIZE));
        if (disposed || fv !== filtersVersion) return;
        lastRefreshAt = startedAt;
        lastRefreshMs = now() - startedAt;
        recentRefreshes.push({ at: startedAt, ms: lastRefreshMs });
        putServer(answer.incidents);
        const s = get();
        const held = new Map(s.pages);
        for (let k = 0; k < count; k++) {
          const ids = answer.incidents.slice(k * PAGE_SIZE, (k + 1) * PAGE_SIZE).map((i) => i.id);
          held.set(page + k, { ids, version: dv, usedAt: now() });
        }
        const total = answer.total;
        const pages = keepPages(held, wantedPages(range, s.cursorIndex, total), dv);
        const counts = answer.counts ?? s.counts;
        // An instant already past here (this clock runs ahead of the host's) is asked about again a second later.
        const wakeAt = answer.nextStatusChangeAt ? Date.parse(answer.nextStatusChangeAt) : null;
        hostWakeAt = wakeAt === null ? null : wakeAt > now() ? wakeAt : now() + 1000;
        const header = countsAreGlobal(filters) && counts ? { triggeredTotal: counts.triggered.HIGH + counts.triggered.LOW } : {};
        if (countsAreGlobal(filters)) headerStale = false;
        set({ pages, total, counts, ...header, shown: refreshShown(pages), ...reconcileCursor(pages, total), phase: 'ready', loadError: null });
        scheduleWake();
      } catch (err) {
        if (disposed || fv !== filtersVersion) return;
        if (get().phase !== 'ready') set({ phase: 'failed', loadError: describeError(err) });
        else reportError(`Could not load incidents: ${describeError(err)}`);
        // Do not retry in a loop: the next change, scroll or filter asks again.
        lastRefreshAt = now();
        lastRefreshMs = Math.max(lastRefreshMs, 1000);
        throw err;
      }
    }

    /** The header's count when the filters narrow the counts (a service or a search): the queue's triggered total. */
    async function fetchHeader(): Promise<void> {
      headerStale = false;
      try {
        const answer = await api.send('incidents.list', { status: 'triggered', limit: 1 });
        if (!disposed) set({ triggeredTotal: answer.total });
      } catch { /* the header keeps its last count; the next change asks again */ }
    }

    const pumpQuietly = () => { pump().catch(() => { /* reported by fetchPages */ }); };

    /** Status commands: optimistic patch where the domain allows the move, the call, then the server's truth. */
    const runCommand = async (
      ids: readonly string[], verb: string, target: 'acknowledged' | 'resolved' | 'snoozed' | 'triggered',
      patchFor: (i: Incident, t: number) => Partial<Incident>,
      call: () => Promise<Incident | Incident[]>,
    ): Promise<boolean> => {
      const token = ++tokenSeq;
      const t = now();
      const titles = ids.map((id) => get().shown.get(id)?.title ?? id);
      for (const id of ids) {
        const current = get().shown.get(id);
        if (!current) continue;
        let move;
        try { move = transitionTo(current.status, target); } catch { continue; /* the server will say why */ }
        if (move === 'none') continue;
        pending.set(id, { token, patch: { ...pending.get(id)?.patch, ...patchFor(current, t) } });
      }
      set({ busy: new Set([...get().busy, ...ids]), shown: refreshShown() });
      const settle = () => {
        for (const id of ids) if (pending.get(id)?.token === token) pending.delete(id);
        const busy = new Set(get().busy);
        for (const id of ids) busy.delete(id);
        set({ busy });
      };
      try {
        const result = await call();
        settle();
        // In place now; then the host places the rows that moved (the change feed's notice will find them placed).
        const moved = putServer(Array.isArray(result) ? result : [result]);
        set({ shown: refreshShown() });
        if (moved.length > 0) invalidate(); else scheduleWake();
        return true;
      } catch (err) {
        settle();
        set({ shown: refreshShown() });
        const what = titles.length === 1 ? `“${titles[0]}”` : `${titles.length} incidents`;
        reportError(`Could not ${verb} ${what}: ${describeError(err)}`);
        return false;
      }
    };

    return {
      shown: new Map(),
      pages: new Map(),
      total: 0,
      counts: null,
      triggeredTotal: 0,
      filters: DEFAULT_FILTERS,
      selected: new Set(),
      cursorId: null,
      cursorIndex: -1,
      phase: 'idle',
      loadError: null,
      errors: [],
      busy: new Set(),

      async load() {
        if (get().phase !== 'ready') set({ phase: 'loading', loadError: null });
        dataVersion++;
        headerStale = true;
        // Not spaced out: a first load, a retry, or a resync after a gap goes at once.
        lastRefreshAt = -Infinity;
        await pump().catch(() => { /* shown as the load error or reported */ });
      },

      applyChange(notice) {
        if (notice.resync) { void get().load(); return; }
        if (notice.incidents.length === 0) return;
        // Rows the window holds change in place at once.
        const mine = notice.incidents.filter((i) => server.has(i.id));
        const moved = putServer(mine).length > 0 || mine.length < notice.incidents.length;
        if (mine.length > 0) set({ shown: refreshShown() });
        // Anything the window does not hold (a new incident), or a row whose status, urgency, priority, service or
        // searched words changed, may move rows or counts: the host places it. A repeat alert (a count) moves nothing.
        if (moved) invalidate();
        else scheduleWake();
      },

      setFilters(patch) {
        const filters = { ...get().filters, ...patch };
        filtersVersion++;
        dataVersion++;
        headerStale = true;
        lastRefreshAt = -Infinity;
        const pages = new Map<number, HeldPage>();
        // The cursor keeps its row if the new list has it near the top; else it goes to the first row.
        set({ filters, pages, shown: refreshShown(pages), cursorIndex: get().cursorIndex >= 0 ? 0 : -1 });
        pumpQuietly();
      },

      setRange(start, end) {
        if (range && range.start === start && range.end === end) return;
        range = { start, end };
        pumpQuietly();
      },

      toggleSelected(id) {
        const selected = new Set(get().selected);
        if (selected.has(id)) selected.delete(id); else selected.add(id);
        set({ selected });
      },
      setSelected(ids) { set({ selected: new Set(ids) }); },
      async selectAll() {
        const { total, filters } = get();
        if (total === 0 || total > SELECT_ALL_LIMIT) return;
        const ids: string[] = [];
        try {
          for (let offset = 0; offset < total; offset += 200) {
            const answer = await api.send('incidents.list', { ...listQueryFor(filters, offset, 200), counts: false });
            ids.push(...answer.incidents.map((i) => i.id));
            if (answer.incidents.length < 200) break;
          }
          set({ selected: new Set(ids) });
        } catch (err) {
          reportError(`Could not select every incident: ${describeError(err)}`);
        }
      },
      clearSelection() { set({ selected: new Set() }); },

      moveCursor(delta) {
        const { total, cursorIndex, pages } = get();
        if (total === 0) return;
        const next = cursorIndex < 0 ? (delta > 0 ? 0 : total - 1) : Math.min(Math.max(cursorIndex + delta, 0), total - 1);
        set({ cursorIndex: next, cursorId: idAt(pages, next) ?? null });
        // Its page may not be held (a long jump): fetch it; the list scrolls there meanwhile.
        pumpQuietly();
      },
      setCursor(id) {
        if (id === null) { set({ cursorId: null, cursorIndex: -1 }); return; }
        set({ cursorId: id, cursorIndex: indexOfId(get().pages, id) });
      },

      acknowledge(ids) {
        return runCommand(ids, 'acknowledge', 'acknowledged',
          (_i, t) => ({ status: 'acknowledged', acknowledgedAt: new Date(t).toISOString(), snoozedUntil: null }),
          () => api.send('incidents.acknowledge', { ids: [...ids] }));
      },
      resolve(ids) {
        return runCommand(ids, 'resolve', 'resolved',
          (_i, t) => ({ status: 'resolved', resolvedAt: new Date(t).toISOString(), snoozedUntil: null }),
          () => api.send('incidents.resolve', { ids: [...ids] }));
      },
      snooze(ids, minutes) {
        return runCommand(ids, `snooze`, 'snoozed',
          (_i, t) => ({ status: 'snoozed', snoozedUntil: new Date(t + minutes * 60_000).toISOString() }),
          () => api.send('incidents.snooze', { ids: [...ids], minutes }));
      },
      reopen(id) {
        return runCommand([id], 're-open', 'triggered',
          () => ({ status: 'triggered', resolvedAt: null, resolvedBy: null, acknowledgedAt: null, acknowledgedBy: null }),
          () => api.send('incidents.update', { id, patch: { status: 'OPEN' } }));
      },
      async update(id, patch) {
        const token = ++tokenSeq;
        const optimistic: Partial<Incident> = {};
        if (patch.urgency !== undefined) optimistic.urgency = String(patch.urgency).toUpperCase() as Incident['urgency'];
        if (patch.priority !== undefined) optimistic.priority = patch.priority ? String(patch.priority).toUpperCase() as Incident['priority'] : null;
        if (patch.assigneeId !== undefined) optimistic.assignee = patch.assigneeId ? { id: patch.assigneeId } : null;
        if (patch.title !== undefined) optimistic.title = patch.title;
        const title = get().shown.get(id)?.title ?? id;
        pending.set(id, { token, patch: { ...pending.get(id)?.patch, ...optimistic } });
        set({ shown: refreshShown() });
        try {
          const result = await api.send('incidents.update', { id, patch });
          if (pending.get(id)?.token === token) pending.delete(id);
          const moved = putServer([result]);
          set({ shown: refreshShown() });
          if (moved.length > 0) invalidate();
          return true;
        } catch (err) {
          if (pending.get(id)?.token === token) pending.delete(id);
          set({ shown: refreshShown() });
          reportError(`Could not change “${title}”: ${describeError(err)}`);
          return false;
        }
      },

      upsert(incidents) {
        for (const inc of incidents) {
          const at = pinned.indexOf(inc.id);
          if (at !== -1) pinned.splice(at, 1);
          pinned.push(inc.id);
        }
        pinned.splice(0, Math.max(0, pinned.length - MAX_PINNED));
        putServer(incidents);
        set({ shown: refreshShown() });
        scheduleWake();
      },
      reportError,
      dismissError(id) { set({ errors: get().errors.filter((e) => e.id !== id) }); },
      tick() {
        const t = now();
        // Rows held whose status the clock changed show it at once; the host then places them and recounts.
        const changed = [...get().shown.values()].some((i) => effectiveStatus(i, t) !== i.status);
        if (changed) set({ shown: refreshShown() });
        if (changed || (hostWakeAt !== null && hostWakeAt <= t)) { hostWakeAt = null; invalidate(); }
        scheduleWake();
      },
      dispose() {
        disposed = true;
        if (wakeTimer !== undefined) clearTimeout(wakeTimer);
        if (refreshTimer !== undefined) clearTimeout(refreshTimer);
      },
    };
  });
  return store;
}
