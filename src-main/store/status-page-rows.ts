// The status pages projection (migration 11): each page's fold as one document, and the incidents posted to it.
import type { StatusPageState } from '../../src-shared/domain/status/fold.ts';
import type { Store } from './database.ts';

/** A page's document; one written before withdrawals existed has none. */
const parseDoc = (doc: string): StatusPageState => ({ withdrawnIds: [], ...JSON.parse(doc) as Omit<StatusPageState, 'withdrawnIds'> });

export function writeStatusPage(store: Store, p: StatusPageState): void {
  const row = { id: p.id, slug: p.slug, doc: JSON.stringify(p), deleted: p.deleted ? 1 : 0, created_hlc: p.createdHlc, last_hlc: p.lastHlc };
  const { id: _id, ...rest } = row;
  store.run(store.q.insertInto('status_pages').values(row).onConflict((oc) => oc.column('id').doUpdateSet(rest)));
  store.run(store.q.deleteFrom('status_page_incidents').where('status_page_id', '=', p.id));
  for (const incidentId of p.incidentIds) {
    store.run(store.q.insertInto('status_page_incidents').values({ status_page_id: p.id, incident_id: incidentId }));
  }
}

export function dropStatusPage(store: Store, id: string): void {
  store.run(store.q.deleteFrom('status_pages').where('id', '=', id));
  store.run(store.q.deleteFrom('status_page_incidents').where('status_page_id', '=', id));
}

/** Every page not deleted, in the order they were created. */
export function listStatusPageRows(store: Store): StatusPageState[] {
  return store.all(store.q.selectFrom('status_pages').select('doc').where('deleted', '=', 0).orderBy('created_hlc').orderBy('id'))
    .map((r) => parseDoc(r.doc));
}

/** One page, deleted or not (null: never held). */
export function statusPageRow(store: Store, id: string): StatusPageState | null {
  const r = store.get(store.q.selectFrom('status_pages').select('doc').where('id', '=', id));
  return r ? parseDoc(r.doc) : null;
}

/**
 * The live page with this slug. Two devices apart may each have given a page the same slug: every device serves the
 * one created first (by HLC, then id), so a link means the same page everywhere.
 */
export function statusPageBySlug(store: Store, slug: string): StatusPageState | null {
  const r = store.get(store.q.selectFrom('status_pages').select('doc').where('slug', '=', slug).where('deleted', '=', 0)
    .orderBy('created_hlc').orderBy('id').limit(1));
  return r ? parseDoc(r.doc) : null;
}

/** The live pages each incident was posted to, by incident. */
export function postedIncidents(store: Store): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const rows = store.all(store.q.selectFrom('status_page_incidents as spi').innerJoin('status_pages as sp', 'sp.id', 'spi.status_page_id')
    .select(['spi.incident_id', 'spi.status_page_id']).where('sp.deleted', '=', 0).orderBy('spi.status_page_id'));
  for (const r of rows) out.set(r.incident_id, [...(out.get(r.incident_id) ?? []), r.status_page_id]);
  return out;
}
