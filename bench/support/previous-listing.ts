// The baseline for the list figures: how the host listed and searched before migration 4 (git ab3ac1c,
// src-main/store/incident-queries.ts), written out — a count and a page, newest first, q as LIKE over every row.
// Run on the same database in the same process as the figures it is compared with.
import type { Store } from '../../src-main/store/database.ts';

const EFFECTIVE = "CASE WHEN status IN ('snoozed', 'suppressed') AND snoozed_until IS NOT NULL AND snoozed_until <= @now THEN 'triggered' ELSE status END";
const SEARCH = `(title LIKE @like ESCAPE '\\' OR dedup_key LIKE @like ESCAPE '\\' OR source LIKE @like ESCAPE '\\'
  OR service_id IN (SELECT id FROM services WHERE name LIKE @like ESCAPE '\\') OR id = @q)`;

export function previousListing(store: Store) {
  const where = (q: boolean, open: boolean) => ['merged_into IS NULL', ...(open ? [`${EFFECTIVE} IN ('triggered', 'acknowledged', 'snoozed')`] : []), ...(q ? [SEARCH] : [])].join(' AND ');
  const statements = new Map<string, { count: ReturnType<Store['db']['prepare']>; page: ReturnType<Store['db']['prepare']> }>();
  return (opts: { q?: string; open?: boolean; limit: number }, nowMs: number) => {
    const key = `${Boolean(opts.q)}:${Boolean(opts.open)}`;
    let s = statements.get(key);
    if (!s) {
      const w = where(Boolean(opts.q), Boolean(opts.open));
      s = {
        count: store.db.prepare(`SELECT count(*) AS n FROM incidents WHERE ${w}`),
        page: store.db.prepare(`SELECT * FROM incidents WHERE ${w} ORDER BY created_at DESC, id DESC LIMIT @limit`),
      };
      statements.set(key, s);
    }
    const params = { now: new Date(nowMs).toISOString(), limit: opts.limit + 1, ...(opts.q ? { q: opts.q, like: `%${opts.q.replace(/[\\%_]/g, (m) => `\\${m}`)}%` } : {}) };
    const { count, page } = s;
    const countParams = { ...params } as Record<string, unknown>;
    delete countParams.limit;
    return { total: (count.get(countParams) as { n: number }).n, rows: page.all(params).length };
  };
}
