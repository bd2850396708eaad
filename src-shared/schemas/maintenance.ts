// Maintenance windows (seed 002, "Scheduled Maintenance"): planned work announced in advance. A window that names
// services also keeps them quiet while it is in progress: a trigger for one of them opens its incident as
// suppressed (recorded, never paged), as PagerDuty does for services in maintenance. A window that names no
// service is an announcement only; silencing every page is never a default.
import { z } from 'zod';
import { Impact, IsoDateTime, IMPACTS } from './common.ts';
import { ServiceRef } from './incidents.ts';

/** Derived from the clock, never stored: see maintenanceStatus in src-shared/domain/maintenance.ts. */
export const MAINTENANCE_STATUSES = ['scheduled', 'in_progress', 'completed', 'cancelled'] as const;
export type MaintenanceStatus = (typeof MAINTENANCE_STATUSES)[number];
const StatusName = z.preprocess((v) => (typeof v === 'string' ? v.toLowerCase() : v), z.enum(MAINTENANCE_STATUSES));

/** An instant before the year 10000, so that it keeps one ISO spelling once stored in UTC. */
const WindowTime = IsoDateTime.refine((v) => new Date(v).getUTCFullYear() <= 9999, 'must be before the year 10000');

/** Seed 002's body as written, plus the services it covers ("Select affected monitors"). */
export const CreateMaintenance = z.object({
  title: z.string().trim().min(1).max(1024),
  scheduledStart: WindowTime,
  scheduledEnd: WindowTime,
  /** Seed 002's impact table: "None — Planned maintenance" is the default. */
  impact: Impact.optional(),
  message: z.string().trim().max(64 * 1024).optional(),
  serviceIds: z.array(z.string().min(1)).max(100).optional(),
}).strict().refine((m) => Date.parse(m.scheduledEnd) > Date.parse(m.scheduledStart), {
  path: ['scheduledEnd'], message: 'must be after scheduledStart',
});
export type CreateMaintenance = z.input<typeof CreateMaintenance>;

export const Maintenance = z.object({
  id: z.string(),
  title: z.string(),
  message: z.string().nullable(),
  impact: z.enum(IMPACTS),
  scheduledStart: IsoDateTime,
  scheduledEnd: IsoDateTime,
  /** The services whose new incidents are suppressed while the window is in progress (none: announcement only). */
  services: z.array(ServiceRef),
  serviceIds: z.array(z.string()),
  status: z.enum(MAINTENANCE_STATUSES),
  createdAt: IsoDateTime,
  createdBy: z.string(),
  cancelledAt: IsoDateTime.nullable(),
  cancelledBy: z.string().nullable(),
});
export type Maintenance = z.infer<typeof Maintenance>;

export const ListMaintenanceQuery = z.object({
  /** Default: scheduled and in_progress (what is coming and what is on now). `?status=completed,cancelled` too. */
  status: z.preprocess(
    (v) => (typeof v === 'string' && v.includes(',') ? v.split(',').map((s) => s.trim()).filter(Boolean) : v),
    z.union([StatusName, z.array(StatusName)]),
  ).optional(),
}).strict();
export type ListMaintenanceQuery = z.input<typeof ListMaintenanceQuery>;

export const ListMaintenanceResponse = z.object({ maintenance: z.array(Maintenance) });
export type ListMaintenanceResponse = z.infer<typeof ListMaintenanceResponse>;

export const MaintenanceIdParam = z.object({ id: z.string().min(1) });
