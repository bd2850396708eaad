// The one rule for "this machine slept" that every monitor timer uses (check runner, heartbeat runner, rollup
// writer). Timers count monotonic time, which stands still while the machine is suspended; the wall clock does not.
// So a timer that fires (or a check that ends) much later by the wall clock than its timer asked means a sleep.

/** How much later than asked a timer may fire before it counts as a wake from sleep (a busy event loop is not one). */
export const SLEEP_TOLERANCE_MS = 5_000;

/** Whether the machine slept between `lastMs` (the previous tick) and `nowMs`, when the next tick was asked for `tickMs` later. */
export const sleptSince = (lastMs: number, nowMs: number, tickMs: number, toleranceMs = SLEEP_TOLERANCE_MS): boolean =>
  nowMs - lastMs > tickMs + toleranceMs;
