// The effective status (`effectiveStatus` in src-shared/domain/lifecycle.ts) in SQL: a snooze, or a maintenance
// suppression, or an acknowledgement with a timeout, whose end has passed reads as triggered. Every listing and count filters on it.
import { sql, type RawBuilder, type SqlBool } from 'kysely';
import type { ResponderStatus } from '../../src-shared/schemas/common.ts';

/** Quiet (snoozed, or suppressed until an end) and past its end at `nowIso`: effectively triggered. */
// Two terms, each in the form of its partial index (incidents_quiet, incidents_ack_timeout): a query that needs an
// index walk takes them one by one (QUIET_ENDED_ARMS).
const snoozeEndedSql = (nowIso: string): RawBuilder<SqlBool> =>
  sql<SqlBool>`(status IN ('snoozed', 'suppressed') AND snoozed_until IS NOT NULL AND snoozed_until <= ${nowIso})`;
const ackEndedSql = (nowIso: string): RawBuilder<SqlBool> =>
  sql<SqlBool>`(status = 'acknowledged' AND snoozed_until IS NOT NULL AND snoozed_until <= ${nowIso})`;
export const QUIET_ENDED_ARMS = [snoozeEndedSql, ackEndedSql] as const;
export const quietEndedSql = (nowIso: string): RawBuilder<SqlBool> => sql<SqlBool>`(${snoozeEndedSql(nowIso)} OR ${ackEndedSql(nowIso)})`;

export const effectiveStatusSql = (nowIso: string): RawBuilder<string> =>
  sql<string>`CASE WHEN ${quietEndedSql(nowIso)} THEN 'triggered' ELSE status END`;

/**
 * Effective status among `statuses` at `nowIso`, written so that an index on the stored status can serve it: the
 * stored status is one of them and has not ended, or it has ended and triggered is asked for.
 */
export function effectiveStatusInSql(statuses: readonly ResponderStatus[], nowIso: string): RawBuilder<SqlBool> {
  const stored = sql<SqlBool>`(status IN (${sql.join([...statuses])}) AND NOT ${quietEndedSql(nowIso)})`;
  return statuses.includes('triggered') ? sql<SqlBool>`(${stored} OR ${quietEndedSql(nowIso)})` : stored;
}
