// The changes projection (migration 7): the folded change ↔ its row, and the two reads: a span of changes (the list),
// and a service's changes before an incident.
import type { ChangeState } from '../../src-shared/domain/changes.ts';
import type { Change } from '../../src-shared/schemas/changes.ts';
import type { JsonObject } from '../../src-shared/schemas/common.ts';
import { readStoredJson } from '../../src-shared/schemas/free-form.ts';
import type { Store } from './database.ts';
import type { ChangesTable } from './schema.ts';

const json = (v: unknown): string | null => (v === null || v === undefined ? null : JSON.stringify(v));

/** A stored free-form value that cannot be read back (a damaged row) reads as null instead of failing a listing. */
const readJson = (text: string | null): unknown => {
  if (text === null) return null;
  const read = readStoredJson(text);
  return read.ok ? read.value : null;
};

const toState = (r: ChangesTable): ChangeState => ({
  id: r.id, serviceId: r.service_id, summary: r.summary, source: r.source, timestamp: r.timestamp, happenedAt: r.happened_at,
  customDetails: readJson(r.custom_details), extra: readJson(r.extra) as JsonObject | null, receivedAt: r.received_at,
  by: r.created_by, lastHlc: r.last_hlc,
});

export function writeChange(store: Store, c: ChangeState): void {
  const row: ChangesTable = {
    id: c.id, service_id: c.serviceId, summary: c.summary, source: c.source, timestamp: c.timestamp, happened_at: c.happenedAt,
    custom_details: json(c.customDetails), extra: json(c.extra), received_at: c.receivedAt, created_by: c.by, last_hlc: c.lastHlc,
  };
  const { id: _id, ...rest } = row;
  store.run(store.q.insertInto('changes').values(row).onConflict((oc) => oc.column('id').doUpdateSet(rest)));
}

export interface ChangeSpan {
  /** Only these changes. */
  ids?: string[];
  serviceId?: string;
  /** Happened at or after (ISO instant). */
  fromIso?: string;
  /** Happened at or before (ISO instant). */
  toIso?: string;
  limit: number;
}

/** Changes in a span, newest first. */
export function listChangeRows(store: Store, span: ChangeSpan): ChangeState[] {
  let q = store.q.selectFrom('changes').selectAll();
  if (span.ids !== undefined) q = q.where('id', 'in', span.ids);
  if (span.serviceId !== undefined) q = q.where('service_id', '=', span.serviceId);
  if (span.fromIso !== undefined) q = q.where('happened_at', '>=', span.fromIso);
  if (span.toIso !== undefined) q = q.where('happened_at', '<=', span.toIso);
  return store.all(q.orderBy('happened_at', 'desc').orderBy('id', 'desc').limit(span.limit)).map(toState);
}

/** A change as the API answers it, its service named. */
export const changeToApi = (c: ChangeState, serviceName: string): Change => ({
  id: c.id, serviceId: c.serviceId, serviceName, summary: c.summary, source: c.source,
  timestamp: c.timestamp, happenedAt: c.happenedAt, receivedAt: c.receivedAt, customDetails: c.customDetails ?? null,
  links: Array.isArray(c.extra?.links) ? c.extra.links as Change['links'] : [],
});
