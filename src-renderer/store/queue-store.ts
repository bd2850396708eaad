// The queue's state: every incident the window holds (the server's snapshots), optimistic patches waiting for the
// server's answer, and what follows from both — the ordered list, the filtered view, selection and the keyboard
// cursor. A command shows its effect at once; if the server refuses, the patch is dropped (the row rolls back to
// the server's snapshot) and the refusal is shown. Plain zustand (no React), so it is tested in Node.
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { ChangeNotice, KlaxonApi } from '../../src-shared/api.ts';
import type { Incident, UpdateIncident } from '../../src-shared/schemas/incidents.ts';
import type { ResponderStatus } from '../../src-shared/schemas/common.ts';
import { effectiveStatus, nextStatusChangeAt, transitionTo } from '../../src-shared/domain/lifecycle.ts';
import { describeError } from '../bridge/bridge-error.ts';
import {
  DEFAULT_FILTERS, LOADED_STATUSES, displayed, filterQueue, reposition, sortForQueue, statusesToFetch,
  type QueueFilters,
} from './queue-order.ts';

export interface UserError { id: number; message: string }

export interface QueueState {
  /** Displayed incidents by id (server snapshot + pending patch + time). */
  shown: ReadonlyMap<string, Incident>;
  /** Every displayed incident in queue order. */
  ordered: readonly Incident[];
  /** `ordered` through the filters: the rows of the list. */
  visible: readonly Incident[];
  filters: QueueFilters;
  selected: ReadonlySet<string>;
  cursorId: string | null;
  /** `ready` once the first page is shown; `loadingMore` while the rest of the load (open and suppressed) arrives. */
  phase: 'idle' | 'loading' | 'ready' | 'failed';
  loadingMore: boolean;
  loadError: string | null;
  /** Incidents the load brings (`LOADED_STATUSES`: open and suppressed), as the last page said. */
  loadTotal: number;
  errors: readonly UserError[];
  /** Ids with a command in flight (rows show it). */
  busy: ReadonlySet<string>;
}

export interface QueueActions {
  load(): Promise<void>;
  applyChange(notice: ChangeNotice): void;
  setFilters(patch: Partial<QueueFilters>): void;
  toggleSelected(id: string): void;
  setSelected(ids: readonly string[]): void;
  clearSelection(): void;
  moveCursor(delta: number): void;
  setCursor(id: string | null): void;
  acknowledge(ids: readonly string[]): Promise<boolean>;
  resolve(ids: readonly string[]): Promise<boolean>;
  snooze(ids: readonly string[], minutes: number): Promise<boolean>;
  reopen(id: string): Promise<boolean>;
  /** Urgency, priority, assignee, title… (optimistic like the status commands). */
  update(id: string, patch: UpdateIncident): Promise<boolean>;
  /** Puts server snapshots in (a command's answer, an incident fetched on its own). */
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
  /** Page size of the initial load (the API allows up to 200). */
  pageSize?: number;
}

const MAX_ERRORS = 5;
/** Above this many changed rows at once, sorting everything beats moving rows one by one. */
const RESORT_THRESHOLD = 64;
/** How many recent resolved/suppressed incidents a filter for them fetches. */
const EXTRA_STATUS_LIMIT = 1000;

interface Pending { token: number; patch: Partial<Incident> }

export function createQueueStore(deps: QueueDeps): QueueStore {
  const { api } = deps;
  const now = deps.now ?? Date.now;
  const pageSize = deps.pageSize ?? 200;
  const server = new Map<string, Incident>();
  const pending = new Map<string, Pending>();
  const fetchedStatuses = new Set<ResponderStatus>();
  let tokenSeq = 0;
  let errorSeq = 0;
  let wakeTimer: ReturnType<typeof setTimeout> | undefined;
  let loadRun = 0;

  const store = createStore<QueueState & QueueActions>()((set, get) => {
    /** Recomputes the displayed rows for `ids` and everything derived from them, in one `set`. */
    const commit = (ids: Iterable<string>, opts: { resort?: boolean } = {}) => {
      const state = get();
      const t = now();
      const shown = new Map(state.shown);
      let ordered = state.ordered.slice();
      const moves: [Incident | undefined, Incident | undefined][] = [];
      for (const id of new Set(ids)) {
        const before = shown.get(id);
        const srv = server.get(id);
        const after = srv && srv.mergedInto === null ? displayed(srv, pending.get(id)?.patch, t) : undefined;
        if (before === after) continue;
        if (after) shown.set(id, after); else shown.delete(id);
        moves.push([before, after]);
      }
      if (moves.length === 0 && !opts.resort) return;
      if (opts.resort || moves.length > RESORT_THRESHOLD) ordered = sortForQueue([...shown.values()]);
      else for (const [before, after] of moves) reposition(ordered, before, after);
      set({ shown, ordered, ...deriveView(state, ordered, state.filters, shown) });
      scheduleWake();
    };

    /** The filtered view, and a selection and cursor that still point at rows that exist. */
    const deriveView = (state: QueueState, ordered: readonly Incident[], filters: QueueFilters, shown: ReadonlyMap<string, Incident>) => {
      const visible = filterQueue(ordered, filters);
      let cursorId = state.cursorId;
      if (cursorId !== null && !visible.some((i) => i.id === cursorId)) {
        // The cursor's row left the view (resolved, filtered out): stay at the same place in the list.
        const oldIndex = state.visible.findIndex((i) => i.id === cursorId);
        cursorId = visible[Math.min(Math.max(oldIndex, 0), visible.length - 1)]?.id ?? null;
      }
      let selected = state.selected;
      if ([...selected].some((id) => !shown.has(id))) selected = new Set([...selected].filter((id) => shown.has(id)));
      return { visible, cursorId, selected };
    };

    const putServer = (incidents: readonly Incident[]): string[] => {
      const ids: string[] = [];
      for (const inc of incidents) {
        const have = server.get(inc.id);
        // Answers and pushes can cross; the later snapshot wins.
        if (have && have.updatedAt > inc.updatedAt) continue;
        server.set(inc.id, inc);
        ids.push(inc.id);
      }
      return ids;
    };

    /**
     * Wakes the store when the clock next changes a displayed status. Asked of every row, whatever its status: the
     * domain knows which ones time moves (a snooze, a maintenance suppression with an end), the window does not.
     * Displayed rows, not server snapshots, so a pending optimistic snooze counts too.
     */
    const scheduleWake = () => {
      if (wakeTimer !== undefined) clearTimeout(wakeTimer);
      wakeTimer = undefined;
      const t = now();
      let next = Infinity;
      for (const inc of get().shown.values()) {
        const at = nextStatusChangeAt(inc, t);
        if (at !== null && at < next) next = at;
      }
      if (next !== Infinity) wakeTimer = setTimeout(() => get().tick(), Math.min(next - t + 50, 2 ** 31 - 1));
    };

    const reportError = (message: string) => {
      const errors = [...get().errors, { id: ++errorSeq, message }].slice(-MAX_ERRORS);
      set({ errors });
    };

    const fetchStatuses = async (statuses: ResponderStatus[], limit: number, onPage?: (total: number, ids: string[]) => void) => {
      const seen: string[] = [];
      let cursor: string | undefined;
      let batch: string[] = [];
      let first = true;
      do {
        const page = await api.send('incidents.list', { status: statuses, limit: pageSize, ...(cursor ? { cursor } : {}) });
        const ids = putServer(page.incidents);
        seen.push(...page.incidents.map((i) => i.id));
        batch.push(...ids);
        cursor = page.nextCursor ?? undefined;
        // Show the first page at once; then commit in large batches so 10,000 rows sort a few times, not fifty.
        if (first || batch.length >= 2000 || !cursor || seen.length >= limit) {
          commit(batch, { resort: !first });
          batch = [];
          first = false;
        }
        onPage?.(page.total, seen);
      } while (cursor && seen.length < limit);
      return seen;
    };

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
      set({ busy: new Set([...get().busy, ...ids]) });
      commit(ids);
      const settle = () => {
        for (const id of ids) if (pending.get(id)?.token === token) pending.delete(id);
        const busy = new Set(get().busy);
        for (const id of ids) busy.delete(id);
        set({ busy });
      };
      try {
        const result = await call();
        settle();
        const changed = putServer(Array.isArray(result) ? result : [result]);
        commit([...ids, ...changed]);
        return true;
      } catch (err) {
        settle();
        commit(ids);
        const what = titles.length === 1 ? `“${titles[0]}”` : `${titles.length} incidents`;
        reportError(`Could not ${verb} ${what}: ${describeError(err)}`);
        return false;
      }
    };

    return {
      shown: new Map(),
      ordered: [],
      visible: [],
      filters: DEFAULT_FILTERS,
      selected: new Set(),
      cursorId: null,
      phase: 'idle',
      loadingMore: false,
      loadError: null,
      loadTotal: 0,
      errors: [],
      busy: new Set(),

      async load() {
        const run = ++loadRun;
        const startedAt = new Set(server.keys());
        if (get().phase !== 'ready') set({ phase: 'loading', loadError: null });
        try {
          // Suppressed ones too (see LOADED_STATUSES): a maintenance window's end turns them triggered by the clock.
          const seen = await fetchStatuses([...LOADED_STATUSES], Infinity, (total, ids) => {
            if (run !== loadRun) return;
            set({ phase: 'ready', loadTotal: total, loadingMore: ids.length < total });
          });
          if (run !== loadRun) return;
          for (const s of LOADED_STATUSES) fetchedStatuses.add(s);
          // After a gap (resync), incidents we thought open or suppressed that the server no longer lists as such have
          // closed or merged elsewhere: forget them rather than show stale rows.
          const seenSet = new Set(seen);
          const gone = [...startedAt].filter((id) => !seenSet.has(id) && LOADED_STATUSES.includes(server.get(id)?.status ?? 'resolved'));
          for (const id of gone) server.delete(id);
          commit(gone);
          set({ phase: 'ready', loadingMore: false });
          await ensureStatuses(get().filters);
        } catch (err) {
          if (run !== loadRun) return;
          set({ phase: get().phase === 'ready' ? 'ready' : 'failed', loadingMore: false, loadError: describeError(err) });
        }
      },

      applyChange(notice) {
        if (notice.incidents.length > 0) commit(putServer(notice.incidents));
        if (notice.resync) void get().load();
      },

      setFilters(patch) {
        const state = get();
        const filters = { ...state.filters, ...patch };
        set({ filters, ...deriveView(state, state.ordered, filters, state.shown) });
        void ensureStatuses(filters);
      },

      toggleSelected(id) {
        const selected = new Set(get().selected);
        if (selected.has(id)) selected.delete(id); else selected.add(id);
        set({ selected });
      },
      setSelected(ids) { set({ selected: new Set(ids) }); },
      clearSelection() { set({ selected: new Set() }); },

      moveCursor(delta) {
        const { visible, cursorId } = get();
        if (visible.length === 0) return;
        const at = cursorId === null ? -1 : visible.findIndex((i) => i.id === cursorId);
        const next = at === -1 ? (delta > 0 ? 0 : visible.length - 1) : Math.min(Math.max(at + delta, 0), visible.length - 1);
        set({ cursorId: visible[next]!.id });
      },
      setCursor(id) { set({ cursorId: id }); },

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
        commit([id]);
        try {
          const result = await api.send('incidents.update', { id, patch });
          if (pending.get(id)?.token === token) pending.delete(id);
          commit([id, ...putServer([result])]);
          return true;
        } catch (err) {
          if (pending.get(id)?.token === token) pending.delete(id);
          commit([id]);
          reportError(`Could not change “${title}”: ${describeError(err)}`);
          return false;
        }
      },

      upsert(incidents) { commit(putServer(incidents)); },
      reportError,
      dismissError(id) { set({ errors: get().errors.filter((e) => e.id !== id) }); },
      tick() {
        // The rows whose status the clock has changed since they were displayed (the domain's rule decides which).
        const t = now();
        commit([...get().shown.values()].filter((i) => effectiveStatus(i, t) !== i.status).map((i) => i.id));
        // Also when nothing changed (a timer that fired early): the next change still needs a wake.
        scheduleWake();
      },
      dispose() {
        if (wakeTimer !== undefined) clearTimeout(wakeTimer);
        loadRun++;
      },
    };

    async function ensureStatuses(filters: QueueFilters) {
      const missing = statusesToFetch(filters.status).filter((s) => !fetchedStatuses.has(s));
      if (missing.length === 0) return;
      for (const s of missing) fetchedStatuses.add(s);
      try {
        await fetchStatuses(missing, EXTRA_STATUS_LIMIT);
      } catch (err) {
        for (const s of missing) fetchedStatuses.delete(s);
        reportError(`Could not load ${missing.join(' and ')} incidents: ${describeError(err)}`);
      }
    }
  });
  return store;
}
