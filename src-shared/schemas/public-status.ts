// What a public status page shows (issue 10 §2), and nothing else. Every public surface — the HTML page, its RSS,
// Atom and JSON feeds, the JSON summary and the badges — is rendered from this one shape, built by one function from
// published data only. It has no field for notes, responder status, assignees, custom details, dedup keys, routing
// keys or the internal names of unpublished components: what is not in this shape cannot leak.
import { z } from 'zod';
import { IMPACTS, PROGRESS_STATUSES } from './common.ts';

/** A component's state, worst last. `maintenance` outranks nothing but is shown as itself. */
export const COMPONENT_STATES = ['operational', 'maintenance', 'degraded', 'partial_outage', 'major_outage'] as const;
export type ComponentState = (typeof COMPONENT_STATES)[number];

/** The page's banner: every component operational, or the worst state among them. */
export const OVERALL_STATES = ['operational', 'maintenance', 'degraded', 'partial_outage', 'major_outage'] as const;
export type OverallState = (typeof OVERALL_STATES)[number];

/** One UTC day of a component: `uptime` null when nothing was measured; the published incidents that touched it. */
export const PublicDay = z.object({
  date: z.string(), // YYYY-MM-DD (UTC)
  uptime: z.number().nullable(),
  state: z.enum(COMPONENT_STATES).nullable(),
  incidents: z.array(z.object({ id: z.string(), title: z.string() })),
});
export type PublicDay = z.infer<typeof PublicDay>;

export const PublicComponent = z.object({
  /** Stable public id of the component on this page (not an internal id). */
  id: z.string(),
  /** The name shown on the page (the page's display name for it). */
  name: z.string(),
  state: z.enum(COMPONENT_STATES),
  /** Share of the last 90 days up, null when nothing was measured. */
  uptime90: z.number().nullable(),
  /** Oldest first, one per day, 90 of them ending today. */
  days: z.array(PublicDay),
});
export type PublicComponent = z.infer<typeof PublicComponent>;

export const PublicGroup = z.object({ name: z.string().nullable(), components: z.array(PublicComponent) });
export type PublicGroup = z.infer<typeof PublicGroup>;

/** A status-page message (seed 002's updates): the progress it moved to and what was said. */
export const PublicUpdate = z.object({
  at: z.string(),
  progress: z.enum(PROGRESS_STATUSES),
  message: z.string(),
});
export type PublicUpdate = z.infer<typeof PublicUpdate>;

export const PublicIncident = z.object({
  /** Public id (stable, used in feed item ids and links). */
  id: z.string(),
  title: z.string(),
  impact: z.enum(IMPACTS),
  progress: z.enum(PROGRESS_STATUSES),
  startedAt: z.string(),
  resolvedAt: z.string().nullable(),
  /** Public ids of the page's components it affects. */
  componentIds: z.array(z.string()),
  /** Newest first. */
  updates: z.array(PublicUpdate),
});
export type PublicIncident = z.infer<typeof PublicIncident>;

export const PublicMaintenance = z.object({
  id: z.string(),
  title: z.string(),
  message: z.string().nullable(),
  impact: z.enum(IMPACTS),
  startsAt: z.string(),
  endsAt: z.string(),
  inProgress: z.boolean(),
  componentIds: z.array(z.string()),
});
export type PublicMaintenance = z.infer<typeof PublicMaintenance>;

export const PublicStatusPage = z.object({
  slug: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  /** When this view was built. */
  generatedAt: z.string(),
  overall: z.enum(OVERALL_STATES),
  groups: z.array(PublicGroup),
  /** Published incidents not yet resolved, newest first. */
  activeIncidents: z.array(PublicIncident),
  /** Upcoming and in-progress maintenance, soonest first. */
  maintenance: z.array(PublicMaintenance),
  /** Published incidents resolved in the last 90 days, newest first. */
  pastIncidents: z.array(PublicIncident),
});
export type PublicStatusPage = z.infer<typeof PublicStatusPage>;
