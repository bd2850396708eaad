// The words on a page: what the OS notification says about an incident (title = the event's summary; the body
// names the service, the urgency and, on a repeat, how long it has waited), and the one bubble that stands for
// many incidents in an alert storm. Text a monitor sent is shown through displayText: a bidi override or a line
// break in a title cannot make the bubble read as another incident's.
import { displayText } from '../../src-shared/domain/display-text.ts';
import type { PageNotification } from './notifier.ts';
import type { Pageable } from './schedule.ts';

/** The incident id the summary bubble is filed under (never a real incident id, which starts with `inc_`). */
export const SUMMARY_NOTIFICATION_ID = 'klaxon:more';

const MAX_DESCRIPTION = 200;

export function waitedFor(sinceIso: string, now: number): string {
  const minutes = Math.max(0, Math.floor((now - Date.parse(sinceIso)) / 60_000));
  if (minutes < 1) return 'less than a minute';
  if (minutes < 120) return `${minutes} min`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

export function pageFor(s: Pageable, serviceName: string, opts: { sound: boolean; repeat: boolean; now: number }): PageNotification {
  const lines = [[displayText(serviceName), s.urgency, s.priority].filter(Boolean).join(' · ')];
  if (opts.repeat) lines.push(`Not acknowledged yet, triggered ${waitedFor(s.createdAt, opts.now)} ago`);
  if (s.description) {
    const d = s.description.trim();
    lines.push(displayText(d.length > MAX_DESCRIPTION ? `${d.slice(0, MAX_DESCRIPTION - 1)}…` : d, { multiline: true }));
  }
  return {
    incidentId: s.id,
    title: displayText(s.title),
    body: lines.join('\n'),
    urgency: s.urgency === 'HIGH' ? 'critical' : 'normal',
    sound: opts.sound,
    actions: ['acknowledge', 'snooze'],
  };
}

/** `storm`: an alert storm is on, and every due page is in this one bubble (not only those beyond the first few). */
export function summaryPage(incidents: readonly Pageable[], opts: { sound: boolean; storm?: boolean }): PageNotification {
  const shown = incidents.slice(0, 3).map((s) => `• ${displayText(s.title)}`);
  const rest = incidents.length - shown.length;
  const n = incidents.length;
  return {
    incidentId: SUMMARY_NOTIFICATION_ID,
    title: opts.storm ? `Alert storm: ${n} new ${n === 1 ? 'incident' : 'incidents'}` : `${n} more incidents triggered`,
    body: [...shown, ...(rest > 0 ? [`and ${rest} more — open Klaxon`] : [])].join('\n'),
    urgency: incidents.some((s) => s.urgency === 'HIGH') ? 'critical' : 'normal',
    sound: opts.sound,
    actions: [],
  };
}
