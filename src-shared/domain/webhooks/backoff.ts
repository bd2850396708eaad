// When a failed delivery is tried again: exponential from 5 s, capped at an hour, with "full jitter" between half
// and all of it, so receivers coming back after an outage are not hit by every sender at once; for a day.
export const RETRY_FOR_MS = 24 * 60 * 60 * 1000;
const FIRST_MS = 5_000;
const CAP_MS = 60 * 60 * 1000;

/** The wait after the `attempts`-th failed attempt (1-based); `random` in [0, 1). */
export function retryDelayMs(attempts: number, random: number): number {
  const full = Math.min(CAP_MS, FIRST_MS * 2 ** Math.max(0, attempts - 1));
  return Math.round(full / 2 + (full / 2) * random);
}
