// Decisions that time makes but an op must record, because they change an incident for good: resolving one left
// open past the service's auto-resolve timeout, and raising a LOW incident triggered outside support hours when
// they begin. Unlike escalation (derived), these are facts: `incident.resolved` / `incident.changed {urgency: HIGH}`
// by `system`. One device writes each: the one that wrote the incident's `incident.triggered` op, or, if that
// device is asleep or gone, any device once the deadline is `TAKEOVER_MS` past (two devices writing the same
// decision is harmless: the fold keeps the first resolve of an episode, and the same urgency twice).
import type { IncidentState } from '../incident-fold.ts';
import type { SupportHours } from '../../schemas/oncall.ts';
import { isOpenStatus } from '../lifecycle.ts';
import { nextSupportHoursStart } from './support-hours.ts';

/** How long other devices leave a due decision to the incident's author before writing it themselves. */
export const TAKEOVER_MS = 5 * 60_000;

type Open = Pick<IncidentState, 'status' | 'mergedInto'>;
const openAndOwn = (incident: Open): boolean => isOpenStatus(incident.status) && incident.mergedInto === null;

/**
 * When an open incident is resolved by the service's auto-resolve timeout: `autoResolveMinutes` after `openedAtMs`
 * (its creation, or its last re-open). Null: never (no timeout, resolved, or merged into another).
 */
export function autoResolveAt(incident: Open, autoResolveMinutes: number | null, openedAtMs: number): number | null {
  if (autoResolveMinutes === null || !openAndOwn(incident)) return null;
  return openedAtMs + autoResolveMinutes * 60_000;
}

export function autoResolveDue(incident: Open, autoResolveMinutes: number | null, openedAtMs: number, nowMs: number): boolean {
  const at = autoResolveAt(incident, autoResolveMinutes, openedAtMs);
  return at !== null && at <= nowMs;
}

/**
 * When a LOW incident triggered outside support hours is raised to HIGH: the first time support hours begin after
 * it was created. Null: never (no support hours, not triggered outside them, already HIGH, resolved, merged), or
 * when someone set its urgency at or after that instant (a person's choice is not overridden).
 */
export function supportHoursRaiseAt(
  incident: Open & Pick<IncidentState, 'urgency' | 'createdAt'>, sh: SupportHours | null, outsideSupportHours: boolean,
  urgencySetAtMs: number | null = null,
): number | null {
  if (!sh || !outsideSupportHours || incident.urgency !== 'LOW' || !openAndOwn(incident)) return null;
  const at = nextSupportHoursStart(sh, Date.parse(incident.createdAt));
  return at !== null && (urgencySetAtMs === null || urgencySetAtMs < at) ? at : null;
}

export function supportHoursRaiseDue(
  incident: Open & Pick<IncidentState, 'urgency' | 'createdAt'>, sh: SupportHours | null, outsideSupportHours: boolean, nowMs: number,
  urgencySetAtMs: number | null = null,
): boolean {
  const at = supportHoursRaiseAt(incident, sh, outsideSupportHours, urgencySetAtMs);
  return at !== null && at <= nowMs;
}

/** The instant this device should write a decision due at `deadlineMs`: at once if it wrote the incident, else after the takeover delay. */
export function writeAt(authorDeviceId: string, thisDeviceId: string, deadlineMs: number): number {
  return authorDeviceId === thisDeviceId ? deadlineMs : deadlineMs + TAKEOVER_MS;
}

export function shouldWrite(authorDeviceId: string, thisDeviceId: string, deadlineMs: number, nowMs: number): boolean {
  return nowMs >= writeAt(authorDeviceId, thisDeviceId, deadlineMs);
}
