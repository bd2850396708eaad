// The engine's status pages: written through the one write path, answered as the API shows them, and which pages
// publish an incident (the Incident API's `statusPageIds`).
import type { z } from 'zod';
import type { CreateStatusPage, UpdateStatusPage, CreatePageIncident, PublishIncident, StatusPage } from '../../src-shared/schemas/status-pages.ts';
import type { Incident } from '../../src-shared/schemas/incidents.ts';
import { KlaxonError } from '../../src-shared/schemas/errors.ts';
import { servicesPublishedWhole, type StatusPageState } from '../../src-shared/domain/status/fold.ts';
import { listStatusPageRows, postedIncidents, statusPageRow } from '../store/status-page-rows.ts';
import type { Store } from '../store/database.ts';
import type { Tx } from './tx.ts';
import * as pages from './commands/status-page-commands.ts';
import type { Actor } from './types.ts';

export interface StatusPageDeps {
  store: Store;
  submit<T>(fn: () => T): Promise<T>;
  tx(): Tx;
  incident(id: string): Incident;
}

export const toStatusPage = (p: StatusPageState): StatusPage => ({
  id: p.id, slug: p.slug, name: p.name, description: p.description, publicUrl: p.publicUrl, groups: p.groups, incidentIds: p.incidentIds,
  path: `/status/${p.slug}`, createdAt: p.createdAt, updatedAt: p.updatedAt, createdBy: p.createdBy,
});

export function createStatusPageFacet({ store, submit, tx, incident }: StatusPageDeps) {
  // Which services each live page publishes whole: read on every incident the API answers, so kept in memory and
  // dropped whenever a status-page op is applied.
  let wholeServices: Map<string, { services: string[]; withdrawn: string[] }> | null = null;
  const publishingWhole = () => (wholeServices ??= new Map(listStatusPageRows(store).map((p) => [p.id, { services: servicesPublishedWhole(p), withdrawn: p.withdrawnIds }])));
  // The same for the incidents posted to live pages (a list of 200 incidents must not become 200 queries).
  let posted: Map<string, string[]> | null = null;
  const postedTo = () => (posted ??= postedIncidents(store));
  const getPage = (id: string, andDeleted = false): StatusPage => {
    const p = statusPageRow(store, id);
    if (!p || (p.deleted && !andDeleted)) throw new KlaxonError('NOT_FOUND', `Status page ${id} not found`);
    return toStatusPage(p);
  };
  return {
    forget: () => { wholeServices = null; posted = null; },
    methods: {
      createStatusPage: (input: z.output<typeof CreateStatusPage>, by: Actor): Promise<StatusPage> =>
        submit(() => pages.createStatusPage(tx(), input, by)).then((id) => getPage(id)),
      updateStatusPage: (id: string, patch: z.output<typeof UpdateStatusPage>, by: Actor): Promise<StatusPage> =>
        submit(() => pages.updateStatusPage(tx(), id, patch, by)).then(() => getPage(id)),
      deleteStatusPage: (id: string, by: Actor): Promise<StatusPage> =>
        submit(() => pages.deleteStatusPage(tx(), id, by)).then(() => getPage(id, true)),
      listStatusPages: (): StatusPage[] => listStatusPageRows(store).map(toStatusPage),
      getStatusPage: (id: string): StatusPage => getPage(id),
      /** Seed 002's create on a page: the incident, published to it. */
      createPageIncident: (pageId: string, input: z.output<typeof CreatePageIncident>, by: Actor): Promise<Incident> =>
        submit(() => pages.createPageIncident(tx(), pageId, input, by)).then(incident),
      /** An incident that exists, posted to the page (with its public title, impact and first update). */
      publishIncident: (pageId: string, input: z.output<typeof PublishIncident>, by: Actor): Promise<Incident> =>
        submit(() => pages.publishIncident(tx(), pageId, input, by)).then(() => incident(input.incidentId)),
      /** Takes an incident off the page: the page as it is now. */
      withdrawPageIncident: (pageId: string, incidentId: string, by: Actor): Promise<StatusPage> =>
        submit(() => pages.withdrawPageIncident(tx(), pageId, incidentId, by)).then(() => getPage(pageId)),
    },
    /** The live pages that publish an incident: those it was posted to, and those that publish its service whole. */
    publishedOn(s: { id: string; serviceId: string }): string[] {
      const ids = new Set(postedTo().get(s.id));
      for (const [pageId, { services, withdrawn }] of publishingWhole()) if (services.includes(s.serviceId) && !withdrawn.includes(s.id)) ids.add(pageId);
      return [...ids].sort();
    },
  };
}

export type StatusPageMethods = ReturnType<typeof createStatusPageFacet>['methods'];
