// The effective status (`effectiveStatus` in src-shared/domain/lifecycle.ts) in SQL: a snooze, or a maintenance
// suppression, whose end has passed reads as triggered. Every listing and count filters on it.
import { sql, type RawBuilder, type SqlBool } from 'kysely';
import type { ResponderStatus } from '../../src-shared/schemas/common.ts';

/** Quiet (snoozed, or suppressed until an end) and past its end at `nowIso`: effectively triggered. */
export const quietEndedSql = (nowIso: string): RawBuilder<SqlBool> =>
  sql<SqlBool>`(status IN ('snoozed', 'suppressed') AND snoozed_until IS NOT NULL AND snoozed_until <= ${nowIso})`;

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
