// Status pages as entities (issue 10 §2): a name, a slug, groups of components (services and monitors, each with the
// name the public sees) and which incidents the page publishes — those posted to it, and, per service component that
// says so, every incident of that service. What the public is shown is a different shape: public-status.ts.
import { z } from 'zod';
import { IsoDateTime, Impact, Progress } from './common.ts';

/** Lower-case letters, digits and single dashes: safe in a URL path as it is, and one spelling per page. */
export const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
export const Slug = z.string().trim().toLowerCase().min(1).max(64)
  .regex(SLUG_PATTERN, 'lower-case letters, digits and single dashes, like "shop-status"');

export const COMPONENT_KINDS = ['service', 'monitor'] as const;

/**
 * One component as stored. `publishIncidents` (services only): every incident of the service is published on this
 * page, not only those posted to it. It lives on the page's component, not on the service, because publishing is a
 * decision about an audience: the same service may sit on an internal page that shows everything and on a customer
 * page that shows only what was posted to it.
 */
export const StatusPageComponent = z.object({
  type: z.enum(COMPONENT_KINDS),
  id: z.string().min(1),
  /** The name the public sees (the internal name is never shown). */
  name: z.string().trim().min(1).max(200),
  publishIncidents: z.boolean(),
});
export type StatusPageComponent = z.infer<typeof StatusPageComponent>;

export const StatusPageGroup = z.object({
  name: z.string().trim().min(1).max(200).nullable(),
  components: z.array(StatusPageComponent).max(200),
});
export type StatusPageGroup = z.infer<typeof StatusPageGroup>;

/** A component as given: its public name defaults to the service's or monitor's name. */
const ComponentInput = z.object({
  type: z.enum(COMPONENT_KINDS),
  id: z.string().min(1),
  name: z.string().trim().min(1).max(200).optional(),
  publishIncidents: z.boolean().optional(),
}).strict();
const GroupInput = z.object({ name: z.string().trim().min(1).max(200).nullable().optional(), components: z.array(ComponentInput).max(200) }).strict();
export type StatusPageGroupInput = z.output<typeof GroupInput>;

/**
 * The page's public address, as visitors reach it (`https://status.acme.com/status/acme`): absolute http(s), no query
 * or fragment; a trailing slash is dropped.
 */
const PublicUrl = z.url({ protocol: /^https?$/ }).max(2048)
  .refine((u) => !u.includes('?') && !u.includes('#'), 'a public URL has no query or fragment')
  .transform((u) => u.replace(/\/+$/, ''));

export const CreateStatusPage = z.object({
  name: z.string().trim().min(1).max(200),
  slug: Slug,
  description: z.string().trim().max(4096).optional(),
  publicUrl: PublicUrl.optional(),
  /** Shorthand: one group of these services (each shown under its own name, publishing only what is posted). */
  serviceIds: z.array(z.string().min(1)).max(200).optional(),
  groups: z.array(GroupInput).max(50).optional(),
}).strict();
export type CreateStatusPage = z.input<typeof CreateStatusPage>;

export const UpdateStatusPage = z.object({
  name: z.string().trim().min(1).max(200).optional(),
  slug: Slug.optional(),
  description: z.string().trim().max(4096).nullable().optional(),
  publicUrl: PublicUrl.nullable().optional(),
  /** Replaces every group. */
  groups: z.array(GroupInput).max(50).optional(),
}).strict().refine((p) => Object.keys(p).length > 0, { message: 'nothing to update' });
export type UpdateStatusPage = z.input<typeof UpdateStatusPage>;

export const StatusPage = z.object({
  id: z.string(),
  slug: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  /** The page's public address for links in subscribers' mail (set it when the page is served behind a proxy or on a public name); null: this device's own address is used. */
  publicUrl: z.string().nullable(),
  groups: z.array(StatusPageGroup),
  /** Incidents posted to this page (newest last). */
  incidentIds: z.array(z.string()),
  /** Where the public reads it, relative to the receiver: `/status/<slug>`. */
  path: z.string(),
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
  createdBy: z.string(),
});
export type StatusPage = z.infer<typeof StatusPage>;

export const StatusPageResponse = z.object({ statusPage: StatusPage });
export const ListStatusPagesResponse = z.object({ statusPages: z.array(StatusPage) });
export const StatusPageIdParam = z.object({ id: z.string().min(1) });
export const PageIncidentParams = StatusPageIdParam.extend({ incidentId: z.string().min(1) });

/**
 * POST /api/status-pages/:id/incidents: seed 002's body, opening an incident published to the page. `serviceId`:
 * the service it is about (default: the page's first service component, else the default service).
 */
export const CreatePageIncident = z.object({
  title: z.string().trim().min(1).max(1024),
  status: Progress.optional(),
  impact: Impact.optional(),
  message: z.string().max(64 * 1024).optional(),
  serviceId: z.string().min(1).optional(),
}).strict();
export type CreatePageIncident = z.input<typeof CreatePageIncident>;

/**
 * The window's "Publish to status page…" on an incident that exists: the incident is posted to the page, with seed
 * 002's fields as the public will read them — its title, and a first public update (status + message, impact).
 * Without a message nothing is posted but the incident (and a new title or impact, if given).
 */
export const PublishIncident = z.object({
  incidentId: z.string().min(1),
  title: z.string().trim().min(1).max(1024).optional(),
  status: Progress.optional(),
  impact: Impact.optional(),
  message: z.string().trim().max(64 * 1024).optional(),
}).strict();
export type PublishIncident = z.input<typeof PublishIncident>;
