// A status page as the fold of its ops: created once; name, slug, description and groups last-writer-wins per field
// by HLC; of an incident's publications and withdrawals the latest by HLC holds (a withdrawal beats an earlier
// publication, a later publication shows it again); deletion forward-only (it wins over any change, in any order).
import type { Op } from '../ops.ts';
import { compareOps, parseKnownOp, type KnownOp } from '../ops.ts';
import { hlcToIso } from '../hlc.ts';
import type { StatusPageGroup } from '../../schemas/status-pages.ts';

export interface StatusPageState {
  id: string;
  name: string;
  slug: string;
  description: string | null;
  /** The page's public address (e.g. `https://status.acme.com/status/acme`), for links in mail; null: none set. */
  publicUrl: string | null;
  groups: StatusPageGroup[];
  /** Incidents posted to the page and not withdrawn since, in the order they were first posted. */
  incidentIds: string[];
  /**
   * Incidents withdrawn from the page and not posted again since: never shown on it, whether posted to it or of a
   * service it publishes whole.
   */
  withdrawnIds: string[];
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
  /** Each incident's latest word by HLC: shown (published) or not (withdrawn). */
  const shown = new Map<string, boolean>();
  for (const op of [...ops].sort(compareOps).map(parseKnownOp).filter((o): o is KnownOp => o !== null)) {
    if (op.type === 'statuspage.created') {
      if (p) continue;
      const d = op.data;
      const at = hlcToIso(op.hlc);
      p = {
        id: op.entity, name: d.name, slug: d.slug, description: d.description, publicUrl: d.publicUrl ?? null, groups: d.groups, incidentIds: [], withdrawnIds: [],
        idKey: d.idKey, createdAt: at, createdHlc: op.hlc, createdBy: d.by, updatedAt: at, deleted: false, lastHlc: op.hlc,
      };
    } else if (op.type === 'statuspage.changed') {
      if (!p) continue; // its creation has not arrived yet (the entity folds again when it does)
      const prev: StatusPageState = p;
      const f = op.data.fields;
      p = {
        ...prev, name: f.name ?? prev.name, slug: f.slug ?? prev.slug, groups: f.groups ?? prev.groups,
        description: f.description !== undefined ? f.description : prev.description,
        publicUrl: f.publicUrl !== undefined ? f.publicUrl : prev.publicUrl,
      };
    } else if (op.type === 'statuspage.deleted') deleted = true;
    else if (op.type === 'statuspage.incident_published') {
      if (!posted.includes(op.data.incidentId)) posted.push(op.data.incidentId);
      shown.set(op.data.incidentId, true);
    } else if (op.type === 'statuspage.incident_withdrawn') shown.set(op.data.incidentId, false);
    else continue;
    if (op.hlc > lastHlc) lastHlc = op.hlc;
  }
  const incidentIds = posted.filter((id) => shown.get(id));
  const withdrawnIds = [...shown].filter(([, on]) => !on).map(([id]) => id).sort();
  return p ? { ...p, incidentIds, withdrawnIds, deleted, lastHlc, updatedAt: hlcToIso(lastHlc) } : null;
}

/** The services whose every incident this page publishes. */
export const servicesPublishedWhole = (p: Pick<StatusPageState, 'groups'>): string[] =>
  p.groups.flatMap((g) => g.components).filter((c) => c.type === 'service' && c.publishIncidents).map((c) => c.id);
