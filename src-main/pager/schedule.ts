// What the pager must do now, and when it must look again: a pure function of the open incidents' replicated state,
// the clock, the notification settings, and what this device has already shown (its memory). The pager only
// carries out the plan; all the rules are here, tested with a fake clock.
//
//   - a triggered HIGH incident pages at once and again every `repeatSeconds` while it stays triggered;
//   - a triggered LOW incident pages once (never when `lowUrgency` is quiet);
//   - an incident that leaves "triggered" (acknowledged, resolved, snoozed, suppressed, merged) stops paging and
//     its bubble is withdrawn; when it comes back (snooze over, re-opened) it is a new spell and pages at once;
//   - a deduplicated repeat trigger changes nothing here (the incident stays in the same spell);
//   - while notifications are paused nothing pages; what fell due pages when the pause ends;
//   - on a service with an escalation policy, this device pages only while its person is among the people the
//     policy pages now (`pagesHere`, derived in src-shared/domain/oncall/escalation.ts); when escalation moves to
//     another level or loop (`spell` changes) and this person is paged again, it is a new spell and pages at once.
// The responder status comes from `effectiveStatus` (a snooze ends by the clock, not by a written op).
import type { IncidentState } from '../../src-shared/domain/incident-fold.ts';
import type { Settings } from '../../src-shared/schemas/settings.ts';
import { compareForQueue, effectiveStatus, nextStatusChangeAt } from '../../src-shared/domain/lifecycle.ts';

export type NotificationSettings = Settings['notifications'];

/** What paging needs of an incident: the folded state and the API's incident both have it. */
export type Pageable = Pick<IncidentState,
  'id' | 'serviceId' | 'title' | 'description' | 'status' | 'snoozedUntil' | 'urgency' | 'priority' | 'mergedInto' | 'createdAt'> & {
  /** Whether this device's person is paged for it now (false: another level's people are); absent: yes. */
  pagesHere?: boolean;
  /** Where escalation stands (anchor, level, loop): a change starts a new spell here. Absent: one spell. */
  spell?: string;
};

/** What this device has done for one incident during its current triggered spell. Local, never replicated. */
export interface PageMemory {
  /** When it last paged about the incident in this spell; null when it has not yet. */
  pagedAt: number | null;
  /** A bubble of the incident's own is (or may still be) showing: withdraw it when the spell ends. */
  bubble: boolean;
  /** The incident was counted in the shared "more incidents" bubble. */
  inSummary: boolean;
  /** The escalation spell this memory is of (Pageable.spell). */
  spell?: string;
}

export interface PagingPlan<T extends Pageable = Pageable> {
  /** Own bubbles to show now, in queue order; `repeat` when this spell has paged before. */
  notify: { incident: T; repeat: boolean }[];
  /** Due as well but beyond `maxBubbles`: paged together in one summary bubble, so an alert storm cannot flood the desktop. */
  summarized: T[];
  /** Incidents whose own bubble must go (their spell ended). */
  withdraw: string[];
  /** The summary bubble must go: none of the incidents it counted is still triggered. */
  withdrawSummary: boolean;
  /** The memory to carry into the next plan. */
  memory: Map<string, PageMemory>;
  /** The next instant at which the plan may change by the clock alone (repeat, snooze end, pause end); null: never. */
  wakeAt: number | null;
}

export interface PlanInput<T extends Pageable = Pageable> {
  incidents: Iterable<T>;
  memory: ReadonlyMap<string, PageMemory>;
  settings: NotificationSettings;
  now: number;
  /** Own bubbles at most per plan; further due incidents go into one summary bubble. */
  maxBubbles?: number;
}

export const DEFAULT_MAX_BUBBLES = 5;

const pagesNow = (s: Pageable, now: number) => s.mergedInto === null && effectiveStatus(s, now) === 'triggered' && s.pagesHere !== false;

/** When this incident next wants a page, given what was already shown in this spell; null: it never will. */
export function nextPageAt(s: Pick<IncidentState, 'urgency'>, m: PageMemory, settings: NotificationSettings): number | null {
  if (m.pagedAt === null) return s.urgency === 'LOW' && settings.lowUrgency === 'quiet' ? null : -Infinity;
  return s.urgency === 'HIGH' ? m.pagedAt + settings.repeatSeconds * 1000 : null;
}

export function pausedUntil(settings: NotificationSettings, now: number): number | null {
  if (!settings.pausedUntil) return null;
  const until = Date.parse(settings.pausedUntil);
  return Number.isFinite(until) && until > now ? until : null;
}

/**
 * The memory a pager starts with. HIGH incidents already triggered page again at once (the nag goes on across a
 * restart); LOW ones already triggered count as paged, since "notify once" should not repeat with every start.
 */
export function initialMemory(incidents: Iterable<Pageable>, now: number): Map<string, PageMemory> {
  const memory = new Map<string, PageMemory>();
  for (const s of incidents) {
    if (s.urgency === 'LOW' && pagesNow(s, now)) memory.set(s.id, { pagedAt: now, bubble: false, inSummary: false, spell: s.spell });
  }
  return memory;
}

export function planPaging<T extends Pageable>(input: PlanInput<T>): PagingPlan<T> {
  const { incidents, settings, now } = input;
  const maxBubbles = input.maxBubbles ?? DEFAULT_MAX_BUBBLES;
  const pause = pausedUntil(settings, now);
  const memory = new Map<string, PageMemory>();
  const due: T[] = [];
  let wakeAt: number | null = null;
  const wake = (t: number) => { if (wakeAt === null || t < wakeAt) wakeAt = t; };

  for (const s of incidents) {
    if (!pagesNow(s, now)) {
      const change = nextStatusChangeAt(s, now);
      if (change !== null && s.mergedInto === null) wake(change);
      continue;
    }
    const held = input.memory.get(s.id);
    // A new escalation spell (another level or loop reached this person, or escalation started over) pages afresh;
    // the bubble of the previous spell, if still up, is replaced by the new page.
    const m = held && held.spell === s.spell ? held : { pagedAt: null, bubble: held?.bubble ?? false, inSummary: held?.inSummary ?? false, spell: s.spell };
    memory.set(s.id, m);
    const at = nextPageAt(s, m, settings);
    if (at === null) continue;
    if (at > now) wake(at);
    else if (pause !== null) wake(pause);
    else due.push(s);
  }

  due.sort(compareForQueue);
  const notify = due.slice(0, maxBubbles).map((incident) => ({ incident, repeat: memory.get(incident.id)!.pagedAt !== null }));
  const summarized = due.slice(maxBubbles);
  for (const { incident } of notify) memory.set(incident.id, { ...memory.get(incident.id)!, pagedAt: now, bubble: true });
  for (const incident of summarized) memory.set(incident.id, { ...memory.get(incident.id)!, pagedAt: now, inSummary: true });
  for (const incident of due) {
    const again = nextPageAt(incident, memory.get(incident.id)!, settings);
    if (again !== null) wake(again);
  }

  const withdraw: string[] = [];
  let summaryBefore = false;
  for (const [id, m] of input.memory) {
    summaryBefore ||= m.inSummary;
    if (m.bubble && !memory.has(id)) withdraw.push(id);
  }
  const summaryNow = [...memory.values()].some((m) => m.inSummary);
  return { notify, summarized, withdraw, withdrawSummary: summaryBefore && !summaryNow && summarized.length === 0, memory, wakeAt };
}
