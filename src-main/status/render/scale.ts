// The colour of a day's bar: by how much of it was up when something was measured, by its state when only that is
// known (a day of maintenance), and a grey of its own when nothing was measured — "no data" is not "down".
import type { ComponentState, PublicDay } from '../../../src-shared/schemas/public-status.ts';

/** Uptime thresholds, best first: each class is the first whose floor the day's uptime reaches. */
const UPTIME_FLOORS: readonly [number, string][] = [[0.999, 'u4'], [0.99, 'u3'], [0.95, 'u2'], [0.5, 'u1'], [0, 'u0']];

const STATE_CLASS: Record<ComponentState, string> = {
  operational: 'u4', maintenance: 'um', degraded: 'u2', partial_outage: 'u1', major_outage: 'u0',
};

export function dayClass(d: Pick<PublicDay, 'uptime' | 'state'>): string {
  if (d.uptime !== null) return UPTIME_FLOORS.find(([floor]) => d.uptime! >= floor)![1];
  return d.state ? STATE_CLASS[d.state] : 'nd';
}

/** The class of a component's or the page's state (the dot and the banner). */
export const stateClass = (s: ComponentState): string => `s-${s}`;
