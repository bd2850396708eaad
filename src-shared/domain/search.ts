// What "search" means for incidents, in the window and in the API's `q`: a case-insensitive substring of the
// title, dedup key, source or service name, or the incident's exact id. The SQL in
// src-main/store/incident-queries.ts searches the same SEARCH_FIELDS; keep the two together.
import type { Incident } from '../schemas/incidents.ts';

export const SEARCH_FIELDS = ['title', 'dedupKey', 'source', 'service name', 'id (exact)'] as const;

export function matchesSearch(i: Pick<Incident, 'id' | 'title' | 'dedupKey' | 'source' | 'service'>, q: string): boolean {
  const needle = q.trim().toLowerCase();
  if (needle === '') return true;
  if (i.id === q.trim()) return true;
  return [i.title, i.dedupKey, i.source, i.service.name].some((field) => field !== null && field.toLowerCase().includes(needle));
}
