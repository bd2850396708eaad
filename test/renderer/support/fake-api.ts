// A KlaxonApi for store tests: each method answers through a handler the test sets, and a test can hold an answer
// back (a deferred) to look at the window's state while the command is in flight.
import type { ApiMethod, ChangeNotice, KlaxonApi } from '../../../src-shared/api.ts';
import type { Incident } from '../../../src-shared/schemas/incidents.ts';

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
    acknowledgedBy: null, resolvedAt: null, resolvedBy: null, snoozedUntil: null, autoCreated: true, alertCount: 1,
    episode: 1, escalationLevel: 0, mergedInto: null, createdAt: at, updatedAt: at, lastEventAt: at,
    ...over,
  };
}

/** Serves `incidents.list` from a fixed set, paged by cursor like the real API. */
export function listFrom(all: () => Incident[]): Handler {
  return async (input) => {
    const q = input as { limit: number; cursor?: string; status?: string[] };
    const wanted = all().filter((i) => !q.status || q.status.includes(i.status));
    const start = q.cursor ? Number(q.cursor) : 0;
    const page = wanted.slice(start, start + q.limit);
    const next = start + q.limit < wanted.length ? String(start + q.limit) : null;
    return { incidents: page, total: wanted.length, nextCursor: next };
  };
}
