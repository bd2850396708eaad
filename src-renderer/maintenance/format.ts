// How a maintenance window reads: when it runs and what it does to incidents.
import type { Maintenance } from '../../src-shared/schemas/maintenance.ts';
import { displayText } from '../../src-shared/domain/display-text.ts';

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const timeOnly = new Intl.DateTimeFormat(undefined, { timeStyle: 'short' });
const names = new Intl.ListFormat(undefined, { style: 'long', type: 'conjunction' });

const sameDay = (a: Date, b: Date) =>
  a.getFullYear() === b.getFullYear() && a.getMonth() === b.getMonth() && a.getDate() === b.getDate();

/** "Jan 15, 2024, 2:00 AM–4:00 AM": the end's date only when it is another day. */
export function formatRange(m: Pick<Maintenance, 'scheduledStart' | 'scheduledEnd'>): string {
  const start = new Date(m.scheduledStart);
  const end = new Date(m.scheduledEnd);
  return `${dateTime.format(start)}–${sameDay(start, end) ? timeOnly.format(end) : dateTime.format(end)}`;
}

/** When an in-progress window ends: the time alone when it ends the day it started. */
export function formatUntil(m: Pick<Maintenance, 'scheduledStart' | 'scheduledEnd'>): string {
  const end = new Date(m.scheduledEnd);
  return sameDay(new Date(m.scheduledStart), end) ? timeOnly.format(end) : dateTime.format(end);
}

/** What the window does while it is on: a window naming no service silences nothing. */
export function effectText(m: Pick<Maintenance, 'services'>): string {
  if (m.services.length === 0) return 'announcement only';
  return `new incidents of ${names.format(m.services.map((s) => displayText(s.name)))} are suppressed`;
}

export const IMPACT_LABELS: Record<Maintenance['impact'], string> = {
  none: 'None (informational)', minor: 'Minor (slight degradation)', major: 'Major (feature unavailable)', critical: 'Critical (full outage)',
};
