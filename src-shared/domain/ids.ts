// Identifiers. Incident, service and key ids are random and globally unique, so two devices that create
// entities while apart never collide.

const ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyz';

const TIME_WIDTH = 9; // base-36 milliseconds: fixed width until the year 5188
const RANDOM_LENGTH = 10; // ~51 bits per millisecond per device
const pool = new Uint8Array(4096);
let poolAt = pool.length;

/**
 * `prefix_` + the creation time (base 36, fixed width) + 10 random base-36 characters. Time first, so new rows
 * append to the tables' B-trees instead of dirtying random pages on every insert (a third of the commit cost on
 * the ingest path); random enough that devices creating incidents while apart never collide. Web Crypto is
 * present in Node, browsers and Electron.
 */
export function newId(prefix: 'inc' | 'svc' | 'key' | 'note' | 'ses' | 'mnt' | 'usr' | 'team' | 'inv' | 'sch' | 'pol' | 'ovr' | 'chg' | 'mon' | 'whk' | 'msg' | 'sp' | 'act' | 'sub', nowMs: number = Date.now()): string {
  if (poolAt + RANDOM_LENGTH > pool.length) { globalThis.crypto.getRandomValues(pool); poolAt = 0; }
  let out = Math.max(0, Math.floor(nowMs)).toString(36).padStart(TIME_WIDTH, '0');
  for (let i = 0; i < RANDOM_LENGTH; i++) out += ALPHABET[pool[poolAt++]! % 36];
  return `${prefix}_${out}`;
}

/** Forgets the random bytes drawn ahead, so the next id draws afresh (a simulation that replays a seed needs this). */
export function drawIdsAfresh(): void {
  poolAt = pool.length;
}

/** Op ids are `<deviceId>:<seq>`; seq is gapless per device, which is what lets sync ask for exactly the gaps. */
export const opId = (deviceId: string, seq: number): string => `${deviceId}:${seq}`;

export function parseOpId(id: string): { deviceId: string; seq: number } {
  const i = id.lastIndexOf(':');
  return { deviceId: id.slice(0, i), seq: Number(id.slice(i + 1)) };
}
