// The status pages as their subscribers see them (subscriber-seams.ts), read from the team's status pages: which
// published page a slug or id names, and, for an op this device wrote, what each page that publishes the incident now
// says of it. What a notice says is taken from the page's own public view (status-source.ts), so a subscriber is
// told exactly what the page shows — the same public id, title, progress, impact and message — and nothing else.
import type { Op } from '../../src-shared/domain/ops.ts';
import type { StatusPageState } from '../../src-shared/domain/status/fold.ts';
import { servicesPublishedWhole } from '../../src-shared/domain/status/fold.ts';
import { hlcToIso } from '../../src-shared/domain/hlc.ts';
import type { Engine } from '../engine/types.ts';
import { listStatusPageRows, statusPageBySlug, statusPageRow } from '../store/status-page-rows.ts';
import { readIncidentState } from '../store/incident-rows.ts';
import type { StatusSource } from './source.ts';
import { publicIncidentId } from './status-source.ts';
import type { NoticePage, PublishedUpdate, PublishedUpdates, StatusPageDirectory } from './subscriber-seams.ts';


/**
 * Which ops subscribers hear of: a status-page message (seed 002's update); an incident opening on a page that
 * publishes its service (an alert, a monitor, a person); an incident newly posted to one page; and an incident
 * resolved without a public message.
 */
function newsOf(op: Op): { kind: 'update' | 'opened' | 'resolved'; incidentId: string; pageId?: string } | null {
  switch (op.type) {
    case 'incident.status_updated': return { kind: 'update', incidentId: op.entity };
    case 'incident.triggered': case 'incident.reopened': return { kind: 'opened', incidentId: op.entity };
    case 'incident.resolved': return { kind: 'resolved', incidentId: op.entity };
    case 'statuspage.incident_published': return { kind: 'opened', incidentId: (op.data as { incidentId: string }).incidentId, pageId: op.entity };
    default: return null;
  }
}

export function statusPageNotices(
  engine: Pick<Engine, 'store' | 'clock'>, source: StatusSource, publicOrigin: () => string,
): { updates: PublishedUpdates; pages: StatusPageDirectory } {
  const { store } = engine;
  // The page's own public URL when it has one (replicated: every device's mail links to the same place); else this
  // device's own address, which suits a page only reached where this device is.
  const notice = (p: StatusPageState): NoticePage => ({
    id: p.id, slug: p.slug, name: p.name, publicUrl: p.publicUrl ?? `${publicOrigin()}/status/${encodeURIComponent(p.slug)}`,
  });
  const live = (p: StatusPageState | null) => (p && !p.deleted ? p : null);

  /** The pages that publish this incident now (posted to them, or of a service they publish whole; not withdrawn). */
  const pagesOf = (incidentId: string): StatusPageState[] => {
    const s = readIncidentState(store, incidentId);
    if (!s) return [];
    return listStatusPageRows(store).filter((p) => !p.deleted && !p.withdrawnIds.includes(incidentId) &&
      (p.incidentIds.includes(incidentId) || servicesPublishedWhole(p).includes(s.serviceId)));
  };

  return {
    pages: {
      bySlug: (slug) => { const p = live(statusPageBySlug(store, slug)); return p ? notice(p) : null; },
      byId: (id) => { const p = live(statusPageRow(store, id)); return p ? notice(p) : null; },
    },
    updates: {
      of(op: Op): PublishedUpdate[] {
        const news = newsOf(op);
        if (!news) return [];
        const at = hlcToIso(op.hlc);
        const out: PublishedUpdate[] = [];
        for (const p of pagesOf(news.incidentId)) {
          if (news.pageId !== undefined && p.id !== news.pageId) continue;
          const view = source.page(p.slug, engine.clock.now());
          const id = publicIncidentId(p, news.incidentId);
          const incident = [...(view?.activeIncidents ?? []), ...(view?.pastIncidents ?? [])].find((i) => i.id === id);
          if (!incident) continue;
          const update = incident.updates.find((u) => u.at === at);
          if (news.kind === 'update' && !update) continue;
          // An opening (or a post to a page) is news only while the page has no message of it: seed 002's create, and a
          // post with a message, write their first update in the same write, and that update is the notice. A resolve
          // only when the page shows it resolved and no status update said so (a monitor's recovery posts one).
          if (news.kind === 'opened' && incident.updates.length > 0) continue;
          if (news.kind === 'resolved' && (incident.progress !== 'resolved' || incident.updates.some((u) => u.progress === 'resolved'))) continue;
          out.push({
            page: notice(p),
            incident: { id: incident.id, title: incident.title, progress: update?.progress ?? incident.progress, impact: incident.impact },
            message: update?.message ?? null,
            at,
          });
        }
        return out;
      },
    },
  };
}

