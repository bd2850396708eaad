// Status pages (issue 10 §2) as ops: created, changed, deleted, and incidents opened on (posted to) a page.
import { randomBytes } from 'node:crypto';
import type { z } from 'zod';
import type { CreateStatusPage, UpdateStatusPage, CreatePageIncident, PublishIncident, StatusPageGroup, StatusPageGroupInput } from '../../../src-shared/schemas/status-pages.ts';
import { KlaxonError } from '../../../src-shared/schemas/errors.ts';
import { newId } from '../../../src-shared/domain/ids.ts';
import { listStatusPageRows, statusPageRow } from '../../store/status-page-rows.ts';
import { monitorRow } from '../../store/monitor-rows.ts';
import { servicesPublishedWhole, type StatusPageState } from '../../../src-shared/domain/status/fold.ts';
import { createIncident, postStatusUpdate, updateIncident } from './incident-commands.ts';
import { readIncidentState } from '../../store/incident-rows.ts';
import { requireIncident, type Tx } from '../tx.ts';

/** One page per slug: a clash is the caller's to resolve (409), never a silent rename. */
function checkSlugFree(tx: Tx, slug: string, self?: string): void {
  const other = listStatusPageRows(tx.store).find((p) => p.slug === slug && p.id !== self);
  if (other) throw new KlaxonError('CONFLICT', `Status page ${other.id} already has the slug "${slug}"`, 'slug');
}

/** Components checked to exist, each at most once per page, named after what they show unless a public name is given. */
function resolveGroups(tx: Tx, groups: readonly StatusPageGroupInput[], path: string): StatusPageGroup[] {
  const seen = new Set<string>();
  return groups.map((g, gi) => ({
    name: g.name ?? null,
    components: g.components.map((c, ci) => {
      const where = `${path}.${gi}.components.${ci}`;
      const key = `${c.type}:${c.id}`;
      if (seen.has(key)) throw new KlaxonError('VALIDATION_FAILED', `${c.type} ${c.id} is on the page twice`, where);
      seen.add(key);
      if (c.type === 'service') {
        const s = tx.service(c.id);
        if (!s) throw new KlaxonError('INVALID_SERVICE', `Service ${c.id} not found`, `${where}.id`);
        return { type: c.type, id: c.id, name: c.name ?? s.name, publishIncidents: c.publishIncidents ?? false };
      }
      const m = monitorRow(tx.store, c.id);
      if (!m || m.deleted) throw new KlaxonError('VALIDATION_FAILED', `Monitor ${c.id} not found`, `${where}.id`);
      if (c.publishIncidents) throw new KlaxonError('VALIDATION_FAILED', 'publishIncidents is a setting of service components', `${where}.publishIncidents`);
      return { type: c.type, id: c.id, name: c.name ?? m.config.name, publishIncidents: false };
    }),
  }));
}

export function createStatusPage(tx: Tx, input: z.output<typeof CreateStatusPage>, by: string): string {
  checkSlugFree(tx, input.slug);
  input.serviceIds?.forEach((sid, i) => {
    if (!tx.service(sid)) throw new KlaxonError('INVALID_SERVICE', `Service ${sid} not found`, `serviceIds.${i}`);
  });
  const shorthand: StatusPageGroupInput[] = input.serviceIds?.length
    ? [{ name: null, components: input.serviceIds.map((id) => ({ type: 'service' as const, id })) }] : [];
  const groups = resolveGroups(tx, [...shorthand, ...(input.groups ?? [])], input.serviceIds?.length ? 'serviceIds' : 'groups');
  const id = newId('sp', tx.nowMs);
  tx.emit('statuspage.created', id, {
    name: input.name, slug: input.slug, description: input.description || null, publicUrl: input.publicUrl ?? null, groups,
    idKey: randomBytes(18).toString('base64url'), by,
  });
  return id;
}

export function existingPage(tx: Pick<Tx, 'store'>, id: string): StatusPageState {
  const p = statusPageRow(tx.store, id);
  if (!p || p.deleted) throw new KlaxonError('NOT_FOUND', `Status page ${id} not found`);
  return p;
}

export function updateStatusPage(tx: Tx, id: string, patch: z.output<typeof UpdateStatusPage>, by: string): void {
  existingPage(tx, id);
  if (patch.slug !== undefined) checkSlugFree(tx, patch.slug, id);
  const fields = {
    ...(patch.name !== undefined ? { name: patch.name } : {}),
    ...(patch.slug !== undefined ? { slug: patch.slug } : {}),
    ...(patch.description !== undefined ? { description: patch.description || null } : {}),
    ...(patch.publicUrl !== undefined ? { publicUrl: patch.publicUrl } : {}),
    ...(patch.groups !== undefined ? { groups: resolveGroups(tx, patch.groups, 'groups') } : {}),
  };
  tx.emit('statuspage.changed', id, { fields, by });
}

export function deleteStatusPage(tx: Tx, id: string, by: string): void {
  existingPage(tx, id);
  tx.emit('statuspage.deleted', id, { by });
}

/**
 * Opens an incident published to the page (seed 004's `POST /status_page/{id}/incident`): about the service asked
 * for, else the page's first service component, else the default service.
 */
export function createPageIncident(tx: Tx, pageId: string, input: z.output<typeof CreatePageIncident>, by: string): string {
  const page = existingPage(tx, pageId);
  const firstService = page.groups.flatMap((g) => g.components).find((c) => c.type === 'service')?.id;
  const serviceId = input.serviceId ?? firstService;
  const id = createIncident(tx, {
    title: input.title, ...(serviceId ? { serviceId } : {}), ...(input.status ? { status: input.status } : {}),
    ...(input.impact ? { impact: input.impact } : {}), ...(input.message ? { message: input.message } : {}),
  }, by);
  tx.emit('statuspage.incident_published', pageId, { incidentId: id, by });
  return id;
}

/**
 * Posts an incident that exists to the page (the window's "Publish to status page…"), in one write with what the
 * public will read: a new title or impact, and a first public update when a message is given. Posting it twice is
 * no error (the page lists it once); a message then is one more update.
 */
export function publishIncident(tx: Tx, pageId: string, input: z.output<typeof PublishIncident>, by: string): void {
  const page = existingPage(tx, pageId);
  const s = requireIncident(tx, input.incidentId);
  if (input.status !== undefined && !input.message) throw new KlaxonError('VALIDATION_FAILED', 'A public status is posted with a message', 'message');
  const message = input.message || undefined;
  const fields = { ...(input.title !== undefined ? { title: input.title } : {}), ...(input.impact !== undefined && !message ? { impact: input.impact } : {}) };
  if (Object.keys(fields).length > 0) updateIncident(tx, s.id, fields, by);
  if (!page.incidentIds.includes(s.id)) tx.emit('statuspage.incident_published', pageId, { incidentId: s.id, by });
  if (message) postStatusUpdate(tx, s.id, { status: input.status ?? s.progress, message, ...(input.impact ? { impact: input.impact } : {}) }, by);
}

/**
 * Takes an incident off the page (posted by mistake, or of a service the page publishes whole that should not show):
 * gone from the page, its feeds and summary. Only an incident the page shows now can be withdrawn.
 */
export function withdrawPageIncident(tx: Tx, pageId: string, incidentId: string, by: string): void {
  const page = existingPage(tx, pageId);
  const incident = readIncidentState(tx.store, incidentId);
  const shown = page.incidentIds.includes(incidentId) ||
    (incident !== null && !page.withdrawnIds.includes(incidentId) && servicesPublishedWhole(page).includes(incident.serviceId));
  if (!shown) throw new KlaxonError('NOT_FOUND', `Incident ${incidentId} is not published on status page ${pageId}`);
  tx.emit('statuspage.incident_withdrawn', pageId, { incidentId, by });
}
