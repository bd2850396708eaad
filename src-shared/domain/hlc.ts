// Hybrid logical clock (Kulkarni et al.): orders ops across devices whose wall clocks disagree. Encoded as a
// fixed-width string so that SQLite and JavaScript sort it the same way, byte for byte.

export interface Hlc { wall: number; counter: number }

const WALL_WIDTH = 15;
const COUNTER_WIDTH = 6;

export function encodeHlc({ wall, counter }: Hlc): string {
  return `${String(wall).padStart(WALL_WIDTH, '0')}.${String(counter).padStart(COUNTER_WIDTH, '0')}`;
}

export function decodeHlc(s: string): Hlc {
  const [wall, counter] = s.split('.');
  const h = { wall: Number(wall), counter: Number(counter) };
  if (!Number.isSafeInteger(h.wall) || !Number.isSafeInteger(h.counter)) throw new Error(`not an HLC: ${s}`);
  return h;
}

let lastWall = Number.NaN;
let lastIso = '';

/**
 * The wall-clock part as an ISO instant, for timelines and the incident's times. Every op of a batch shares a few
 * milliseconds, so the last conversion is kept: formatting a Date costs more than the rest of applying an op.
 */
export function hlcToIso(s: string): string {
  const wall = Number(s.slice(0, WALL_WIDTH));
  if (wall !== lastWall) {
    if (!Number.isSafeInteger(wall) || s[WALL_WIDTH] !== '.') throw new Error(`not an HLC: ${s}`);
    lastIso = new Date(wall).toISOString();
    lastWall = wall;
  }
  return lastIso;
}

/** How far ahead of this device's own clock a peer's timestamp may pull it (see `observe`). */
export const MAX_HLC_DRIFT_MS = 5 * 60_000;

/** A clock for one device. `now` is injected so tests and simulations control time. */
export class HybridClock {
  private last: Hlc = { wall: 0, counter: 0 };
  private readonly now: () => number;
  private readonly maxDriftMs: number;
  constructor(now: () => number, maxDriftMs = Number.POSITIVE_INFINITY) {
    this.now = now;
    this.maxDriftMs = maxDriftMs;
  }

  /** A timestamp for a local op: strictly greater than every timestamp this clock has issued or seen. */
  tick(): string {
    const wall = Math.max(this.now(), this.last.wall);
    this.last = wall === this.last.wall ? { wall, counter: this.last.counter + 1 } : { wall, counter: 0 };
    return encodeHlc(this.last);
  }

  /**
   * Folds in a timestamp from a peer, so later local ops sort after it. A timestamp further ahead of this device's
   * clock than `maxDriftMs` (a peer whose clock is wrong) is only followed up to that bound, so one bad clock cannot
   * drag every device into the future; its ops are still kept and ordered by their own HLC. Returns false then.
   * `bounded: false` is for this device's own log (its own past ops must always sort before its next ones).
   */
  observe(remote: string, bounded = true): boolean {
    const decoded = decodeHlc(remote);
    const bound = bounded ? this.now() + this.maxDriftMs : Number.POSITIVE_INFINITY;
    const r = decoded.wall > bound ? { wall: bound, counter: 0 } : decoded;
    const wall = Math.max(this.now(), this.last.wall, r.wall);
    let counter = 0;
    if (wall === this.last.wall && wall === r.wall) counter = Math.max(this.last.counter, r.counter) + 1;
    else if (wall === this.last.wall) counter = this.last.counter + 1;
    else if (wall === r.wall) counter = r.counter + 1;
    this.last = { wall, counter };
    return r === decoded;
  }
}
