// How an escalation level's targets read: a person by name, a schedule by its name and who it has on call now.
import type { OnCallNow, Schedule, Target } from '../../src-shared/schemas/oncall.ts';
import { displayText } from '../../src-shared/domain/display-text.ts';
import type { NameOf } from './format.ts';

export function targetText(t: Target, nameOf: NameOf, schedules: readonly Schedule[] | null, now: OnCallNow | null): string {
  if (t.type === 'user') return nameOf(t.id);
  const schedule = schedules?.find((s) => s.id === t.id);
  const name = schedule ? displayText(schedule.name) : displayText(t.id);
  const onCall = now?.schedules.find((s) => s.scheduleId === t.id);
  if (!onCall) return name;
  return `${name} (${onCall.userId ? `${nameOf(onCall.userId)} now` : 'nobody now'})`;
}

export const NOBODY_AT_LEVEL = 'Nobody is on call at this level now: an incident reaching it would skip it at once.';
