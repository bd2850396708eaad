// What "uptime" means, in one place for every view that shows it (rollups, the window's monitors, status pages): the
// share of checks that concluded something (up, degraded or down) in which the monitored thing answered — a degraded
// answer (slow, a certificate about to expire) is an answer. "No data" spans conclude nothing either way.

/** Checks counted by outcome. */
export interface CheckCounts { up: number; degraded: number; down: number }

/** (up + degraded) / (up + degraded + down): null when nothing concluded. */
export function uptimeShare(c: CheckCounts): number | null {
  const concluded = c.up + c.degraded + c.down;
  return concluded === 0 ? null : (c.up + c.degraded) / concluded;
}

/** The counts of many spans together. */
export function sumCounts(spans: Iterable<CheckCounts>): CheckCounts {
  const sum = { up: 0, degraded: 0, down: 0 };
  for (const s of spans) { sum.up += s.up; sum.degraded += s.degraded; sum.down += s.down; }
  return sum;
}
