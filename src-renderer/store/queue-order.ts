// What the queue asks the host for, and how a row the window holds is displayed. The host sorts (the domain's
// compareForQueue, in SQL), filters and counts; the window only patches the rows it holds: a pending optimistic
// change over the host's snapshot, with the clock applied (`effectiveStatus`: a snooze that ran out is triggered).
import { effectiveStatus } from '../../src-shared/domain/lifecycle.ts';
import type { Incident, IncidentCounts, ListIncidentsQuery } from '../../src-shared/schemas/incidents.ts';
import { URGENCIES, type ResponderStatus, type Urgency } from '../../src-shared/schemas/common.ts';

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

/** The effective statuses a filter shows (empty: all). */
export function statusesFor(filter: StatusFilter): ResponderStatus[] {
  if (filter === 'all') return [];
  if (filter === 'open') return [...OPEN_STATUSES];
  return [filter];
}

/** The host query for a window of rows under these filters. */
export function listQueryFor(f: QueueFilters, offset: number, limit: number): ListIncidentsQuery {
  const statuses = statusesFor(f.status);
  const q = f.q.trim();
  return {
    order: 'queue', offset, limit, counts: true,
    ...(statuses.length > 0 ? { status: statuses } : {}),
    ...(f.serviceId ? { serviceId: f.serviceId } : {}),
    ...(f.urgency ? { urgency: f.urgency } : {}),
    ...(q ? { q } : {}),
  };
}

/** Whether the host's counts under these filters are the whole queue's (no service, no search). */
export const countsAreGlobal = (f: QueueFilters): boolean => f.serviceId === null && f.q.trim() === '';

/** How many incidents a status filter would show, with the urgency filter as it is. */
export function countForStatus(counts: IncidentCounts, filter: StatusFilter, urgency: Urgency | null): number {
  const statuses = statusesFor(filter);
  return (statuses.length > 0 ? statuses : (Object.keys(counts) as ResponderStatus[]))
    .reduce((n, s) => n + (urgency ? counts[s][urgency] : counts[s].HIGH + counts[s].LOW), 0);
}

/** How many incidents an urgency filter would show, with the status filter as it is. */
export function countForUrgency(counts: IncidentCounts, filter: StatusFilter, urgency: Urgency | null): number {
  const urgencies: readonly Urgency[] = urgency ? [urgency] : URGENCIES;
  return urgencies.reduce((n, u) => n + countForStatus(counts, filter, u), 0);
}

/** What the window shows for an incident: the server's snapshot, a pending optimistic patch over it, and time applied. */
export function displayed(server: Incident, patch: Partial<Incident> | undefined, nowMs: number): Incident {
  const merged = patch ? { ...server, ...patch } : server;
  const status = effectiveStatus(merged, nowMs);
  return status === merged.status ? merged : { ...merged, status };
}

/** The fields the host sorts and filters by: when one changes, the host must place the row again. */
export const placementChanged = (a: Incident, b: Incident): boolean =>
  a.status !== b.status || a.urgency !== b.urgency || a.priority !== b.priority || a.createdAt !== b.createdAt
  || a.serviceId !== b.serviceId || a.title !== b.title || a.dedupKey !== b.dedupKey || a.source !== b.source
  || a.mergedInto !== b.mergedInto;
