// Which incidents a status page publishes, and each one's public form. Only public facts leave this file: a public
// id, a title a person wrote (a machine-written one is replaced), the impact, the progress, the status-page updates
// (a machine's replaced by what they mean), when it began and ended, and the public ids of the components it touches.
// Notes, responder status, assignees, custom details, dedup keys, sources and descriptions are read nowhere here.
import type { Store } from '../store/database.ts';
import type { IncidentState } from '../../src-shared/domain/incident-fold.ts';
import type { StatusPageState } from '../../src-shared/domain/status/fold.ts';
import { servicesPublishedWhole } from '../../src-shared/domain/status/fold.ts';
import type { IncidentInput } from '../../src-shared/domain/status/public-view.ts';
import {
  AUTOMATIC_UPDATE, automaticTitle, componentsTouched, publicImpact, writtenByPerson, type ComponentRef,
} from '../../src-shared/domain/status/public-rules.ts';
import { parseKnownOp } from '../../src-shared/domain/ops.ts';
import { hlcToIso } from '../../src-shared/domain/hlc.ts';
import { readIncidentState, rowToState } from '../store/incident-rows.ts';
import { opsOfEntity } from '../store/op-log.ts';
import { monitorsOfIncident } from '../../src-shared/domain/monitors/reporting.ts';

/** A component of the page as the loader knows it: internal refs for matching, public id and name for the view. */
export interface PageComponent extends ComponentRef { publicId: string; name: string }

/**
 * The incidents the page publishes that can show in the last 90 days: those posted to it (a duplicate merged into
 * another stands for that one), and every incident of the services it publishes whole — but none withdrawn from it.
 */
export function publishedIncidents(store: Store, page: StatusPageState, historyFromIso: string): IncidentState[] {
  const found = new Map<string, IncidentState>();
  for (let at = 0; at < page.incidentIds.length; at += 500) {
    const rows = store.all(store.q.selectFrom('incidents').selectAll().where('id', 'in', page.incidentIds.slice(at, at + 500)));
    for (const r of rows) {
      let s: IncidentState | null = rowToState(store, r);
      for (let hops = 0; s?.mergedInto && hops < 10; hops++) s = readIncidentState(store, s.mergedInto);
      if (s && !s.mergedInto) found.set(s.id, s);
    }
  }
  const whole = servicesPublishedWhole(page);
  if (whole.length > 0) {
    const rows = store.all(store.q.selectFrom('incidents').selectAll().where('service_id', 'in', whole).where('merged_into', 'is', null)
      .where((eb) => eb.or([eb('status', '<>', 'resolved'), eb('resolved_at', '>=', historyFromIso)])));
    for (const r of rows) found.set(r.id, rowToState(store, r));
  }
  for (const id of page.withdrawnIds) found.delete(id);
  return [...found.values()];
}

/** What an incident's ops say in public: its status-page updates, whether a person titled it, when it was resolved. */
export interface PublicFacts { updates: IncidentInput['updates']; titledByPerson: boolean; resolvedAt: string | null }

export function readPublicFacts(store: Store, s: IncidentState): PublicFacts {
  const updates: IncidentInput['updates'] = [];
  let titledByPerson = !s.autoCreated;
  let resolvedAt: string | null = null;
  for (const raw of opsOfEntity(store, s.id)) {
    const op = parseKnownOp(raw);
    if (op?.type === 'incident.status_updated') {
      const at = hlcToIso(op.hlc);
      updates.push({ at, progress: op.data.progress, message: writtenByPerson(op.data.by) ? op.data.message : AUTOMATIC_UPDATE[op.data.progress] });
      if (op.data.progress === 'resolved') resolvedAt = at;
    } else if (op?.type === 'incident.changed' && op.data.fields.title !== undefined && writtenByPerson(op.data.by)) titledByPerson = true;
  }
  return { updates, titledByPerson, resolvedAt };
}

export function toIncidentInput(s: IncidentState, facts: PublicFacts, components: readonly PageComponent[], publicId: (internal: string) => string): IncidentInput {
  const touched = componentsTouched({ serviceId: s.serviceId, monitorIds: monitorsOfIncident(s) }, components);
  // Over in public once its progress says resolved, or its responders resolved it (a forgotten "investigating" must
  // not hang on the page for ever).
  const over = s.progress === 'resolved' || s.status === 'resolved';
  return {
    id: publicId(s.id),
    title: facts.titledByPerson ? s.title : automaticTitle(touched.map((c) => c.name)),
    impact: publicImpact(s.impact, s.severity),
    progress: s.progress,
    startedAt: s.createdAt,
    resolvedAt: over ? (s.resolvedAt ?? facts.resolvedAt ?? s.updatedAt) : null,
    componentIds: touched.map((c) => c.publicId),
    updates: facts.updates,
  };
}
