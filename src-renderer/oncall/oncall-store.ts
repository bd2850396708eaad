// What the On-call page shows: people, schedules with their shifts over the two weeks in view, escalation policies,
// who is on call now, and who "you" are (for "Cover me"; a device with no person yet is given one on first load).
// Loaded on open and again when the change feed says on-call or the roster changed; and, since who is on call is the
// clock's business, again at the next handoff the host announced (or local midnight, when the two weeks move on).
// Reloads never overlap; a burst of notices costs one more.
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { ChangeNotice, KlaxonApi } from '../../src-shared/api.ts';
import type { EscalationPolicy, OnCallNow, Schedule, Shift } from '../../src-shared/schemas/oncall.ts';
import type { User } from '../../src-shared/schemas/team.ts';
import { describeError } from '../bridge/bridge-error.ts';
import { timelineRange, type Range } from './timeline-layout.ts';

/** However quiet the schedules, look again this often (a teammate's clock, a missed notice). */
export const MAX_RELOAD_WAIT_MS = 10 * 60_000;
/** A handoff is announced to the minute; ask a moment after it so the host's answer is the new one. */
const AFTER_CHANGE_MS = 1_000;
/** After a failed reload, wait at least this long before the clock asks again. */
export const RETRY_AFTER_ERROR_MS = 30_000;

export interface OnCallStoreOptions {
  /** Only people, schedules and policies (the incident page and Settings name them): no shifts, no "now". */
  directory?: boolean;
  clock?: () => number;
}

export interface OnCallState {
  users: readonly User[] | null;
  schedules: readonly Schedule[] | null;
  policies: readonly EscalationPolicy[] | null;
  now: OnCallNow | null;
  /** Per schedule id: its final shifts (overrides applied) over `range`. */
  shifts: Readonly<Record<string, readonly Shift[]>>;
  range: Range;
  /** This machine's person, when the host knows one (null over a session opened with an API key). */
  selfUserId: string | null;
  /** The last reload's failure; what was loaded before stays shown. */
  error: string | null;
}

export interface OnCallActions {
  reload(): Promise<void>;
  applyChange(notice: ChangeNotice): void;
  /** Subscribes to the feed and keeps the clock's reloads going; returns the stop. */
  start(): () => void;
}

export type OnCallStore = StoreApi<OnCallState & OnCallActions>;

/** The next instant the page's answer changes by itself: a handoff, the end of a gap, or the two weeks moving on. */
export function nextChangeAt(s: Pick<OnCallState, 'now' | 'range'>, nowMs: number): number {
  // The two weeks start at today's midnight: past the next one, the page shows the wrong days.
  if (timelineRange(nowMs).from !== s.range.from) return nowMs;
  const instants = [timelineRange(nowMs, 1).to];
  for (const sch of s.now?.schedules ?? []) {
    if (sch.until) instants.push(Date.parse(sch.until));
    if (sch.next) instants.push(Date.parse(sch.next.start));
  }
  for (const p of s.now?.policies ?? []) for (const l of p.levels) for (const person of l.people) if (person.until) instants.push(Date.parse(person.until));
  const future = instants.filter((t) => t > nowMs);
  return Math.min(nowMs + MAX_RELOAD_WAIT_MS, ...future);
}

export function createOnCallStore(api: KlaxonApi, opts: OnCallStoreOptions = {}): OnCallStore {
  const clock = opts.clock ?? Date.now;
  let loading: { again: boolean; done: Promise<void> } | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let running = false;
  let askedForSelf = false;

  return createStore<OnCallState & OnCallActions>()((set, get) => {
    const fetchDirectory = async () => {
      const [users, schedules, policies] = await Promise.all([api.send('users.list'), api.send('schedules.list'), api.send('policies.list')]);
      set({ users, schedules, policies, error: null });
    };

    const fetchAll = async () => {
      const range = timelineRange(clock());
      const from = new Date(range.from).toISOString();
      const to = new Date(range.to).toISOString();
      const [listed, schedules, policies, now, known] = await Promise.all([
        api.send('users.list'), api.send('schedules.list'), api.send('policies.list'), api.send('oncall.now'),
        // Who "you" are only prefills "Cover me": a host that will not say leaves the person to be picked.
        api.send('team.status').then((t) => t.self.userId, () => null),
      ]);
      let [users, self] = [listed, known];
      if (self === null && !askedForSelf) {
        // No person for this device yet (one in no team): the host makes one now, once, so that "me" can be put on
        // call. A session that may not (a key without admin) leaves the person to be picked.
        askedForSelf = true;
        const me = await api.send('users.ensureSelf').catch(() => null);
        if (me) [users, self] = [await api.send('users.list'), me.id];
      }
      const lists = await Promise.all(schedules.map((s) => api.send('schedules.shifts', { id: s.id, from, to })));
      const shifts = Object.fromEntries(schedules.map((s, i) => [s.id, lists[i]!]));
      set({ users, schedules, policies, now, shifts, range, selfUserId: self, error: null });
    };

    const schedule = () => {
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
      if (!running || opts.directory) return;
      const t = clock();
      const wait = Math.max(0, nextChangeAt(get(), t) - t) + AFTER_CHANGE_MS;
      timer = setTimeout(() => void get().reload(), get().error ? Math.max(wait, RETRY_AFTER_ERROR_MS) : wait);
    };

    const reload = (): Promise<void> => {
      if (loading) { loading.again = true; return loading.done; }
      const run = { again: false, done: Promise.resolve() };
      run.done = (async () => {
        try {
          await (opts.directory ? fetchDirectory() : fetchAll());
        } catch (err) {
          set({ error: describeError(err) });
        } finally {
          loading = null;
          if (run.again) await reload(); else schedule();
        }
      })();
      loading = run;
      return run.done;
    };

    return {
      users: null, schedules: null, policies: null, now: null, shifts: {}, range: timelineRange(clock()), selfUserId: null, error: null,
      reload,
      applyChange(notice) {
        if (notice.oncall || notice.roster || notice.resync) void reload();
      },
      start() {
        running = true;
        const unsubscribe = api.subscribe((n) => get().applyChange(n));
        void reload();
        return () => { running = false; unsubscribe(); if (timer !== undefined) clearTimeout(timer); timer = undefined; };
      },
    };
  });
}
