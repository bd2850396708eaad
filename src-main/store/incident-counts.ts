// How many incidents match, by effective status and urgency: the window's filter counts and every listing's total.
// Without a search, the maintained counts (incident_counts, migration 4) give them whatever the size of a storm,
// corrected for the quiet incidents whose end has passed (few, found by the incidents_quiet index). With a search,
// the matching rows are counted.
import { sql, type RawBuilder, type SqlBool } from 'kysely';
import { RESPONDER_STATUSES, URGENCIES, type ResponderStatus, type Urgency } from '../../src-shared/schemas/common.ts';
import type { IncidentCounts } from '../../src-shared/schemas/incidents.ts';
import type { Store } from './database.ts';
import { effectiveStatusSql, quietEndedSql } from './effective-status-sql.ts';

const emptyCounts = (): IncidentCounts =>
  Object.fromEntries(RESPONDER_STATUSES.map((s) => [s, { HIGH: 0, LOW: 0 }])) as IncidentCounts;

const isStatus = (s: string): s is ResponderStatus => (RESPONDER_STATUSES as readonly string[]).includes(s);
const isUrgency = (u: string): u is Urgency => (URGENCIES as readonly string[]).includes(u);

function add(counts: IncidentCounts, status: string, urgency: string, n: number): void {
  if (isStatus(status) && isUrgency(urgency)) counts[status][urgency] += n;
}

/** Counts of the incidents of `serviceId` (all services if null), optionally only those meeting `search`. */
export function countIncidents(store: Store, opts: {
  serviceId: string | null;
  search: { where: RawBuilder<SqlBool>; readsRows: boolean } | null;
  nowIso: string;
}): IncidentCounts {
  const counts = emptyCounts();
  const { serviceId, search, nowIso } = opts;
  if (search) {
    // A search that reads the rows' text reads them best in table order; one the index decides only needs the
    // statuses and urgencies the order's index holds. (A unary + keeps SQLite off the partial index.)
    const live = search.readsRows ? sql<SqlBool>`+merged_into IS NULL` : sql<SqlBool>`merged_into IS NULL`;
    let q = store.q.selectFrom('incidents')
      .select([effectiveStatusSql(nowIso).as('status'), 'urgency', (eb) => eb.fn.countAll<number>().as('n')])
      .where(live).where(search.where).groupBy([sql`1`, sql`2`]);
    if (serviceId !== null) q = q.where('service_id', '=', serviceId);
    for (const r of store.all(q)) add(counts, r.status, r.urgency, r.n);
    return counts;
  }
  let stored = store.q.selectFrom('incident_counts')
    .select(['status', 'urgency', (eb) => eb.fn.sum<number>('n').as('n')]).groupBy(['status', 'urgency']);
  if (serviceId !== null) stored = stored.where('service_id', '=', serviceId);
  for (const r of store.all(stored)) add(counts, r.status, r.urgency, r.n);
  let ended = store.q.selectFrom('incidents')
    .select(['status', 'urgency', (eb) => eb.fn.countAll<number>().as('n')])
    .where('merged_into', 'is', null).where(quietEndedSql(nowIso)).groupBy(['status', 'urgency']);
  if (serviceId !== null) ended = ended.where('service_id', '=', serviceId);
  for (const r of store.all(ended)) {
    add(counts, r.status, r.urgency, -r.n);
    add(counts, 'triggered', r.urgency, r.n);
  }
  return counts;
}

/** Every incident (merged ones aside), from the maintained counts. */
export function countAllIncidents(store: Store): number {
  return store.get(store.q.selectFrom('incident_counts').select((eb) => eb.fn.sum<number>('n').as('n')))?.n ?? 0;
}

/** How many of the counted incidents have one of `statuses` (all if empty) and `urgency` (both if null). */
export function totalOf(counts: IncidentCounts, statuses: readonly ResponderStatus[], urgency: Urgency | null): number {
  let n = 0;
  for (const s of new Set(statuses.length > 0 ? statuses : RESPONDER_STATUSES)) {
    for (const u of urgency ? [urgency] : URGENCIES) n += counts[s][u];
  }
  return n;
}

/** The next instant the clock alone changes an incident's effective status (a snooze, suppression or acknowledgement timeout ends), if any. */
export function nextClockChangeAt(store: Store, nowIso: string): string | null {
  // The statuses written out, not bound: only then may SQLite use the partial index incidents_quiet.
  const quiet = store.get(store.q.selectFrom('incidents').select((eb) => eb.fn.min<string>('snoozed_until').as('at'))
    .where(sql<SqlBool>`status IN ('snoozed', 'suppressed')`).where('merged_into', 'is', null).where('snoozed_until', '>', nowIso));
  // An acknowledgement timeout (incidents_ack_timeout, migration 6).
  const acked = store.get(store.q.selectFrom('incidents').select((eb) => eb.fn.min<string>('snoozed_until').as('at'))
    .where(sql<SqlBool>`status = 'acknowledged'`).where('snoozed_until', 'is not', null).where('merged_into', 'is', null).where('snoozed_until', '>', nowIso));
  const times = [quiet?.at, acked?.at].filter((t): t is string => typeof t === 'string');
  return times.length === 0 ? null : times.sort()[0]!;
}
