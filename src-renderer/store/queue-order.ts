// How the queue arranges and filters what it holds. The order itself is the domain's (`compareForQueue`), and the
// status shown is the effective one (`effectiveStatus`: a snooze that ran out is triggered again): both come from
// src-shared so the window, the tray and the pager never disagree.
import { compareForQueue, effectiveStatus } from '../../src-shared/domain/lifecycle.ts';
import type { Incident } from '../../src-shared/schemas/incidents.ts';
import type { ResponderStatus, Urgency } from '../../src-shared/schemas/common.ts';
import { matchesSearch } from '../../src-shared/domain/search.ts';

export type StatusFilter = 'open' | 'all' | ResponderStatus;

export interface QueueFilters {
  status: StatusFilter;
  serviceId: string | null;
  urgency: Urgency | null;
  q: string;
}

export const DEFAULT_FILTERS: QueueFilters = { status: 'open', serviceId: null, urgency: null, q: '' };

/** "Open" is what needs a responder: triggered, acknowledged, snoozed. Suppressed and resolved have their own filters. */
export const OPEN_STATUSES: readonly ResponderStatus[] = ['triggered', 'acknowledged', 'snoozed'];

/**
 * What the initial load (and a resync) fetches: the open incidents and the suppressed ones. An incident opened during
 * a maintenance window is suppressed until the window's planned end and then triggered by the clock alone — no op,
 * no change notice — so the window must already hold it to show it in Open when that instant passes. The API cannot
 * tell maintenance-suppressed from rule-suppressed in a filter, so every suppressed incident comes; the Open view
 * still hides those that are suppressed now (`matchesStatus`). One query for all four statuses, not two: the clock
 * only moves incidents between statuses of this set, so a resync cannot miss one that turned triggered between two
 * queries and forget it as gone.
 */
export const LOADED_STATUSES: readonly ResponderStatus[] = [...OPEN_STATUSES, 'suppressed'];

/** What the window shows for an incident: the server's snapshot, a pending optimistic patch over it, and time applied. */
export function displayed(server: Incident, patch: Partial<Incident> | undefined, nowMs: number): Incident {
  const merged = patch ? { ...server, ...patch } : server;
  const status = effectiveStatus(merged, nowMs);
  return status === merged.status ? merged : { ...merged, status };
}

/** Index at which `item` belongs in `sorted` (binary search with the queue order). */
export function insertionIndex(sorted: readonly Incident[], item: Incident): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (compareForQueue(sorted[mid]!, item) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Replaces `before` by `after` in a sorted array without sorting it all again (a live update touches few rows). */
export function reposition(sorted: Incident[], before: Incident | undefined, after: Incident | undefined): void {
  if (before) {
    const at = insertionIndex(sorted, before);
    if (sorted[at] === before) sorted.splice(at, 1);
    else {
      const i = sorted.indexOf(before);
      if (i !== -1) sorted.splice(i, 1);
    }
  }
  if (after) sorted.splice(insertionIndex(sorted, after), 0, after);
}

export const sortForQueue = (items: Incident[]): Incident[] => items.sort(compareForQueue);

export function matchesStatus(filter: StatusFilter, status: ResponderStatus): boolean {
  if (filter === 'all') return true;
  if (filter === 'open') return OPEN_STATUSES.includes(status);
  return status === filter;
}

/** The same fields the API's `q` searches: title, dedup key, source and service name. */
export function filterQueue(ordered: readonly Incident[], f: QueueFilters): Incident[] {
  const q = f.q.trim();
  if (f.status === 'all' && f.serviceId === null && f.urgency === null && q === '') return ordered.slice();
  return ordered.filter((i) =>
    matchesStatus(f.status, i.status)
    && (f.serviceId === null || i.serviceId === f.serviceId)
    && (f.urgency === null || i.urgency === f.urgency)
    && matchesSearch(i, q));
}

/** Statuses the filter shows that the initial load (`LOADED_STATUSES`) did not bring. */
export function statusesToFetch(filter: StatusFilter): ResponderStatus[] {
  if (filter === 'all' || filter === 'resolved') return ['resolved'];
  return [];
}
