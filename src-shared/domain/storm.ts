// An alert storm: more incidents opened in a few minutes than a person can take in one by one. During one the pager
// pages a single summary instead of a bubble per incident, and the window says "storm" once above the queue instead
// of letting each row look like its own page. Both ask this rule, with the host's counts and the clock.

/** How far back a storm looks. */
export const STORM_WINDOW_MS = 5 * 60_000;
/** More incidents than this opened within the window is a storm. */
export const STORM_THRESHOLD = 20;

/** Incidents opened since the window's start, per service. */
export interface OpenedCount { serviceId: string; count: number }

export interface StormSummary {
  /** Incidents opened within the window. */
  count: number;
  windowMinutes: number;
  /** The services they came from, busiest first. */
  services: { id: string; name: string; count: number }[];
}

/** The instant the storm window starts at, for `now`. */
export const stormWindowStart = (now: number): number => now - STORM_WINDOW_MS;

export const isStorm = (openedInWindow: number): boolean => openedInWindow > STORM_THRESHOLD;

/** The storm on now, from the counts since stormWindowStart(now); null when there is none. */
export function stormOf(counts: readonly OpenedCount[], serviceName: (id: string) => string): StormSummary | null {
  const count = counts.reduce((sum, c) => sum + c.count, 0);
  if (!isStorm(count)) return null;
  const services = counts
    .filter((c) => c.count > 0)
    .map((c) => ({ id: c.serviceId, name: serviceName(c.serviceId), count: c.count }))
    .sort((a, b) => b.count - a.count || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { count, windowMinutes: STORM_WINDOW_MS / 60_000, services };
}
