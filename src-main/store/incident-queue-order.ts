// A window of the queue order (compareForQueue in src-shared/domain/lifecycle.ts: effective status, urgency,
// priority, oldest first, id) at any offset, without sorting every matching incident: the incidents_queue index
// (migration 4) holds the order of the stored status, and the few incidents whose quiet ended (effectively triggered,
// stored snoozed or suppressed) are merged in among the triggered ones. SQLite merges the two ordered arms of the
// UNION ALL, so a window costs a walk to its offset. The expressions below must keep the exact form of the index's.
import { sql, type RawBuilder, type SqlBool } from 'kysely';
import type { ResponderStatus } from '../../src-shared/schemas/common.ts';
import type { Store } from './database.ts';
import type { IncidentsTable } from './schema.ts';
import { quietEndedSql, QUIET_ENDED_ARMS } from './effective-status-sql.ts';

/** QUEUE_STATUS_RANK of the stored status, as migration 4's index writes it. */
export const STATUS_RANK_SQL = "CASE status WHEN 'triggered' THEN 0 WHEN 'acknowledged' THEN 1 WHEN 'snoozed' THEN 2 WHEN 'suppressed' THEN 3 ELSE 4 END";
const URGENCY_RANK_SQL = "CASE urgency WHEN 'HIGH' THEN 0 ELSE 1 END";
const PRIORITY_KEY_SQL = "COALESCE(priority, 'P9')";

export interface QueueWindow {
  /** Effective statuses wanted; empty: all. */
  statuses: readonly ResponderStatus[];
  /** Every other condition (service, urgency, search), all to be met; merged incidents are never listed. */
  where?: RawBuilder<SqlBool>;
  offset: number;
  limit: number;
  nowIso: string;
}

export function queueWindowQuery(store: Store, w: QueueWindow) {
  const { q } = store;
  const where = w.where ?? sql<SqlBool>`1`;
  const keys = [sql.raw<string>(URGENCY_RANK_SQL).as('u'), sql.raw<string>(PRIORITY_KEY_SQL).as('p'), 'created_at as c', 'id as i'] as const;
  // Rows whose stored status is their effective one, in the index's order.
  let stored = q.selectFrom('incidents').select([sql.raw<number>(STATUS_RANK_SQL).as('r'), ...keys])
    .where('merged_into', 'is', null).where(sql<SqlBool>`NOT ${quietEndedSql(w.nowIso)}`).where(where);
  if (w.statuses.length > 0) stored = stored.where('status', 'in', [...w.statuses]);
  const wantsTriggered = w.statuses.length === 0 || w.statuses.includes('triggered');
  // One arm per kind of quiet that ended (snooze or suppression; acknowledgement timeout), each on its partial index.
  const ordered = wantsTriggered
    ? QUIET_ENDED_ARMS.reduce((u, arm) => u.unionAll(q.selectFrom('incidents').select([sql.lit(0).as('r'), ...keys])
      .where('merged_into', 'is', null).where(arm(w.nowIso)).where(where)), stored)
    : stored;
  const window = ordered.orderBy('r').orderBy('u').orderBy('p').orderBy('c').orderBy('i').limit(w.limit).offset(w.offset);
  return q.selectFrom(window.as('w')).innerJoin('incidents', 'incidents.id', 'w.i').selectAll('incidents')
    .orderBy('w.r').orderBy('w.u').orderBy('w.p').orderBy('w.c').orderBy('w.i');
}

export const queueWindow = (store: Store, w: QueueWindow): IncidentsTable[] => store.all(queueWindowQuery(store, w));
