// Appends ops to the log and applies them to the projections, inside the caller's transaction. Local ops are always
// the newest and apply incrementally; an op that arrives out of order (from a peer) makes its entity fold again
// from all its ops, so the projection is always the pure fold of the op set.
import type { Op } from '../../src-shared/domain/ops.ts';
import { OP_DATA } from '../../src-shared/domain/ops.ts';
import { getMeta, setMeta } from '../store/meta.ts';
import { applyIncidentOp, applyValidIncidentOp, foldIncident } from '../../src-shared/domain/incident-fold.ts';
import type { IncidentOp } from '../../src-shared/domain/ops.ts';
import { foldService, foldApiKey } from '../../src-shared/domain/admin-fold.ts';
import type { Store } from '../store/database.ts';
import { appendOp, opsOfEntity } from '../store/op-log.ts';
import { readIncidentState, writeIncidentState, writeIncidentChange } from '../store/incident-rows.ts';
import type { IncidentState } from '../../src-shared/domain/incident-fold.ts';
import { writeService, writeApiKey } from '../store/admin-rows.ts';
import { foldMaintenance } from '../../src-shared/domain/maintenance.ts';
import { writeMaintenance } from '../store/maintenance-rows.ts';
import { isRosterOpType } from '../../src-shared/domain/roster.ts';
import { parseOpId } from '../../src-shared/domain/ids.ts';
import { refoldRoster, revocationCutoffs, entitiesAcrossCutoffs } from '../store/roster-rows.ts';
import { foldSchedule, foldPolicy } from '../../src-shared/domain/oncall/fold.ts';
import { writeSchedule, writePolicy } from '../store/oncall-rows.ts';
import { foldChange } from '../../src-shared/domain/changes.ts';
import { writeChange } from '../store/change-rows.ts';
import { foldMonitor } from '../../src-shared/domain/monitors/fold.ts';
import { writeMonitor } from '../store/monitor-rows.ts';
import { projectRollup } from '../store/monitor-rollups.ts';
import { foldWebhook } from '../../src-shared/domain/webhooks/fold.ts';
import { writeWebhook } from '../store/webhook-rows.ts';
import { foldStatusPage } from '../../src-shared/domain/status/fold.ts';
import { writeStatusPage, dropStatusPage } from '../store/status-page-rows.ts';
import { foldSubscriber } from '../../src-shared/domain/subscribers/fold.ts';
import { writeSubscriber } from '../store/subscriber-rows.ts';

export interface Touched {
  ops: Op[];
  incidentIds: Set<string>;
  services: boolean;
  keys: boolean;
  maintenance: boolean;
  roster: boolean;
  /** Schedules, overrides or escalation policies. */
  oncall: boolean;
  /** Changes (change events). */
  changes: boolean;
  /** Monitors or their rollups. */
  monitors?: boolean;
  statusPages?: boolean;
}

export const emptyTouched = (): Touched => ({ ops: [], incidentIds: new Set(), services: false, keys: false, maintenance: false, roster: false, oncall: false, changes: false });

/**
 * Appends and applies one op. Returns false if the op was already held (idempotent by id). `origin: 'local'` means
 * the engine built the op itself this instant: typed, valid, newer than anything held, so no re-validation and no
 * re-fold; a peer's op is validated and may arrive in any order.
 */
export function appendAndProject(
  store: Store, op: Op, nowMs: number, touched: Touched, origin: 'local' | 'remote', current?: IncidentState, counts?: boolean,
): boolean {
  if (!appendOp(store, op, nowMs)) return false;
  touched.ops.push(op);
  // A revoked device's op after its cutoff is kept (and passed on) but folded nowhere; roster ops always go to the
  // roster's fold, which decides for itself which revocations hold.
  if (!isRosterOpType(op.type) && !(counts ?? opCounts(store, op))) return true;
  if (op.type.startsWith('incident.')) {
    if (origin === 'local') projectLocalIncidentOp(store, op as IncidentOp, touched, current);
    else projectIncident(store, op, touched);
  }
  else if (op.type.startsWith('service.')) {
    const s = foldService(opsOfEntity(store, op.entity));
    if (s) writeService(store, s);
    touched.services = true;
  } else if (op.type.startsWith('apikey.')) {
    const k = foldApiKey(opsOfEntity(store, op.entity));
    if (k) writeApiKey(store, k);
    touched.keys = true;
  } else if (op.type.startsWith('maintenance.')) {
    const m = foldMaintenance(opsOfEntity(store, op.entity));
    if (m) writeMaintenance(store, m);
    touched.maintenance = true;
  } else if (op.type.startsWith('schedule.')) {
    const sch = foldSchedule(opsOfEntity(store, op.entity));
    if (sch) writeSchedule(store, sch);
    touched.oncall = true;
  } else if (op.type.startsWith('policy.')) {
    const pol = foldPolicy(opsOfEntity(store, op.entity));
    if (pol) writePolicy(store, pol);
    touched.oncall = true;
  } else if (op.type.startsWith('change.')) {
    const c = foldChange(opsOfEntity(store, op.entity));
    if (c) writeChange(store, c);
    touched.changes = true;
  } else if (op.type === 'monitor.rollup') {
    if (projectRollupOp(store, op, nowMs)) touched.monitors = true;
  } else if (op.type.startsWith('monitor.')) {
    const m = foldMonitor(opsOfEntity(store, op.entity));
    if (m) writeMonitor(store, m);
    touched.monitors = true;
  } else if (op.type.startsWith('webhook.')) {
    const w = foldWebhook(opsOfEntity(store, op.entity));
    if (w) writeWebhook(store, w);
  } else if (op.type.startsWith('statuspage.')) {
    const p = foldStatusPage(opsOfEntity(store, op.entity));
    if (p) writeStatusPage(store, p);
    touched.statusPages = true;
  } else if (op.type.startsWith('subscriber.')) {
    const sub = foldSubscriber(opsOfEntity(store, op.entity));
    if (sub) writeSubscriber(store, sub);
  } else if (isRosterOpType(op.type)) {
    projectRoster(store, touched);
  }
  // Ops of unknown kinds stay in the log (a newer peer's facts), applied by a version that knows them.
  return true;
}

/**
 * The roster is folded again as a whole. A revocation it now holds takes the revoked device's later ops out of the
 * log, and every entity they touched is folded again without them.
 */
function projectRoster(store: Store, touched: Touched): void {
  const before = revocationCutoffs(store);
  refoldRoster(store);
  touched.roster = true;
  // A revocation (or one the roster's fixed point no longer upholds) changes which ops count: fold again whatever
  // the revoked device's later ops touched.
  for (const entity of entitiesAcrossCutoffs(store, before, revocationCutoffs(store))) {
    const kind = refoldEntity(store, entity);
    if (kind === 'incident') touched.incidentIds.add(entity);
    else if (kind === 'service') touched.services = true;
    else if (kind === 'apikey') touched.keys = true;
    else if (kind === 'maintenance') touched.maintenance = true;
    else if (kind === 'schedule' || kind === 'policy') touched.oncall = true;
    else if (kind === 'change') touched.changes = true;
    else if (kind === 'monitor') touched.monitors = true;
    else if (kind === 'statuspage') touched.statusPages = true;
  }
}

/** An entity's kind from its id, for one whose ops all stopped counting (nothing left to say what it was). */
const KIND_OF_PREFIX: Record<string, string> = {
  'inc_': 'incident', 'svc_': 'service', 'key_': 'apikey', 'mnt_': 'maintenance', 'sch_': 'schedule', 'pol_': 'policy', 'chg_': 'change', 'mon_': 'monitor', 'whk_': 'webhook', 'sp_': 'statuspage', 'sub_': 'subscriber',
};

/** Folds one entity again from all its ops held and rewrites its row; returns its kind. */
export function refoldEntity(store: Store, entity: string): string | undefined {
  const ops = opsOfEntity(store, entity);
  // What is left of it may no longer make the entity (its creation was set aside): then its row goes.
  const drop = (table: string) => store.db.prepare(`DELETE FROM ${table} WHERE id = ?`).run(entity);
  const kind = ops[0]?.type.split('.')[0];
  // A runner's rollups are an entity of their own (`mru_…`), projected summary by summary, never folded as a monitor.
  if (ops[0]?.type === 'monitor.rollup') {
    // No clock here: every summary held goes in, and the periodic prune takes out those older than kept.
    for (const op of ops) projectRollupOp(store, op, Number.NEGATIVE_INFINITY);
    return 'monitor';
  }
  if (kind === 'incident') {
    const s = foldIncident(ops).state;
    if (s) writeIncidentState(store, s);
    else store.db.prepare('DELETE FROM incidents WHERE id = ?').run(entity);
  } else if (kind === 'maintenance') { const m = foldMaintenance(ops); if (m) writeMaintenance(store, m); else drop('maintenance_windows'); }
  else if (kind === 'service') { const s = foldService(ops); if (s) writeService(store, s); else drop('services'); }
  else if (kind === 'apikey') { const k = foldApiKey(ops); if (k) writeApiKey(store, k); else drop('api_keys'); }
  else if (kind === 'schedule') { const sch = foldSchedule(ops); if (sch) writeSchedule(store, sch); else drop('schedules'); }
  else if (kind === 'policy') { const pol = foldPolicy(ops); if (pol) writePolicy(store, pol); else drop('escalation_policies'); }
  else if (kind === 'change') { const c = foldChange(ops); if (c) writeChange(store, c); else drop('changes'); }
  else if (kind === 'monitor') { const m = foldMonitor(ops); if (m) writeMonitor(store, m); else drop('monitors'); }
  else if (kind === 'webhook') { const w = foldWebhook(ops); if (w) writeWebhook(store, w); else drop('webhooks'); }
  else if (kind === 'statuspage') { const p = foldStatusPage(ops); if (p) writeStatusPage(store, p); else dropStatusPage(store, entity); }
  else if (kind === 'subscriber') { const sub = foldSubscriber(ops); if (sub) writeSubscriber(store, sub); else drop('status_subscribers'); }
  else if (kind === undefined) {
    // Every op of it was set aside (a revoked device's): the entity is gone with them.
    for (const table of ['incidents', 'services', 'api_keys', 'maintenance_windows', 'schedules', 'escalation_policies', 'changes', 'monitors', 'webhooks', 'status_pages', 'status_subscribers'] as const) store.db.prepare(`DELETE FROM ${table} WHERE id = ?`).run(entity);
    store.db.prepare('DELETE FROM status_page_incidents WHERE status_page_id = ?').run(entity);
  } else if (isRosterOpType(`${kind}.`)) refoldRoster(store);
  return kind ?? KIND_OF_PREFIX[entity.slice(0, entity.indexOf('_') + 1)];
}

function projectRollupOp(store: Store, op: Op, nowMs: number): boolean {
  // A peer's op is checked here (the local one is built valid); an invalid one stays in the log, unprojected.
  const parsed = OP_DATA['monitor.rollup'].safeParse(op.data);
  return parsed.success && projectRollup(store, { ...op, type: 'monitor.rollup', data: parsed.data }, nowMs);
}

/** Whether an op counts in folds: not a revoked device's op after its cutoff (read from the roster's projection). */
function opCounts(store: Store, op: Op): boolean {
  const { deviceId, seq } = parseOpId(op.id);
  const cutoff = store.db.prepare('SELECT revoked_up_to_seq FROM devices WHERE device_id = ?').pluck().get(deviceId) as number | null | undefined;
  return cutoff === null || cutoff === undefined || seq <= cutoff;
}

/** `known`: the incident as the command just read it in this transaction, which saves reading it again. */
function projectLocalIncidentOp(store: Store, op: IncidentOp, touched: Touched, known?: IncidentState): void {
  const current = op.type === 'incident.triggered' ? null : (known ?? readIncidentState(store, op.entity));
  // A local op is the newest this device knows of, except after a peer whose clock runs too far ahead (the HLC does
  // not follow it past the drift bound): then the incident folds again, in order.
  if (current && op.hlc <= current.lastHlc) { projectIncident(store, op, touched); return; }
  const { state } = applyValidIncidentOp(current, op);
  if (state) writeIncidentChange(store, current, state);
  touched.incidentIds.add(op.entity);
}

function projectIncident(store: Store, op: Op, touched: Touched): void {
  const current = readIncidentState(store, op.entity);
  if (current && op.hlc > current.lastHlc) {
    const { state } = applyIncidentOp(current, op);
    // A repeat moves only its counters: four columns, not the whole row (a peer's catch-up is mostly repeats).
    if (state) writeIncidentChange(store, current, state);
  } else {
    // Out of order, or the incident is not here yet (its creation may have arrived only now): fold all its ops.
    const { state } = foldIncident(opsOfEntity(store, op.entity));
    if (!state) return; // its creation has not arrived yet; the ops wait in the log
    writeIncidentState(store, state);
  }
  touched.incidentIds.add(op.entity);
}

/** The op types the first release knew: what a data dir without a record of its known types had applied. */
const FIRST_RELEASE_OP_TYPES = [
  'incident.triggered', 'incident.alert_received', 'incident.acknowledged', 'incident.unacknowledged', 'incident.snoozed',
  'incident.resolved', 'incident.reopened', 'incident.changed', 'incident.status_updated', 'incident.note_added',
  'incident.escalated', 'incident.merged', 'service.created', 'service.changed', 'apikey.created', 'apikey.revoked',
];

/**
 * Ops of kinds an older version did not know stay in the log unapplied (a newer peer's facts). When this version
 * starts on such a log, it applies them: every entity with an op of a kind learnt since is folded again from all
 * its ops. The kinds this data dir has applied are kept in `meta`.
 */
export function projectNewlyKnownOps(store: Store): number {
  if (getMeta(store, 'applied_op_types') === JSON.stringify(Object.keys(OP_DATA))) return 0;
  // Read and write under the write lock: another process committing between them would fail a deferred one.
  return store.db.transaction(() => applyNewlyKnownOps(store)).immediate();
}

function applyNewlyKnownOps(store: Store): number {
  const recorded = getMeta(store, 'applied_op_types');
  const applied = new Set(JSON.parse(recorded ?? JSON.stringify(FIRST_RELEASE_OP_TYPES)) as string[]);
  const learnt = (Object.keys(OP_DATA) as string[]).filter((t) => !applied.has(t));
  if (learnt.length === 0 && recorded !== undefined) return 0;
  let refolded = 0;
  if (learnt.length > 0) {
    const entities = store.all(store.q.selectFrom('ops').select('entity').distinct().where('type', 'in', learnt)).map((r) => r.entity);
    for (const entity of entities) {
      refoldEntity(store, entity);
      refolded++;
    }
  }
  setMeta(store, 'applied_op_types', JSON.stringify(Object.keys(OP_DATA)));
  return refolded;
}
