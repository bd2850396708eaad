// What a device does after ops from peers landed, so the team converges on one picture (ARCHITECTURE.md "Sync"):
//   - two incidents opened for the same service and dedup key on devices that could not see each other become one:
//     the one whose current episode began first (lower (hlc, id)) survives, the other is merged into it (it leaves the open list;
//     later events for the key find the survivor, and its alerts count toward the survivor). An acknowledgement of the
//     merged one carries over to a survivor still triggered, so nobody is paged for what someone already took;
//   - a peer's cancelled maintenance window releases the suppressions this device wrote (each device releases its
//     own, so a release is written once per suppression, not once per device).
//   - a merge made by a device that had not heard of the survivor's resolve (the merged incident began after it) is
//     undone, so a new occurrence is never hidden behind an ended incident;
// All write ordinary local ops through `tx.emit`; two devices that make the same merge at once write the same fact
// twice, which the fold absorbs.
import type { Op } from '../../src-shared/domain/ops.ts';
import { parseOpId } from '../../src-shared/domain/ids.ts';
import type { IncidentState } from '../../src-shared/domain/incident-fold.ts';
import { readIncidentState, suppressedUntil } from '../store/incident-rows.ts';
import { opsOfEntity } from '../store/op-log.ts';
import { foldIncident } from '../../src-shared/domain/incident-fold.ts';
import { compareOps } from '../../src-shared/domain/ops.ts';
import { hotStatements } from '../store/hot-statements.ts';
import { rowToState } from '../store/incident-rows.ts';
import { maintenanceRow } from '../store/maintenance-rows.ts';
import type { IncidentsTable } from '../store/schema.ts';
import type { Tx } from './tx.ts';

/**
 * (hlc, op id) of the op that began an incident's current episode (its creation, or the re-open that started it):
 * the merge order. An incident re-opened after another was opened is the younger of the two.
 */
function episodeKey(tx: Tx, incidentId: string): string {
  const ops = opsOfEntity(tx.store, incidentId);
  const { timeline } = foldIncident(ops);
  const byId = new Map(ops.map((o) => [o.id, o]));
  for (let i = timeline.length - 1; i >= 0; i--) {
    const op = byId.get(timeline[i]!.id);
    if (op && (op.type === 'incident.triggered' || op.type === 'incident.reopened') && !timeline[i]!.data.ignored) return `${op.hlc} ${op.id}`;
  }
  return `~ ${incidentId}`;
}

/** Whether an incident was open just before the op with this (hlc, id) key, by the ops held here (the merge order). */
function openBefore(tx: Tx, incidentId: string, key: string): boolean {
  const [hlc = '', id = ''] = key.split(' ');
  const s = foldIncident(opsOfEntity(tx.store, incidentId).filter((o) => compareOps(o, { hlc, id }) < 0)).state;
  return s !== null && s.status !== 'resolved';
}

/**
 * A merge is right only if the survivor was still open when the merged incident's episode began. A device that had
 * not heard of the survivor's resolve may have merged a later, new occurrence into it: separate them again (the
 * later one pages). `losersOf`: survivors whose resolve just arrived; `merged`: incidents whose merge just arrived.
 */
export function separateWrongMerges(tx: Tx, survivors: Iterable<string>, merged: Iterable<string>, by: string): string[] {
  const loserIds = new Set(merged);
  for (const s of survivors) {
    for (const id of tx.store.db.prepare('SELECT id FROM incidents WHERE merged_into = ?').pluck().all(s) as string[]) loserIds.add(id);
  }
  const separated: string[] = [];
  for (const id of loserIds) {
    const loser = readIncidentState(tx.store, id);
    if (!loser?.mergedInto) continue;
    const begun = episodeKey(tx, id);
    if (begun.startsWith('~') || openBefore(tx, loser.mergedInto, begun)) continue;
    tx.emit('incident.unmerged', id, { from: loser.mergedInto, by }, loser);
    separated.push(id);
  }
  return separated;
}

export function mergeDuplicateIncidents(tx: Tx, incidentIds: Iterable<string>, by: string): void {
  const done = new Set<string>();
  for (const id of incidentIds) {
    const s = readIncidentState(tx.store, id);
    if (!s || s.mergedInto || s.status === 'resolved' || s.dedupKey === null) continue;
    const group = `${s.serviceId}\u0000${s.dedupKey}`;
    if (done.has(group)) continue;
    done.add(group);
    const open = (hotStatements(tx.store).openByDedupKey.all(s.serviceId, s.dedupKey) as IncidentsTable[]).map((r) => rowToState(tx.store, r));
    if (open.length < 2) continue;
    const ranked = open.map((i) => ({ i, key: episodeKey(tx, i.id) })).sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    let survivor: IncidentState = ranked[0]!.i;
    for (const { i: loser } of ranked.slice(1)) {
      tx.emit('incident.merged', loser.id, { into: survivor.id, by }, loser);
      if (loser.status === 'acknowledged' && survivor.status === 'triggered') {
        tx.emit('incident.acknowledged', survivor.id, { episode: survivor.episode, by: loser.acknowledgedBy ?? by }, survivor);
        survivor = readIncidentState(tx.store, survivor.id) ?? survivor;
      }
    }
  }
}

export function releaseCancelledMaintenance(tx: Tx, cancelledWindowIds: Iterable<string>, ownDeviceId: string, by: string): void {
  for (const id of cancelledWindowIds) {
    const m = maintenanceRow(tx.store, id);
    if (!m || !m.cancelledAt) continue;
    for (const s of suppressedUntil(tx.store, m.serviceIds, m.endsAt)) {
      const creator = tx.store.db.prepare("SELECT id FROM ops WHERE entity = ? AND type = 'incident.triggered' LIMIT 1").pluck().get(s.id) as string | undefined;
      if (!creator || parseOpId(creator).deviceId !== ownDeviceId) continue;
      tx.emit('incident.unsuppressed', s.id, { episode: s.episode, reason: `maintenance window "${m.title}" ended early`, by }, s);
    }
  }
}

/** What a batch of peers' ops calls for: the incidents to check for duplicates, the windows that were cancelled. */
export function convergenceWork(ops: readonly Op[]): { incidents: Set<string>; cancelledWindows: Set<string>; resolved: Set<string>; merged: Set<string> } {
  const incidents = new Set<string>();
  const cancelledWindows = new Set<string>();
  const resolved = new Set<string>();
  const merged = new Set<string>();
  for (const op of ops) {
    if (op.type === 'incident.triggered' || op.type === 'incident.reopened' || op.type === 'incident.merged' || op.type === 'incident.unmerged') incidents.add(op.entity);
    if (op.type === 'incident.resolved') resolved.add(op.entity);
    if (op.type === 'incident.merged') merged.add(op.entity);
    else if (op.type === 'maintenance.cancelled') cancelledWindows.add(op.entity);
  }
  return { incidents, cancelledWindows, resolved, merged };
}
