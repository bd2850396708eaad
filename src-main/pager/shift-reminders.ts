// Shift reminders: a notification 15 minutes before this device's person goes on call, and one when the shift ends.
// What is due is a pure function of the person's shifts (derived from the replicated schedules), the clock and what
// this device already said (local memory); the service arms one timer for the next instant that changes the answer,
// and plans again when schedules or overrides change.
import type { Engine, EngineChange } from '../engine/types.ts';
import type { Clock } from '../clock.ts';
import type { Logger } from '../log.ts';
import type { Notifier, PageNotification } from './notifier.ts';
import { displayText } from '../../src-shared/domain/display-text.ts';

export const REMIND_BEFORE_MS = 15 * 60_000;
/** A reminder that could not be shown in time (asleep, closed) is still worth showing this long after its moment. */
const LATE_GRACE_MS = 5 * 60_000;
/** How far ahead shifts are read. */
const LOOKAHEAD_MS = 8 * 86_400_000;

export interface PersonShift { scheduleId: string; scheduleName: string; start: number; end: number }

/** `until`: the last moment it is still worth showing (a reminder of a shift made at short notice, or missed while asleep). */
export interface Reminder { key: string; at: number; until: number; notification: PageNotification }

/** Reminders are filed under their own ids (never an incident's `inc_…`): one per schedule, a new one replaces it. */
export const reminderId = (scheduleId: string): string => `klaxon:shift:${scheduleId}`;

export function remindersFor(shifts: readonly PersonShift[], formatTime: (ms: number) => string): Reminder[] {
  const out: Reminder[] = [];
  for (const s of shifts) {
    const name = displayText(s.scheduleName);
    out.push({
      // Made at short notice (less than 15 minutes ahead), it is still said until the shift begins.
      key: `${s.scheduleId}|${s.start}|start`, at: s.start - REMIND_BEFORE_MS, until: Math.max(s.start - REMIND_BEFORE_MS + LATE_GRACE_MS, s.start),
      notification: {
        incidentId: reminderId(s.scheduleId), title: `You are on call soon: ${name}`,
        body: `From ${formatTime(s.start)} until ${formatTime(s.end)}`, urgency: 'normal', sound: false, actions: [],
      },
    });
    out.push({
      key: `${s.scheduleId}|${s.end}|end`, at: s.end, until: s.end + LATE_GRACE_MS,
      notification: {
        incidentId: reminderId(s.scheduleId), title: `Your on-call shift has ended: ${name}`,
        body: `You were on call from ${formatTime(s.start)} until ${formatTime(s.end)}`, urgency: 'normal', sound: false, actions: [],
      },
    });
  }
  return out.sort((a, b) => a.at - b.at);
}

/** Which reminders to show now (due, not too late, not shown yet), and when to look again. */
export function planReminders(reminders: readonly Reminder[], shown: ReadonlySet<string>, now: number): { due: Reminder[]; wakeAt: number | null } {
  const due: Reminder[] = [];
  let wakeAt: number | null = null;
  for (const r of reminders) {
    if (shown.has(r.key)) continue;
    if (r.at > now) { if (wakeAt === null || r.at < wakeAt) wakeAt = r.at; continue; }
    if (now <= r.until) due.push(r);
  }
  return { due, wakeAt };
}

export interface ShiftReminders { start(): void; close(): void }

export function createShiftReminders(deps: {
  engine: Pick<Engine, 'onChange' | 'localUserId' | 'shiftsOfUser'>;
  notifier: Notifier;
  clock: Clock;
  log: Logger;
  formatTime?: (ms: number) => string;
}): ShiftReminders {
  const { engine, notifier, clock, log } = deps;
  const formatTime = deps.formatTime ?? ((ms: number) => new Date(ms).toLocaleString(undefined, { weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' }));
  const shown = new Set<string>();
  let cancel: (() => void) | null = null;
  let unsubscribe: (() => void) | null = null;
  let closed = false;

  const plan = () => {
    if (closed) return;
    cancel?.();
    cancel = null;
    try {
      const now = clock.now();
      // From a little before now: a shift that ended moments ago still gets its "ended" note.
      const shifts = engine.shiftsOfUser(engine.localUserId(), now - LATE_GRACE_MS - REMIND_BEFORE_MS, now + LOOKAHEAD_MS);
      const { due, wakeAt } = planReminders(remindersFor(shifts, formatTime), shown, now);
      for (const r of due) {
        shown.add(r.key);
        notifier.notify(r.notification).catch((e: unknown) => log.warn(`shift reminder: could not notify (${(e as Error).message})`));
      }
      // Look again at the next reminder, and at least daily (shifts further than the lookahead come into view).
      const next = Math.min(wakeAt ?? Infinity, now + 86_400_000);
      cancel = clock.at(next, plan);
    } catch (e) {
      log.error(`shift reminders: ${(e as Error).message}`);
    }
  };

  const onChange = (c: EngineChange) => {
    if (c.fromOtherProcess || c.ops.some((o) => o.type.startsWith('schedule.') || o.type.startsWith('user.') || o.type.startsWith('device.') || o.type.startsWith('team.'))) plan();
  };

  return {
    start() {
      if (unsubscribe || closed || notifier.name === 'none') return;
      unsubscribe = engine.onChange(onChange);
      plan();
    },
    close() {
      closed = true;
      cancel?.();
      unsubscribe?.();
    },
  };
}
