// Listing incidents: filters on the effective status (an expired snooze or maintenance suppression counts as
// triggered), newest first with an opaque keyset cursor or in the queue order (incident-queue-order.ts) at any
// offset, the total from the counts (incident-counts.ts), and the search through its index (incident-search.ts).
import { sql, type RawBuilder, type SqlBool } from 'kysely';
import type { z } from 'zod';
import type { IncidentCounts, ListIncidentsQuery } from '../../src-shared/schemas/incidents.ts';
import { KlaxonError } from '../../src-shared/schemas/errors.ts';
import type { IncidentState } from '../../src-shared/domain/incident-fold.ts';
import type { Store } from './database.ts';
import { rowToState } from './incident-rows.ts';
import { effectiveStatusInSql } from './effective-status-sql.ts';
import { countAllIncidents, countIncidents, nextClockChangeAt, totalOf } from './incident-counts.ts';
import { catchUpSearchIndex, countCandidates, isFtsQueryError, planSearch, searchReadsRows, searchSql, type SearchPlan } from './incident-search.ts';
import { queueWindow } from './incident-queue-order.ts';

type Query = z.output<typeof ListIncidentsQuery>;

/**
 * Incidents opened since `sinceIso` and still open, per service (merged duplicates left out): an alert storm's size. `atMost` stops
 * counting there, so that "is it a storm?" reads a few rows of the created_at index, however big the storm.
 */
export function openedSinceByService(store: Store, sinceIso: string, atMost?: number): { serviceId: string; count: number }[] {
  // Resolved ones page nobody: a burst that a monitor resolves as fast as it opens is no storm.
  const opened = store.q.selectFrom('incidents').select('service_id')
    .where('created_at', '>=', sinceIso).where('merged_into', 'is', null).where('status', '<>', 'resolved')
    .$if(atMost !== undefined, (q) => q.limit(atMost!));
  return store.all(store.q.selectFrom(opened.as('opened'))
    .select(['service_id', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy('service_id')).map((r) => ({ serviceId: r.service_id, count: Number(r.n) }));
}

export interface IncidentListing {
  states: IncidentState[];
  total: number;
  nextCursor: string | null;
  counts?: IncidentCounts;
  nextStatusChangeAt?: string | null;
}

/** Counting looks candidates up while they are at most this fraction (1/n) of all incidents; past it, reads in order. */
const LOOK_UP_FOR_COUNT_UP_TO = 4;
/** A page looks its candidates up and sorts them while they are at most this many; past it, walks the order. */
const LOOK_UP_FOR_PAGE_UP_TO = 5000;

const encodeCursor = (createdAt: string, id: string) => Buffer.from(JSON.stringify([createdAt, id])).toString('base64url');
function decodeCursor(c: string): [string, string] {
  try {
    const v = JSON.parse(Buffer.from(c, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(v) && v.length === 2 && typeof v[0] === 'string' && typeof v[1] === 'string') return [v[0], v[1]];
  } catch { /* fall through to the error below */ }
  throw new KlaxonError('VALIDATION_FAILED', 'cursor is not one this server issued', 'cursor');
}

const all = (conds: RawBuilder<SqlBool>[]): RawBuilder<SqlBool> => (conds.length === 0 ? sql<SqlBool>`1` : sql<SqlBool>`(${sql.join(conds, sql` AND `)})`);

export function listIncidentStates(store: Store, query: Query, nowMs: number): IncidentListing {
  const indexed = query.q?.trim() ? catchUpSearchIndex(store) : true;
  const search = query.q ? planSearch(store, query.q, { useIndex: indexed }) : null;
  try {
    return list(store, query, nowMs, search);
  } catch (err) {
    if (!query.q || search?.fts == null || !isFtsQueryError(err)) throw err;
    return list(store, query, nowMs, planSearch(store, query.q, { useIndex: false }));
  }
}

function list(store: Store, query: Query, nowMs: number, search: SearchPlan | null): IncidentListing {
  const nowIso = new Date(nowMs).toISOString();
  const after = query.cursor ? decodeCursor(query.cursor) : null;
  const statuses = query.status === undefined ? [] : Array.isArray(query.status) ? query.status : [query.status];
  const serviceId = query.serviceId || null;
  const urgency = query.urgency ?? null;

  // Candidates from the index are looked up one by one while they are few; many are rather checked while walking in
  // order: the table to count them (when they are a good part of it), the order's index to find a page.
  const candidates = search ? countCandidates(store, search) : 0;
  const countMode = search && candidates > countAllIncidents(store) / LOOK_UP_FOR_COUNT_UP_TO ? 'check' : 'drive';
  const pageMode = candidates > LOOK_UP_FOR_PAGE_UP_TO ? 'check' : 'drive';
  const counts = countIncidents(store, {
    serviceId, nowIso, search: search ? { where: searchSql(search, countMode), readsRows: searchReadsRows(search) } : null,
  });
  const total = totalOf(counts, statuses, urgency);
  const extra = [
    ...(serviceId !== null ? [sql<SqlBool>`service_id = ${serviceId}`] : []),
    ...(urgency !== null ? [sql<SqlBool>`urgency = ${urgency}`] : []),
    ...(search ? [searchSql(search, pageMode)] : []),
  ];

  let states: IncidentState[];
  let nextCursor: string | null = null;
  if (query.order === 'queue') {
    const rows = total === 0 ? [] : queueWindow(store, { statuses, where: all(extra), offset: query.offset ?? 0, limit: query.limit, nowIso });
    states = rows.map((r) => rowToState(store, r));
  } else {
    let page = store.q.selectFrom('incidents').selectAll().where('merged_into', 'is', null).where(all(extra));
    if (statuses.length > 0) page = page.where(effectiveStatusInSql(statuses, nowIso));
    if (after) {
      const [createdAt, id] = after;
      page = page.where((eb) => eb.or([eb('created_at', '<', createdAt), eb.and([eb('created_at', '=', createdAt), eb('id', '<', id)])]));
    }
    page = page.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(query.limit + 1);
    if (query.offset) page = page.offset(query.offset);
    const rows = total === 0 ? [] : store.all(page);
    const more = rows.length > query.limit;
    states = rows.slice(0, query.limit).map((r) => rowToState(store, r));
    const last = states.at(-1);
    nextCursor = more && last ? encodeCursor(last.createdAt, last.id) : null;
  }
  const listing: IncidentListing = { states, total, nextCursor };
  if (query.counts) {
    listing.counts = counts;
    listing.nextStatusChangeAt = nextClockChangeAt(store, nowIso);
  }
  return listing;
}
