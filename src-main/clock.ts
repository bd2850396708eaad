// Time, injected. Everything that depends on "now" (snooze expiry, paging repeats, HLC) reads this clock, so the
// smoke tests can run the real binary with a fake clock and fast-forward it (GoAlert's trick).

export interface Clock {
  now(): number;
  /** Calls `fn` once at or after `atMs` by this clock. Returns a cancel function. */
  at(atMs: number, fn: () => void): () => void;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  at(atMs, fn) {
    // setTimeout's delay is a 32-bit int; re-arm for instants further away than ~24 days.
    const MAX = 2 ** 31 - 1;
    let timer: NodeJS.Timeout;
    const arm = () => {
      const delay = atMs - Date.now();
      timer = delay > MAX ? setTimeout(arm, MAX) : setTimeout(fn, Math.max(0, delay));
      timer.unref?.();
    };
    arm();
    return () => clearTimeout(timer);
  },
};

/** A clock that moves only when told to; due callbacks run in time order on `advance`. */
export class FakeClock implements Clock {
  private current: number;
  private timers: { at: number; fn: () => void; seq: number }[] = [];
  private seq = 0;
  constructor(startMs = Date.now()) {
    this.current = startMs;
  }
  now(): number {
    return this.current;
  }
  at(atMs: number, fn: () => void): () => void {
    const t = { at: atMs, fn, seq: this.seq++ };
    this.timers.push(t);
    if (atMs <= this.current) queueMicrotask(() => this.runDue());
    return () => { this.timers = this.timers.filter((x) => x !== t); };
  }
  advance(ms: number): void {
    const target = this.current + ms;
    for (;;) {
      const next = this.timers.filter((t) => t.at <= target).sort((a, b) => a.at - b.at || a.seq - b.seq)[0];
      if (!next) break;
      this.current = Math.max(this.current, next.at);
      this.timers = this.timers.filter((t) => t !== next);
      next.fn();
    }
    this.current = target;
  }
  private runDue(): void {
    this.advance(0);
  }
}
