// Identifiers. Incident, service and key ids are random and globally unique, so two devices that create
// entities while apart never collide.

const ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyz';

/** `prefix_` + 16 random base-36 characters (~82 bits). Uses Web Crypto, present in Node, browsers and Electron. */
export function newId(prefix: 'inc' | 'svc' | 'key' | 'note' | 'ses', length = 16): string {
  const bytes = new Uint8Array(length);
  globalThis.crypto.getRandomValues(bytes);
  let out = '';
  for (const b of bytes) out += ALPHABET[b % 36];
  return `${prefix}_${out}`;
}

/** Op ids are `<deviceId>:<seq>`; seq is gapless per device, which is what lets sync ask for exactly the gaps. */
export const opId = (deviceId: string, seq: number): string => `${deviceId}:${seq}`;

export function parseOpId(id: string): { deviceId: string; seq: number } {
  const i = id.lastIndexOf(':');
  return { deviceId: id.slice(0, i), seq: Number(id.slice(i + 1)) };
}
