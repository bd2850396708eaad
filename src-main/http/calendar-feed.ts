// What a calendar feed holds: the final shifts (overrides applied) from 30 days ago to 90 days ahead, of one schedule
// or of one person on every schedule, each an event "On call: Primary (Alice)" (one event for a person's contiguous
// time, "…, with an override" when an override makes any of it). And the feed's URL, whose token is
// its only credential (calendar apps cannot send headers).
import os from 'node:os';
import type { Engine } from '../engine/types.ts';
import type { HostInfo } from '../../src-shared/schemas/settings.ts';
import type { Shift } from '../../src-shared/schemas/oncall.ts';
import { KlaxonError } from '../../src-shared/schemas/errors.ts';
import { displayText } from '../../src-shared/domain/display-text.ts';
import type { CalendarFeedKind } from '../store/calendar-feeds.ts';
import type { FeedEvent } from './calendar-ics.ts';

const DAY_MS = 86_400_000;
export const FEED_PAST_MS = 30 * DAY_MS;
export const FEED_AHEAD_MS = 90 * DAY_MS;
/**
 * Shifts are asked for from further back than the feed shows, so that one already running 30 days ago keeps its real
 * start: its UID (made of the start) stays the same from one fetch to the next, and calendar apps update it in place.
 */
const LOOK_BACK_MS = 60 * DAY_MS;

/** The same answer for an unknown schedule or person, an unknown, rotated or missing token: no oracle. */
export const noSuchFeed = (): KlaxonError => new KlaxonError('NOT_FOUND', 'No such calendar feed (its URL may have been rotated)');

/** The schedule's or person's name; 404 if there is no such one. */
export function feedTargetName(engine: Engine, kind: CalendarFeedKind, id: string): string {
  if (kind === 'schedule') return engine.getSchedule(id).name;
  const user = engine.roster().users.get(id);
  if (!user) throw new KlaxonError('NOT_FOUND', `Person ${id} not found`);
  return user.name;
}

/** Where calendar apps fetch the feed: the host's listener address (on a wildcard bind, this machine's name). */
export function feedUrl(host: HostInfo, kind: CalendarFeedKind, id: string, token: string): string {
  const wildcard = host.listen.host === '0.0.0.0' || host.listen.host === '::' || host.listen.host === '';
  const base = wildcard ? `http://${os.hostname()}:${host.listen.port}` : host.baseUrl;
  const path = kind === 'schedule' ? 'schedules' : 'users';
  return `${base}/api/${path}/${encodeURIComponent(id)}/calendar.ics?token=${encodeURIComponent(token)}`;
}

/** Stable for a spell: its schedule, person and start. */
const uidOf = (scheduleId: string, s: Shift) => `${scheduleId}-${s.userId}-${s.start.replace(/[-:.]/g, '')}@klaxon`;

/** The feed's name and events at `nowMs`. */
export function feedEvents(engine: Engine, kind: CalendarFeedKind, id: string, nowMs: number): { name: string; events: FeedEvent[] } {
  const from = nowMs - FEED_PAST_MS;
  const to = nowMs + FEED_AHEAD_MS;
  const roster = engine.roster();
  const person = (userId: string) => displayText(roster.users.get(userId)?.name ?? userId);
  const schedules = kind === 'schedule' ? [engine.getSchedule(id)] : engine.listSchedules();
  const events: FeedEvent[] = [];
  for (const schedule of schedules) {
    for (const s of engine.shifts(schedule.id, from - LOOK_BACK_MS, to)) {
      if (Date.parse(s.end) <= from || (kind === 'user' && s.userId !== id)) continue;
      events.push({
        uid: uidOf(schedule.id, s), start: Date.parse(s.start), end: Date.parse(s.end),
        summary: `On call: ${displayText(schedule.name)} (${person(s.userId)})${s.override ? ', with an override' : ''}`,
      });
    }
  }
  events.sort((a, b) => a.start - b.start || a.uid.localeCompare(b.uid));
  const name = kind === 'schedule' ? `On call: ${displayText(schedules[0]!.name)}` : `On call: ${person(id)}`;
  return { name, events };
}
