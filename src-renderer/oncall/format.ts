// How the On-call page and the incident's escalation word people and times. A person's name is text a teammate
// typed: it is always shown through displayText. Times are in this machine's zone, as short as they can be while
// still saying which day.
import { displayText } from '../../src-shared/domain/display-text.ts';
import type { User } from '../../src-shared/schemas/team.ts';

export type NameOf = (userId: string) => string;

/** A person's shown name; an id nobody listed (a person not synced here yet) is shown as the id. */
export function namesFor(users: readonly Pick<User, 'id' | 'name'>[] | null): NameOf {
  const byId = new Map((users ?? []).map((u) => [u.id, u.name]));
  return (id) => displayText(byId.get(id) ?? id);
}

const startOfDay = (ms: number) => { const d = new Date(ms); d.setHours(0, 0, 0, 0); return d.getTime(); };
const DAY_MS = 86_400_000;

const timeOf = (t: number, locale?: string) => new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit' }).format(t);

/** "Fri 13 Mar 09:00": the day, the date and the time. */
function formatFull(t: number, locale?: string): string {
  const weekday = new Intl.DateTimeFormat(locale, { weekday: 'short' }).format(t);
  const date = new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short' }).format(t);
  return `${weekday} ${date} ${timeOf(t, locale)}`;
}

/**
 * "14:05" today, "Fri 09:00" within the coming week, "Fri 13 Mar 09:00" beyond (or before today). `locale` is for
 * tests; the window uses the person's own.
 */
export function formatWhen(iso: string, nowMs: number, locale?: string): string {
  const t = Date.parse(iso);
  const days = Math.round((startOfDay(t) - startOfDay(nowMs)) / DAY_MS);
  if (days === 0) return timeOf(t, locale);
  if (days > 0 && days < 7) return `${new Intl.DateTimeFormat(locale, { weekday: 'short' }).format(t)} ${timeOf(t, locale)}`;
  return formatFull(t, locale);
}

/** "Mon 9 Mar 14:00 – Tue 10 Mar 09:00": both ends with their day, for a tooltip or a dialog. */
export function formatSpan(startIso: string, endIso: string, locale?: string): string {
  return `${formatFull(Date.parse(startIso), locale)} – ${formatFull(Date.parse(endIso), locale)}`;
}

/** The tooltip of a timeline block. */
export function shiftTitle(name: string, startIso: string, endIso: string, override: boolean, locale?: string): string {
  const span = formatSpan(startIso, endIso, locale);
  return override ? `Override: ${name} covers ${span}` : `${name}, ${span}`;
}

/** "Alice, Bob": the people a level pages, in the order the host gave them. */
export const joinNames = (names: readonly string[]): string => names.join(', ');
