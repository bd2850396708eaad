// A calendar feed's text (RFC 5545), written by ical-generator. Every instant goes out in UTC (`…Z`): a calendar
// app shows it in whatever zone its user is in, so the feed is right everywhere without carrying zone definitions.
import ical from 'ical-generator';

export interface FeedEvent {
  /** Stable across requests, so a calendar app updates an event instead of adding it again. */
  uid: string;
  start: number;
  end: number;
  summary: string;
}

/** How often calendar apps should fetch the feed again (also its HTTP max-age). */
export const FEED_REFRESH_SECONDS = 300;

export function calendarIcs(name: string, events: readonly FeedEvent[], nowMs: number): string {
  const cal = ical({
    name,
    prodId: { company: 'Klaxon', product: 'Klaxon on-call', language: 'EN' },
    ttl: FEED_REFRESH_SECONDS,
  });
  for (const e of events) {
    cal.createEvent({ id: e.uid, start: new Date(e.start), end: new Date(e.end), summary: e.summary, stamp: new Date(nowMs) });
  }
  return cal.toString();
}
