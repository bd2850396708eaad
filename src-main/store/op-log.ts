// The op log: every fact, appended once (idempotent by op id), numbered per device without gaps.
import type { Op } from '../../src-shared/domain/ops.ts';
import { parseOpId } from '../../src-shared/domain/ids.ts';
import type { Store } from './database.ts';
import type { OpsTable } from './schema.ts';
import { hotStatements } from './hot-statements.ts';
import { readStoredJson } from '../../src-shared/schemas/free-form.ts';
import { reportOnce } from './report-once.ts';

/**
 * An op read back. Data that cannot be read (a damaged row) must not fail the timeline or a refold of its entity:
 * it reads as an explanation, which no op schema accepts, so the fold leaves the op out; the store logs it.
 */
const toOp = (store: Store) => (r: Pick<OpsTable, 'id' | 'hlc' | 'type' | 'entity' | 'data'>): Op => {
  const read = readStoredJson(r.data);
  if (!read.ok) reportOnce(store, r.id, `op ${r.id} (${r.type} on ${r.entity}): its stored data could not be read (${read.reason}); left out of folds`);
  return { id: r.id, hlc: r.hlc, type: r.type, entity: r.entity, data: read.ok ? read.value : { unreadable: read.reason } };
};

/** Appends an op; returns false if an op with this id is already held. */
export function appendOp(store: Store, op: Op, receivedAt: number): boolean {
  const { deviceId, seq } = parseOpId(op.id);
  const res = hotStatements(store).appendOp.run(deviceId, seq, op.id, op.hlc, op.type, op.entity, JSON.stringify(op.data), receivedAt);
  return res.changes > 0;
}

export function opsOfEntity(store: Store, entity: string): Op[] {
  return store.all(store.q.selectFrom('ops').select(['id', 'hlc', 'type', 'entity', 'data'])
    .where('entity', '=', entity).orderBy('hlc').orderBy('id')).map(toOp(store));
}

export function highestSeq(store: Store, deviceId: string): number {
  return store.get(store.q.selectFrom('ops').select((eb) => eb.fn.max('seq').as('m')).where('device_id', '=', deviceId))?.m ?? 0;
}

export function highestHlc(store: Store): string | null {
  return store.get(store.q.selectFrom('ops').select((eb) => eb.fn.max('hlc').as('m')))?.m ?? null;
}

/** A device's ops after `afterSeq`, in order; with `upToSeq`, none beyond it. */
export function opsSince(store: Store, deviceId: string, afterSeq: number, limit: number, upToSeq?: number): Op[] {
  let q = store.q.selectFrom('ops').select(['id', 'hlc', 'type', 'entity', 'data']).where('device_id', '=', deviceId).where('seq', '>', afterSeq);
  if (upToSeq !== undefined) q = q.where('seq', '<=', upToSeq);
  return store.all(q.orderBy('seq').limit(limit)).map(toOp(store));
}

/** `{deviceId → highest seq such that every seq up to it is held}`: what a peer needs to know to send the gaps. */
export function versionVector(store: Store): Record<string, number> {
  // Per device, the first held seq whose successor is missing; if seq 1 itself is missing, nothing is contiguous.
  const rows = store.db.prepare(`
    SELECT device_id, MIN(seq) AS last_contiguous, MIN(first) AS first FROM (
      SELECT device_id, seq,
             LEAD(seq) OVER (PARTITION BY device_id ORDER BY seq) AS next,
             MIN(seq) OVER (PARTITION BY device_id) AS first
      FROM ops
    ) WHERE next IS NULL OR next <> seq + 1 GROUP BY device_id`).all() as { device_id: string; last_contiguous: number; first: number }[];
  const vv: Record<string, number> = {};
  for (const r of rows) vv[r.device_id] = r.first === 1 ? r.last_contiguous : 0;
  return vv;
}
