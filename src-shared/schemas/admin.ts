// Services (each with a routing key) and API keys (hashed, scoped, revocable).
import { z } from 'zod';
import { Scope, IsoDateTime } from './common.ts';
import { ServicePaging } from './oncall.ts';

/** How a service derives urgency: from the event's severity (default), or always HIGH / always LOW. */
export const URGENCY_RULES = ['severity', 'high', 'low'] as const;
export const UrgencyRule = z.enum(URGENCY_RULES);
export type UrgencyRule = (typeof URGENCY_RULES)[number];

/** A trigger whose field contains `contains` (case-insensitive) opens a suppressed incident: recorded, never paged. */
export const SuppressionRule = z.object({
  field: z.enum(['summary', 'source', 'severity', 'dedup_key']),
  contains: z.string().min(1),
});
export type SuppressionRule = z.infer<typeof SuppressionRule>;

/**
 * How many events a service takes (per routing key): `perSecond` sustained, `burst` at once after a quiet spell.
 * Beyond it a sender gets 429 with Retry-After and keeps its event to send again.
 */
export const RateLimit = z.object({
  perSecond: z.number().positive().max(1_000_000),
  burst: z.number().int().min(1).max(10_000_000),
}).strict();
export type RateLimit = z.infer<typeof RateLimit>;

export const Service = z.object({
  id: z.string(),
  name: z.string(),
  routingKey: z.string(),
  urgencyRule: UrgencyRule,
  suppressionRules: z.array(SuppressionRule),
  /** This service's intake limit: the one set, or the default (1,000/s, burst 10,000). */
  rateLimit: RateLimit,
  // On-call (issue 9): its escalation policy, acknowledgement and auto-resolve timeouts, support hours (null: off).
  ...ServicePaging.shape,
  createdAt: IsoDateTime,
});
export type Service = z.infer<typeof Service>;

export const CreateService = z.object({
  name: z.string().trim().min(1).max(200),
  urgencyRule: UrgencyRule.optional(),
  suppressionRules: z.array(SuppressionRule).optional(),
}).strict();
export type CreateService = z.input<typeof CreateService>;

export const UpdateService = z.object({
  name: z.string().trim().min(1).max(200).optional(),
  urgencyRule: UrgencyRule.optional(),
  suppressionRules: z.array(SuppressionRule).optional(),
  /** `null` goes back to the default. */
  rateLimit: RateLimit.nullable().optional(),
  /** The escalation policy that pages for this service (it must exist); `null`: every device pages, as without one. */
  escalationPolicyId: z.string().min(1).max(100).nullable().optional(),
  ackTimeoutMinutes: ServicePaging.shape.ackTimeoutMinutes.optional(),
  autoResolveMinutes: ServicePaging.shape.autoResolveMinutes.optional(),
  supportHours: ServicePaging.shape.supportHours.optional(),
}).strict();
export type UpdateService = z.input<typeof UpdateService>;

export const ApiKeyInfo = z.object({
  id: z.string(),
  name: z.string(),
  scopes: z.array(Scope),
  /** The first characters of the key, so a user can tell keys apart; the key itself is never stored. */
  prefix: z.string(),
  createdAt: IsoDateTime,
  lastUsedAt: IsoDateTime.nullable(),
  revokedAt: IsoDateTime.nullable(),
});
export type ApiKeyInfo = z.infer<typeof ApiKeyInfo>;

export const CreateApiKey = z.object({
  name: z.string().trim().min(1).max(200).default('api key'),
  scopes: z.array(Scope).min(1),
}).strict();
export type CreateApiKey = z.input<typeof CreateApiKey>;

/** Answered once, at creation: the only time the secret is seen. */
export const CreatedApiKey = ApiKeyInfo.extend({ key: z.string() });
export type CreatedApiKey = z.infer<typeof CreatedApiKey>;
