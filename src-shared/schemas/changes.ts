// Changes as the API shows them (`GET /api/changes`, and `recentChanges` on an incident): what changed, on which
// service, when, with the sender's details and links. They come in through PagerDuty's Change Events API.
import { z } from 'zod';
import { IsoDateTime } from './common.ts';

const Link = z.object({ href: z.string(), text: z.string().optional() }).loose();

export const Change = z.object({
  id: z.string(),
  serviceId: z.string(),
  serviceName: z.string(),
  summary: z.string(),
  source: z.string().nullable(),
  /** The sender's timestamp, exactly as sent (null if it sent none). */
  timestamp: z.string().nullable(),
  /** When it happened: the instant `timestamp` names (read as UTC without a zone), else when it arrived. */
  happenedAt: IsoDateTime,
  receivedAt: IsoDateTime,
  customDetails: z.unknown().nullable(),
  links: z.array(Link),
});
export type Change = z.infer<typeof Change>;

export const ListChangesQuery = z.object({
  serviceId: z.string().min(1).optional(),
  /** Changes that happened at or after this instant. */
  from: IsoDateTime.optional(),
  /** …and at or before this one. */
  to: IsoDateTime.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
}).refine((q) => !q.from || !q.to || Date.parse(q.from) <= Date.parse(q.to), { path: ['to'], message: 'to must not be before from' });

export const ListChangesResponse = z.object({ changes: z.array(Change) });

/** What the engine records (the receiver maps PagerDuty's change event onto it). */
export interface ChangeCommand {
  routingKey: string;
  summary: string;
  source?: string;
  timestamp?: string;
  customDetails?: unknown;
  links?: unknown[];
}
