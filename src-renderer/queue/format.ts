// Short, scannable ages and times for the queue and the timeline.
export function formatAge(fromIso: string, nowMs: number): string {
  const s = Math.max(0, Math.floor((nowMs - Date.parse(fromIso)) / 1000));
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m`;
  const h = Math.floor(m / 60);
  if (h < 24) return `${h}h ${m % 60}m`;
  const d = Math.floor(h / 24);
  return `${d}d ${h % 24}h`;
}

export function formatTime(iso: string | null): string {
  if (!iso) return '—';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleString();
}

/**
 * `user:alice` → `alice`, and a person's id (`user:usr_…`) → their name when `nameOf` knows them; keys and
 * integrations keep their kind so a reader can tell who did it.
 */
export function formatActor(actor: string | null, nameOf?: (userId: string) => string): string {
  if (!actor) return 'system';
  if (!actor.startsWith('user:')) return actor;
  const who = actor.slice(5);
  return nameOf ? nameOf(who) : who;
}

export const STATUS_LABELS: Record<string, string> = {
  triggered: 'Triggered', acknowledged: 'Acknowledged', resolved: 'Resolved', snoozed: 'Snoozed', suppressed: 'Suppressed',
};
