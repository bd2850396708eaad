// Peers' ops kept aside: stored in the op log like every op (sync needs every seq of a device), never folded, and
// listed here with the reason, so that a bad peer is visible instead of silently diverging.
import type { Store } from './database.ts';

export interface QuarantinedOp { opId: string; reason: string; receivedAt: string }

export function quarantineOp(store: Store, opId: string, reason: string, receivedAtMs: number): void {
  store.run(store.q.insertInto('quarantined_ops').values({ op_id: opId, reason, received_at: receivedAtMs })
    .onConflict((oc) => oc.column('op_id').doNothing()));
}

export function listQuarantinedOps(store: Store): QuarantinedOp[] {
  return store.all(store.q.selectFrom('quarantined_ops').selectAll().orderBy('received_at').orderBy('op_id'))
    .map((r) => ({ opId: r.op_id, reason: r.reason, receivedAt: new Date(r.received_at).toISOString() }));
}
