// GET /status/:slug/summary.json: the page's public state for other tools (a dashboard, a chat bot, another
// status page): the overall state, each component's state and 90-day uptime, what is happening now. Day-by-day
// history stays on the page; this stays small enough to poll.
import type { PublicIncident, PublicMaintenance, PublicStatusPage, OverallState, ComponentState } from '../../src-shared/schemas/public-status.ts';
import { OVERALL_TEXT } from './render/strings.ts';

export interface StatusSummary {
  page: { slug: string; name: string; description: string | null; url: string };
  overall: { state: OverallState; description: string };
  components: { id: string; name: string; group: string | null; state: ComponentState; uptime90: number | null }[];
  activeIncidents: PublicIncident[];
  maintenance: PublicMaintenance[];
}

export function summaryOf(page: PublicStatusPage, pageUrl: string): StatusSummary {
  return {
    page: { slug: page.slug, name: page.name, description: page.description, url: pageUrl },
    overall: { state: page.overall, description: OVERALL_TEXT[page.overall] },
    components: page.groups.flatMap((g) => g.components.map((c) => ({ id: c.id, name: c.name, group: g.name, state: c.state, uptime90: c.uptime90 }))),
    activeIncidents: page.activeIncidents,
    maintenance: page.maintenance,
  };
}
