// Listing incidents: filters on the effective status (an expired snooze or maintenance suppression counts as
// triggered), keyset pagination
// with an opaque cursor, newest first.
import { sql, type ExpressionBuilder } from 'kysely';
import type { z } from 'zod';
import type { ListIncidentsQuery } from '../../src-shared/schemas/incidents.ts';
import { KlaxonError } from '../../src-shared/schemas/errors.ts';
import type { Store } from './database.ts';
import type { Database } from './schema.ts';
import { rowToState } from './incident-rows.ts';
import type { IncidentState } from '../../src-shared/domain/incident-fold.ts';

type Query = z.output<typeof ListIncidentsQuery>;

/**
 * Incidents opened since `sinceIso`, per service (merged duplicates left out): an alert storm's size. `atMost` stops
 * counting there, so that "is it a storm?" reads a few rows of the created_at index, however big the storm.
 */
export function openedSinceByService(store: Store, sinceIso: string, atMost?: number): { serviceId: string; count: number }[] {
  const opened = store.q.selectFrom('incidents').select('service_id')
    .where('created_at', '>=', sinceIso).where('merged_into', 'is', null)
    .$if(atMost !== undefined, (q) => q.limit(atMost!));
  return store.all(store.q.selectFrom(opened.as('opened'))
    .select(['service_id', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy('service_id')).map((r) => ({ serviceId: r.service_id, count: Number(r.n) }));
}

const encodeCursor = (createdAt: string, id: string) => Buffer.from(JSON.stringify([createdAt, id])).toString('base64url');
function decodeCursor(c: string): [string, string] {
  try {
    const v = JSON.parse(Buffer.from(c, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(v) && v.length === 2 && typeof v[0] === 'string' && typeof v[1] === 'string') return [v[0], v[1]];
  } catch { /* fall through to the error below */ }
  throw new KlaxonError('VALIDATION_FAILED', 'cursor is not one this server issued', 'cursor');
}

/** SQL for the effective status at `nowIso`, matching `effectiveStatus` in src-shared/domain/lifecycle.ts. */
const effectiveStatusSql = (nowIso: string) =>
  sql<string>`CASE WHEN status IN ('snoozed', 'suppressed') AND snoozed_until IS NOT NULL AND snoozed_until <= ${nowIso} THEN 'triggered' ELSE status END`;

export function listIncidentStates(store: Store, query: Query, nowMs: number): { states: IncidentState[]; total: number; nextCursor: string | null } {
  const nowIso = new Date(nowMs).toISOString();
  const statuses = query.status === undefined ? [] : Array.isArray(query.status) ? query.status : [query.status];
  const filters = (eb: ExpressionBuilder<Database, 'incidents'>) => {
    const conds = [eb('merged_into', 'is', null)];
    if (statuses.length > 0) conds.push(eb(effectiveStatusSql(nowIso), 'in', statuses));
    if (query.serviceId) conds.push(eb('service_id', '=', query.serviceId));
    if (query.urgency) conds.push(eb('urgency', '=', query.urgency));
    if (query.q) {
      const like = `%${query.q.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
      // The same fields as matchesSearch (src-shared/domain/search.ts); LIKE is case-insensitive for ASCII.
      conds.push(eb.or([
        eb(sql`title`, 'like', sql`${like} ESCAPE '\\'`),
        eb(sql`dedup_key`, 'like', sql`${like} ESCAPE '\\'`),
        eb(sql`source`, 'like', sql`${like} ESCAPE '\\'`),
        eb('service_id', 'in', (sub) => sub.selectFrom('services').select('id').where(sql`name`, 'like', sql`${like} ESCAPE '\\'`)),
        eb(sql`id`, '=', query.q.trim()),
      ]));
    }
    return eb.and(conds);
  };
  const total = store.get(store.q.selectFrom('incidents').select((eb) => eb.fn.countAll<number>().as('n')).where(filters))?.n ?? 0;

  let page = store.q.selectFrom('incidents').selectAll().where(filters);
  if (query.cursor) {
    const [createdAt, id] = decodeCursor(query.cursor);
    page = page.where((eb) => eb.or([eb('created_at', '<', createdAt), eb.and([eb('created_at', '=', createdAt), eb('id', '<', id)])]));
  }
  const rows = store.all(page.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(query.limit + 1));
  const more = rows.length > query.limit;
  const states = rows.slice(0, query.limit).map((r) => rowToState(store, r));
  const last = states.at(-1);
  return { states, total, nextCursor: more && last ? encodeCursor(last.createdAt, last.id) : null };
}
