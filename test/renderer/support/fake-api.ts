// A KlaxonApi for store tests: each method answers through a handler the test sets, and a test can hold an answer
// back (a deferred) to look at the window's state while the command is in flight.
import type { ApiMethod, ChangeNotice, KlaxonApi } from '../../../src-shared/api.ts';
import type { Incident, IncidentCounts } from '../../../src-shared/schemas/incidents.ts';
import { RESPONDER_STATUSES } from '../../../src-shared/schemas/common.ts';
import { compareForQueue, effectiveStatus, nextStatusChangeAt } from '../../../src-shared/domain/lifecycle.ts';

type Handler = (input: unknown) => Promise<unknown>;

export interface FakeApi extends KlaxonApi {
  handle(method: ApiMethod, handler: Handler): void;
  calls: { method: ApiMethod; input: unknown }[];
  push(notice: ChangeNotice): void;
}

export function createFakeApi(): FakeApi {
  const handlers = new Map<ApiMethod, Handler>();
  const listeners = new Set<(n: ChangeNotice) => void>();
  const calls: FakeApi['calls'] = [];
  return {
    calls,
    handle(method, handler) { handlers.set(method, handler); },
    push(notice) { for (const l of listeners) l(notice); },
    send: (async (method: ApiMethod, input?: unknown) => {
      calls.push({ method, input });
      const h = handlers.get(method);
      if (!h) throw new Error(`fake api: no handler for ${method}`);
      return h(input);
    }) as KlaxonApi['send'],
    subscribe(onChange) {
      listeners.add(onChange);
      return () => { listeners.delete(onChange); };
    },
  };
}

export function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => { resolve = res; reject = rej; });
  return { promise, resolve, reject };
}

let seq = 0;
/** An incident as the API answers it; override what the test is about. */
export function makeIncident(over: Partial<Incident> = {}): Incident {
  const id = over.id ?? `inc_t${++seq}`;
  const at = over.createdAt ?? new Date(Date.UTC(2024, 0, 15, 10, 0, seq % 60)).toISOString();
  return {
    id, title: `Incident ${id}`, description: null, status: 'triggered', progress: 'investigating', urgency: 'HIGH',
    priority: null, severity: 'critical', impact: null, service: { id: 'svc_a', name: 'API Gateway' }, serviceId: 'svc_a',
    dedupKey: null, source: 'prometheus', customDetails: null, extra: null, assignee: null, acknowledgedAt: null,
    acknowledgedBy: null, resolvedAt: null, resolvedBy: null, snoozedUntil: null, acknowledgedUntil: null, autoCreated: true, affectedMonitorIds: [], alertCount: 1,
    episode: 1, escalationLevel: 0, mergedInto: null, createdAt: at, updatedAt: at, lastEventAt: at,
    ...over,
  };
}

/**
 * Serves `incidents.list` from a set of incidents the way the host does (src-main/store/incident-queries.ts): the
 * effective status at `now`, the filters, the queue order (the domain's compareForQueue) or newest first, offset or
 * cursor windows, and counts under the service and search filters. A test double for the host's answers, not for its
 * SQL (test/engine/incident-list.test.ts checks that the SQL gives the same).
 */
export function listFrom(all: () => Incident[], now: () => number = Date.now): Handler {
  return async (input) => {
    const q = input as { limit: number; offset?: number; cursor?: string; status?: string | string[]; order?: string; serviceId?: string; urgency?: string; q?: string; counts?: boolean };
    const t = now();
    const statuses = q.status === undefined ? [] : Array.isArray(q.status) ? q.status : [q.status];
    const needle = q.q?.trim().toLowerCase();
    const candidates = all().filter((i) => i.mergedInto === null).map((i) => ({ ...i, status: effectiveStatus(i, t) }))
      .filter((i) => (!q.serviceId || i.serviceId === q.serviceId)
        && (!needle || i.id === q.q?.trim() || [i.title, i.dedupKey, i.source, i.service.name].some((f) => f?.toLowerCase().includes(needle))));
    const counts = Object.fromEntries(RESPONDER_STATUSES.map((s) => [s, { HIGH: 0, LOW: 0 }])) as IncidentCounts;
    for (const i of candidates) counts[i.status][i.urgency]++;
    const rows = candidates.filter((i) => (statuses.length === 0 || statuses.includes(i.status)) && (!q.urgency || i.urgency === q.urgency))
      .sort(q.order === 'queue' ? compareForQueue : (a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : a.id < b.id ? 1 : -1));
    const start = q.offset ?? (q.cursor ? Number(q.cursor) : 0);
    const page = rows.slice(start, start + q.limit);
    const next = q.order !== 'queue' && start + q.limit < rows.length ? String(start + q.limit) : null;
    const ends = all().map((i) => nextStatusChangeAt(i, t)).filter((x): x is number => x !== null);
    return {
      incidents: page, total: rows.length, nextCursor: next,
      ...(q.counts ? { counts, nextStatusChangeAt: ends.length > 0 ? new Date(Math.min(...ends)).toISOString() : null } : {}),
    };
  };
}
