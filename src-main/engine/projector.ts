// Appends ops to the log and applies them to the projections, inside the caller's transaction. Local ops are always
// the newest and apply incrementally; an op that arrives out of order (from a peer) makes its entity fold again
// from all its ops, so the projection is always the pure fold of the op set.
import type { Op } from '../../src-shared/domain/ops.ts';
import { applyIncidentOp, foldIncident } from '../../src-shared/domain/incident-fold.ts';
import { foldService, foldApiKey } from '../../src-shared/domain/admin-fold.ts';
import type { Store } from '../store/database.ts';
import { appendOp, opsOfEntity } from '../store/op-log.ts';
import { readIncidentState, writeIncidentState, insertTimelineEntry, replaceTimeline } from '../store/incident-rows.ts';
import { writeService, writeApiKey } from '../store/admin-rows.ts';

export interface Touched {
  ops: Op[];
  incidentIds: Set<string>;
  services: boolean;
  keys: boolean;
}

export const emptyTouched = (): Touched => ({ ops: [], incidentIds: new Set(), services: false, keys: false });

/** Appends and applies one op. Returns false if the op was already held (idempotent by id). */
export function appendAndProject(store: Store, op: Op, nowMs: number, touched: Touched): boolean {
  if (!appendOp(store, op, nowMs)) return false;
  touched.ops.push(op);
  if (op.type.startsWith('incident.')) projectIncident(store, op, touched);
  else if (op.type.startsWith('service.')) {
    const s = foldService(opsOfEntity(store, op.entity));
    if (s) writeService(store, s);
    touched.services = true;
  } else if (op.type.startsWith('apikey.')) {
    const k = foldApiKey(opsOfEntity(store, op.entity));
    if (k) writeApiKey(store, k);
    touched.keys = true;
  }
  // Ops of unknown kinds stay in the log (a newer peer's facts), applied by a version that knows them.
  return true;
}

function projectIncident(store: Store, op: Op, touched: Touched): void {
  const current = readIncidentState(store, op.entity);
  const inOrder = current ? op.hlc > current.lastHlc : op.type === 'incident.triggered' && opsOfEntity(store, op.entity).length === 1;
  if (inOrder) {
    const step = applyIncidentOp(current, op);
    if (step.state) writeIncidentState(store, step.state);
    if (step.state && step.entry) insertTimelineEntry(store, op.entity, step.entry);
  } else {
    const { state, timeline } = foldIncident(opsOfEntity(store, op.entity));
    if (!state) return; // its creation has not arrived yet; the ops wait in the log
    writeIncidentState(store, state);
    replaceTimeline(store, op.entity, timeline);
  }
  touched.incidentIds.add(op.entity);
}
