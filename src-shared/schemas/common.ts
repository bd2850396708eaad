// Shared vocabulary of the API contracts. Each enum accepts the spellings the seeds use (seed 001 writes
// `HIGH`, `OPEN`, `ACKNOWLEDGED`; seed 003 and 004 write lower case) and normalises them to one canonical form.
import { z } from 'zod';

/** Lower-cases a string before validating it against a lower-case enum, so `ACKNOWLEDGED` and `acknowledged` both pass. */
export const caseInsensitiveEnum = <const T extends readonly [string, ...string[]]>(values: T) =>
  z.preprocess((v) => (typeof v === 'string' ? v.toLowerCase() : v), z.enum(values));

/** Upper-cases before validating, for enums the seeds write in capitals (urgency HIGH/LOW, priority P1–P4). */
export const upperCaseEnum = <const T extends readonly [string, ...string[]]>(values: T) =>
  z.preprocess((v) => (typeof v === 'string' ? v.toUpperCase() : v), z.enum(values));

export const SEVERITIES = ['critical', 'error', 'warning', 'info'] as const;
export const Severity = caseInsensitiveEnum(SEVERITIES);
export type Severity = (typeof SEVERITIES)[number];

export const URGENCIES = ['HIGH', 'LOW'] as const;
export const Urgency = upperCaseEnum(URGENCIES);
export type Urgency = (typeof URGENCIES)[number];

export const PRIORITIES = ['P1', 'P2', 'P3', 'P4'] as const;
export const Priority = upperCaseEnum(PRIORITIES);
export type Priority = (typeof PRIORITIES)[number];

/** Seed 002's impact levels. */
export const IMPACTS = ['none', 'minor', 'major', 'critical'] as const;
export const Impact = caseInsensitiveEnum(IMPACTS);
export type Impact = (typeof IMPACTS)[number];

/** The responder lifecycle (seeds 000, 001, 004's `responder_status`). Canonical form is lower case. */
export const RESPONDER_STATUSES = ['triggered', 'acknowledged', 'resolved', 'snoozed', 'suppressed'] as const;
export type ResponderStatus = (typeof RESPONDER_STATUSES)[number];

/** The customer-facing progress (seeds 002 and 004's `status`), kept apart from the responder status. */
export const PROGRESS_STATUSES = ['investigating', 'identified', 'monitoring', 'resolved'] as const;
export const Progress = caseInsensitiveEnum(PROGRESS_STATUSES);
export type Progress = (typeof PROGRESS_STATUSES)[number];

/** `metrics:read`: GET /metrics (Prometheus) and nothing else, for a scraper's key. `admin` implies every scope. */
export const SCOPES = ['events:write', 'incidents:read', 'incidents:write', 'metrics:read', 'admin'] as const;
export const Scope = z.enum(SCOPES);
export type Scope = (typeof SCOPES)[number];

/** ISO-8601 instant, as every timestamp in the API is written (`2024-01-15T10:30:00Z`). */
export const IsoDateTime = z.iso.datetime({ offset: true });

export const JsonObject = z.record(z.string(), z.unknown());
export type JsonObject = z.infer<typeof JsonObject>;
