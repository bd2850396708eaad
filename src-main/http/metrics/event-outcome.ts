// What became of one request to an event endpoint, as GET /metrics counts it: taken (a new or changed incident, an
// acknowledge or resolve, one that matched nothing) or folded into an open incident as a repeat, refused as invalid
// (4xx, by status), over an intake limit (429), or not now (503: the sender retries). Anything else would be a bug.
import type { EventOutcome } from '../../../src-shared/schemas/events.ts';

export const EVENT_OUTCOMES = ['accepted', 'deduplicated', 'rejected', 'throttled', 'unavailable', 'error'] as const;
export type EventOutcomeLabel = (typeof EVENT_OUTCOMES)[number];

/** `engine`: what the engine said of a 2xx event (unknown when a route answered without asking it). */
export function eventOutcomeLabel(status: number, engine: EventOutcome | undefined): EventOutcomeLabel {
  if (status >= 200 && status < 300) return engine === 'deduplicated' ? 'deduplicated' : 'accepted';
  if (status === 429) return 'throttled';
  if (status === 503) return 'unavailable';
  if (status >= 400 && status < 500) return 'rejected';
  return 'error';
}
