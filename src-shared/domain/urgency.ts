// Severity → urgency: critical and error page loudly (HIGH); warning and info notify once (LOW).
// A service may override this with "always HIGH" or "always LOW".
import type { Severity, Urgency } from '../schemas/common.ts';
import type { UrgencyRule } from '../schemas/admin.ts';

export function urgencyFor(severity: Severity, rule: UrgencyRule = 'severity'): Urgency {
  if (rule === 'high') return 'HIGH';
  if (rule === 'low') return 'LOW';
  return severity === 'critical' || severity === 'error' ? 'HIGH' : 'LOW';
}
