// A status page as the fold of its ops: created once; name, slug, description and groups last-writer-wins per field
// by HLC; posted incidents a grow-only set; deletion forward-only (it wins over any change, in whatever order).
import type { Op } from '../ops.ts';
import { compareOps, parseKnownOp, type KnownOp } from '../ops.ts';
import { hlcToIso } from '../hlc.ts';
import type { StatusPageGroup } from '../../schemas/status-pages.ts';

export interface StatusPageState {
  id: string;
  name: string;
  slug: string;
  description: string | null;
  groups: StatusPageGroup[];
  /** Incidents posted to the page, in the order they were posted. */
  incidentIds: string[];
  idKey: string;
  createdAt: string;
  /** HLC of its creation: of two pages that took the same slug while apart, the earlier one is served. */
  createdHlc: string;
  createdBy: string;
  updatedAt: string;
  deleted: boolean;
  lastHlc: string;
}

export function foldStatusPage(ops: readonly Op[]): StatusPageState | null {
  let p: StatusPageState | null = null;
  let deleted = false;
  let lastHlc = '';
  const posted: string[] = [];
  for (const op of [...ops].sort(compareOps).map(parseKnownOp).filter((o): o is KnownOp => o !== null)) {
    if (op.type === 'statuspage.created') {
      if (p) continue;
      const d = op.data;
      const at = hlcToIso(op.hlc);
      p = {
        id: op.entity, name: d.name, slug: d.slug, description: d.description, groups: d.groups, incidentIds: [],
        idKey: d.idKey, createdAt: at, createdHlc: op.hlc, createdBy: d.by, updatedAt: at, deleted: false, lastHlc: op.hlc,
      };
    } else if (op.type === 'statuspage.changed') {
      if (!p) continue; // its creation has not arrived yet (the entity folds again when it does)
      const prev: StatusPageState = p;
      const f = op.data.fields;
      p = {
        ...prev, name: f.name ?? prev.name, slug: f.slug ?? prev.slug, groups: f.groups ?? prev.groups,
        description: f.description !== undefined ? f.description : prev.description,
      };
    } else if (op.type === 'statuspage.deleted') deleted = true;
    else if (op.type === 'statuspage.incident_published') {
      if (!posted.includes(op.data.incidentId)) posted.push(op.data.incidentId);
    } else continue;
    if (op.hlc > lastHlc) lastHlc = op.hlc;
  }
  return p ? { ...p, incidentIds: posted, deleted, lastHlc, updatedAt: hlcToIso(lastHlc) } : null;
}

/** The services whose every incident this page publishes. */
export const servicesPublishedWhole = (p: Pick<StatusPageState, 'groups'>): string[] =>
  p.groups.flatMap((g) => g.components).filter((c) => c.type === 'service' && c.publishIncidents).map((c) => c.id);
