// A schedule as its form holds it (strings as typed, a key per row for React), to and from what the API takes.
// Restrictions are typed as "from … to …", the way people think of them, and sent as a start and a duration, the
// way PagerDuty (and our schema) keep them. Whether the whole makes sense beyond this (a known person, a known zone)
// is the host's call; its refusal is shown as it gives it.
import type { CreateSchedule, Layer, Restriction, Rotation, Schedule, UpdateSchedule } from '../../src-shared/schemas/oncall.ts';
import { parseWallTime } from '../../src-shared/domain/oncall/wall-time.ts';
import { editPatch } from './changed-fields.ts';

export interface RestrictionDraft {
  type: Restriction['type'];
  /** ISO day, 1 = Monday (weekly only). */
  startDay: number;
  startTime: string;
  endDay: number;
  endTime: string;
}

export interface LayerDraft {
  key: string;
  name: string;
  /** `YYYY-MM-DDTHH:MM` (or `…:SS`), a wall time in the schedule's zone (what a datetime-local input holds). */
  start: string;
  /** Empty: the layer goes on. */
  end: string;
  rotation: Rotation;
  turns: string;
  userIds: string[];
  restrictions: RestrictionDraft[];
}

export interface ScheduleDraft { name: string; timeZone: string; layers: LayerDraft[] }

export const ROTATION_UNITS: Record<Rotation, string> = { hourly: 'hours', daily: 'days', weekly: 'weeks' };
export const DAY_NAMES = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'] as const;

const DAY_MIN = 24 * 60;
const WEEK_MIN = 7 * DAY_MIN;
const pad = (n: number) => String(n).padStart(2, '0');
const minutesOf = (time: string) => { const [h, m] = time.split(':').map(Number); return h! * 60 + m!; };
const timeOf = (minutes: number) => `${pad(Math.floor(minutes / 60) % 24)}:${pad(minutes % 60)}`;

let keys = 0;
const newKey = () => `layer-${++keys}`;

/** The time zone this machine is in: what a new schedule starts with. */
export const localZone = (): string => Intl.DateTimeFormat().resolvedOptions().timeZone;

/** Every zone the runtime knows, UTC and `keep` (a schedule's own) included. */
export function timeZones(keep?: string): string[] {
  const all = new Set(Intl.supportedValuesOf('timeZone'));
  all.add('UTC');
  if (keep) all.add(keep);
  return [...all].sort();
}

export function restrictionDraft(r: Restriction): RestrictionDraft {
  const start = minutesOf(r.startTime);
  if (r.type === 'daily') return { type: 'daily', startDay: 1, startTime: r.startTime, endDay: 1, endTime: timeOf((start + r.durationMinutes) % DAY_MIN) };
  const end = ((r.startDay - 1) * DAY_MIN + start + r.durationMinutes) % WEEK_MIN;
  return { type: 'weekly', startDay: r.startDay, startTime: r.startTime, endDay: Math.floor(end / DAY_MIN) + 1, endTime: timeOf(end % DAY_MIN) };
}

/** An end equal to the start means the whole day (or week), not nothing. */
export function restrictionOf(d: RestrictionDraft): Restriction {
  const start = minutesOf(d.startTime);
  if (d.type === 'daily') {
    const duration = (minutesOf(d.endTime) - start + DAY_MIN) % DAY_MIN;
    return { type: 'daily', startTime: d.startTime, durationMinutes: duration === 0 ? DAY_MIN : duration };
  }
  const from = (d.startDay - 1) * DAY_MIN + start;
  const to = (d.endDay - 1) * DAY_MIN + minutesOf(d.endTime);
  const duration = (to - from + WEEK_MIN) % WEEK_MIN;
  return { type: 'weekly', startDay: d.startDay, startTime: d.startTime, durationMinutes: duration === 0 ? WEEK_MIN : duration };
}

export const newRestriction = (type: Restriction['type']): RestrictionDraft =>
  type === 'daily'
    ? { type, startDay: 1, startTime: '09:00', endDay: 1, endTime: '17:00' }
    : { type, startDay: 1, startTime: '09:00', endDay: 5, endTime: '17:00' };

/** Today at 09:00 on this machine's calendar, handing off daily to the people picked. */
export function newLayer(nowMs: number): LayerDraft {
  const d = new Date(nowMs);
  const start = `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T09:00`;
  return { key: newKey(), name: '', start, end: '', rotation: 'daily', turns: '1', userIds: [], restrictions: [] };
}

export const newSchedule = (nowMs: number): ScheduleDraft => ({ name: '', timeZone: localZone(), layers: [newLayer(nowMs)] });

/**
 * A stored wall time as a datetime-local input holds it: `:00` seconds left off (the input then shows none), other
 * seconds kept, since the handoffs of a layer fall at its start's time of day, to the second.
 */
const wallInput = (wall: string): string => wall.replace(/(T\d{2}:\d{2}):00$/, '$1');

export function scheduleDraft(s: Schedule): ScheduleDraft {
  return {
    name: s.name,
    timeZone: s.timeZone,
    layers: s.layers.map((l) => ({
      key: newKey(), name: l.name ?? '', start: wallInput(l.start), end: l.end ? wallInput(l.end) : '', rotation: l.rotation,
      turns: String(l.turns), userIds: [...l.userIds], restrictions: l.restrictions.map(restrictionDraft),
    })),
  };
}

const WALL = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/;

/** A wall time as typed, if it is one on the calendar (the host decides the rest). */
function wallMs(s: string): number | null {
  if (!WALL.test(s)) return null;
  try {
    return parseWallTime(s);
  } catch {
    return null;
  }
}

/** What the API takes, or the first thing a person must fix, worded for them. */
export function scheduleInput(d: ScheduleDraft): { input: CreateSchedule } | { error: string } {
  if (d.name.trim() === '') return { error: 'Give the schedule a name' };
  const layers: Layer[] = [];
  for (const [i, l] of d.layers.entries()) {
    const which = `Layer ${i + 1}`;
    const start = wallMs(l.start);
    const end = l.end === '' ? null : wallMs(l.end);
    if (start === null) return { error: `${which}: enter when its first turn starts (date and time)` };
    if (l.end !== '' && end === null) return { error: `${which}: the end must be a date and time, or empty` };
    if (end !== null && end <= start) return { error: `${which}: it must end after it starts` };
    const turns = Number(l.turns);
    if (!Number.isInteger(turns) || turns < 1) return { error: `${which}: a turn lasts a whole number of ${ROTATION_UNITS[l.rotation]}, at least 1` };
    if (l.userIds.length === 0) return { error: `${which}: pick at least one person` };
    layers.push({
      ...(l.name.trim() ? { name: l.name.trim() } : {}),
      start: l.start, end: l.end === '' ? null : l.end, rotation: l.rotation, turns, userIds: l.userIds,
      restrictions: l.restrictions.map(restrictionOf),
    });
  }
  return { input: { name: d.name.trim(), timeZone: d.timeZone, layers } };
}

/** What `schedules.update` takes: only what changed against the draft the form was loaded with (changed-fields.ts). */
export const schedulePatch = (loaded: ScheduleDraft, edited: ScheduleDraft): { patch: UpdateSchedule } | { error: string } =>
  editPatch(scheduleInput(loaded), scheduleInput(edited));
