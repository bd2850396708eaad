// A new incident's urgency, decided in one place for every way an incident is made (an event from a monitor, a
// person creating one by hand). Precedence, highest first:
//   1. the urgency a person creating the incident asked for;
//   2. the service's support hours, when it has them: HIGH inside, LOW outside (marked `outsideSupportHours`, so it is
//      raised to HIGH when they begin; auto-actions.ts);
//   3. the service's urgency rule: by severity (critical and error page loudly, HIGH; warning and info notify once,
//      LOW), or "always HIGH" / "always LOW".
// Support hours come before the rule because a service given them says when it wants to be woken: "always LOW" with
// support hours is LOW only outside them.
import type { Severity, Urgency } from '../schemas/common.ts';
import type { UrgencyRule } from '../schemas/admin.ts';
import type { SupportHours } from '../schemas/oncall.ts';
import { urgencyBySupportHours } from './oncall/support-hours.ts';

export function urgencyFor(severity: Severity, rule: UrgencyRule = 'severity'): Urgency {
  if (rule === 'high') return 'HIGH';
  if (rule === 'low') return 'LOW';
  return severity === 'critical' || severity === 'error' ? 'HIGH' : 'LOW';
}

/** The urgency of an incident made at `atMs` for `service`, and whether support hours made it LOW (precedence above). */
export function newIncidentUrgency(
  service: { urgencyRule: UrgencyRule; supportHours: SupportHours | null }, severity: Severity, atMs: number, asked?: Urgency,
): { urgency: Urgency; outsideSupportHours: boolean } {
  if (asked !== undefined) return { urgency: asked, outsideSupportHours: false };
  if (service.supportHours) {
    const urgency = urgencyBySupportHours(service.supportHours, atMs);
    return { urgency, outsideSupportHours: urgency === 'LOW' };
  }
  return { urgency: urgencyFor(severity, service.urgencyRule), outsideSupportHours: false };
}
