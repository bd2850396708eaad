// How the Team page words a device's state: online, when it was last heard from, how far behind it is.
import type { DeviceStatus } from '../../src-shared/schemas/team.ts';

/** `just now`, `5 min ago`, `3 h ago`, `2 days ago`. */
export function ago(iso: string, nowMs: number): string {
  const min = Math.floor(Math.max(0, nowMs - Date.parse(iso)) / 60_000);
  if (min < 1) return 'just now';
  if (min < 60) return `${min} min ago`;
  const h = Math.floor(min / 60);
  if (h < 24) return `${h} h ago`;
  const d = Math.floor(h / 24);
  return d === 1 ? '1 day ago' : `${d} days ago`;
}

export type Presence = 'self' | 'online' | 'offline' | 'never' | 'revoked';

export function presenceOf(d: DeviceStatus): Presence {
  if (d.revoked) return 'revoked';
  if (d.self) return 'self';
  if (d.connected) return 'online';
  return d.lastSeenAt ? 'offline' : 'never';
}

export function presenceText(d: DeviceStatus, nowMs: number): string {
  switch (presenceOf(d)) {
    case 'revoked': return d.revokedAt ? `Revoked ${ago(d.revokedAt, nowMs)}` : 'Revoked';
    case 'self': return 'This device';
    case 'online': return 'Online';
    case 'offline': return `Last seen ${ago(d.lastSeenAt!, nowMs)}`;
    case 'never': return 'Never seen';
  }
}

/** Null when there is nothing to say (this device, or never heard from). */
export function behindText(d: DeviceStatus): string | null {
  if (d.self || d.revoked || d.behind === null) return null;
  if (d.behind === 0) return 'Up to date';
  return d.behind === 1 ? '1 op behind' : `${d.behind} ops behind`;
}

export const EXPIRY_CHOICES: readonly { minutes: number; label: string }[] = [
  { minutes: 60, label: '1 hour' },
  { minutes: 24 * 60, label: '24 hours' },
  { minutes: 7 * 24 * 60, label: '7 days' },
];
