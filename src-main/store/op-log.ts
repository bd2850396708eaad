// The op log: every fact, appended once (idempotent by op id), numbered per device without gaps.
import type BetterSqlite3 from 'better-sqlite3';
import type { Op } from '../../src-shared/domain/ops.ts';
import { parseOpId } from '../../src-shared/domain/ids.ts';
import type { Store } from './database.ts';
import type { OpsTable } from './schema.ts';
import { hotStatements } from './hot-statements.ts';
import { chainHash, GENESIS } from './op-chain.ts';
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

/** The last op appended per device through this connection, with its chain value: the next op's `prev`. */
const lastChain = new WeakMap<Store, Map<string, { seq: number; chain: string | null }>>();

/** A device's chain value at `seq` (GENESIS before seq 1); null if that op is not held or predates chains. */
export function chainAt(store: Store, deviceId: string, seq: number): string | null {
  if (seq === 0) return GENESIS;
  const cached = lastChain.get(store)?.get(deviceId);
  if (cached?.seq === seq) return cached.chain;
  return (hotStatements(store).chainAt.get(deviceId, seq) as string | null | undefined) ?? null;
}

/** Appends an op with its chain value; returns false if an op with this id is already held. */
export function appendOp(store: Store, op: Op, receivedAt: number): boolean {
  const { deviceId, seq } = parseOpId(op.id);
  const dataText = JSON.stringify(op.data);
  const prev = chainAt(store, deviceId, seq - 1);
  const chain = prev === null ? null : chainHash(prev, op, dataText);
  const res = hotStatements(store).appendOp.run(deviceId, seq, op.id, op.hlc, op.type, op.entity, dataText, receivedAt, chain);
  if (res.changes === 0) return false;
  let perDevice = lastChain.get(store);
  if (!perDevice) lastChain.set(store, perDevice = new Map());
  perDevice.set(deviceId, { seq, chain });
  return true;
}

/** Forgets the cached chain heads (a transaction that appended was rolled back). */
export function forgetChainCache(store: Store): void {
  lastChain.delete(store);
}

/**
 * Fills the chain of ops that have none (written before chains existed, or appended after a gap that is filled
 * now), in seq order per device, as far as each chain reaches. Returns how many were filled.
 */
export function fillChains(store: Store): number {
  const missing = store.db.prepare('SELECT device_id, MIN(seq) AS first FROM ops WHERE chain IS NULL GROUP BY device_id').all() as { device_id: string; first: number }[];
  const read = store.db.prepare('SELECT seq, id, hlc, type, entity, data FROM ops WHERE device_id = ? AND seq >= ? ORDER BY seq');
  const write = store.db.prepare('UPDATE ops SET chain = ? WHERE device_id = ? AND seq = ?');
  let filled = 0;
  for (const { device_id: device, first } of missing) {
    let prev = first === 1 ? GENESIS : ((hotStatements(store).chainAt.get(device, first - 1) as string | null | undefined) ?? null);
    let expected = first;
    for (const r of read.all(device, first) as OpsTable[]) {
      if (prev === null || r.seq !== expected) break;
      prev = chainHash(prev, r, r.data);
      write.run(prev, device, r.seq);
      filled++;
      expected++;
    }
  }
  forgetChainCache(store);
  return filled;
}

/**
 * An entity's ops that count, in fold order. A revoked device's ops after what its revoker had seen stay in the log
 * (so every device holds the same ops and the roster's verdict is the same everywhere) but count for nothing.
 */
export function opsOfEntity(store: Store, entity: string): Op[] {
  return (entityOps(store).all(entity) as Pick<OpsTable, 'id' | 'hlc' | 'type' | 'entity' | 'data'>[]).map(toOp(store));
}

/** The one rule of which ops count (see opsOfEntity), for every query that folds ops; `o` is the ops table. */
const COUNTING_OPS = `LEFT JOIN devices d ON d.device_id = o.device_id WHERE (d.revoked_up_to_seq IS NULL OR o.seq <= d.revoked_up_to_seq)`;

/**
 * Prepared once per database: a peer's op for an incident not held yet folds it from its ops, so a device catching up
 * runs this for every incident it learns of, and preparing it each time cost 7% of a 100,000-op join's CPU.
 */
const entityOpsStatements = new WeakMap<Store, BetterSqlite3.Statement>();
function entityOps(store: Store): BetterSqlite3.Statement {
  let stmt = entityOpsStatements.get(store);
  if (!stmt) {
    stmt = store.db.prepare(`SELECT o.id, o.hlc, o.type, o.entity, o.data FROM ops o ${COUNTING_OPS} AND o.entity = ? ORDER BY o.hlc, o.id`);
    entityOpsStatements.set(store, stmt);
  }
  return stmt;
}

export interface IncidentOps { id: string; serviceId: string; ops: Op[] }

/**
 * The ops that count of every incident created in [fromIso, toIso) and not merged into another, each incident's in
 * fold order, incidents oldest first: what a report folds, in one statement rather than a query per incident.
 */
export function* opsOfIncidentsCreatedBetween(store: Store, fromIso: string, toIso: string): Generator<IncidentOps> {
  const rows = store.db.prepare(`SELECT i.id AS incident, i.service_id AS service, o.id, o.hlc, o.type, o.entity, o.data
    FROM incidents i JOIN ops o ON o.entity = i.id ${COUNTING_OPS}
      AND i.created_at >= ? AND i.created_at < ? AND i.merged_into IS NULL
    ORDER BY i.created_at, i.id, o.hlc, o.id`).iterate(fromIso, toIso) as Iterable<Pick<OpsTable, 'id' | 'hlc' | 'type' | 'entity' | 'data'> & { incident: string; service: string }>;
  const read = toOp(store);
  let current = null as IncidentOps | null;
  for (const r of rows) {
    if (current?.id !== r.incident) {
      if (current) yield current;
      current = { id: r.incident, serviceId: r.service, ops: [] };
    }
    current.ops.push(read(r));
  }
  if (current) yield current;
}

export function highestSeq(store: Store, deviceId: string): number {
  return store.get(store.q.selectFrom('ops').select((eb) => eb.fn.max('seq').as('m')).where('device_id', '=', deviceId))?.m ?? 0;
}

/** The HLC of a device's last op (its ops' HLCs grow with their seq): what its clock must stay ahead of. */
export function lastHlcOf(store: Store, deviceId: string): string | null {
  return (store.db.prepare('SELECT hlc FROM ops WHERE device_id = ? ORDER BY seq DESC LIMIT 1').pluck().get(deviceId) as string | undefined) ?? null;
}

export function highestHlc(store: Store): string | null {
  return store.get(store.q.selectFrom('ops').select((eb) => eb.fn.max('hlc').as('m')))?.m ?? null;
}

/**
 * A device's ops after `afterSeq`, in order; with `upToSeq`, none beyond it. Their data exactly as stored (what sync
 * relays must hash to what its author signed), also data kept aside for being too deep to fold.
 */
export function opsSince(store: Store, deviceId: string, afterSeq: number, limit: number, upToSeq?: number): Op[] {
  let q = store.q.selectFrom('ops').select(['id', 'hlc', 'type', 'entity', 'data']).where('device_id', '=', deviceId).where('seq', '>', afterSeq);
  if (upToSeq !== undefined) q = q.where('seq', '<=', upToSeq);
  return store.all(q.orderBy('seq').limit(limit)).map((r) => {
    try {
      return { id: r.id, hlc: r.hlc, type: r.type, entity: r.entity, data: JSON.parse(r.data) as unknown };
    } catch {
      return toOp(store)(r); // a damaged row: its author's signature will not hold over it, and peers say so
    }
  });
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

/** The highest seq of a device up to which every op is held (one device's entry of `versionVector`, cheaper). */
export function contiguousSeq(store: Store, deviceId: string): number {
  const r = store.db.prepare('SELECT MAX(seq) AS m, COUNT(*) AS c FROM ops WHERE device_id = ?').get(deviceId) as { m: number | null; c: number };
  if (r.m === null) return 0;
  if (r.m === r.c) return r.m;
  return versionVector(store)[deviceId] ?? 0;
}
