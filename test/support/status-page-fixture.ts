// Status pages as subscribers see them (src-main/status/subscriber-seams.ts), made from fixtures: each page shows the
// incidents of one service, and publishes every status update posted on them and their resolution.
import type { Op } from '../../src-shared/domain/ops.ts';
import { hlcToIso } from '../../src-shared/domain/hlc.ts';
import type { Engine } from '../../src-main/engine/types.ts';
import type { NoticePage, PublishedUpdate, PublishedUpdates, StatusPageDirectory } from '../../src-main/status/subscriber-seams.ts';

export interface FixturePage extends NoticePage { serviceId: string }

/** `engine` is asked when an op comes (the app that holds it may not exist yet when the fixture is made). */
export function statusPagesOfServices(engine: () => Engine, pages: FixturePage[]): { updates: PublishedUpdates; pages: StatusPageDirectory } {
  const notice = ({ serviceId: _s, ...page }: FixturePage): NoticePage => page;
  return {
    pages: {
      bySlug: (slug) => { const p = pages.find((x) => x.slug === slug); return p ? notice(p) : null; },
      byId: (id) => { const p = pages.find((x) => x.id === id); return p ? notice(p) : null; },
    },
    updates: {
      of(op: Op): PublishedUpdate[] {
        if (op.type !== 'incident.status_updated' && op.type !== 'incident.resolved') return [];
        const incident = engine().getIncident(op.entity);
        const page = pages.find((p) => p.serviceId === incident.service.id);
        if (!page) return [];
        const d = op.data as { progress?: PublishedUpdate['incident']['progress']; message?: string; impact?: PublishedUpdate['incident']['impact'] };
        return [{
          page: notice(page),
          incident: { id: `pub-${op.entity.slice(4)}`, title: incident.title, progress: d.progress ?? 'resolved', impact: d.impact ?? incident.impact ?? 'minor' },
          message: d.message ?? null,
          at: hlcToIso(op.hlc),
        }];
      },
    },
  };
}
