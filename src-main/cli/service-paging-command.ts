// `klaxon services set SERVICE …`: a service's paging — its escalation policy, acknowledgement timeout, auto-resolve
// and support hours — checked by the same schema and engine command as PATCH /api/services/:id. `none` turns one off.
import { UpdateService, type Service } from '../../src-shared/schemas/admin.ts';
import { displayText, displayJson } from '../../src-shared/domain/display-text.ts';
import type { Engine } from '../engine/types.ts';
import { UsageError } from './args.ts';
import { policyRef, serviceRef } from './refs.ts';
import { checked, flags, refusedAs } from './refusal.ts';
import { parseSupportHours, describeSupportHours, SUPPORT_HOURS_SYNTAX } from './oncall-specs.ts';

export interface ServicePagingOptions {
  policy?: string;
  'ack-timeout'?: string;
  'auto-resolve'?: string;
  'support-hours'?: string;
  json: boolean;
}

export const SERVICES_SET_USAGE = `klaxon services set SERVICE [--policy POLICY|none] [--ack-timeout MINUTES|none] [--auto-resolve MINUTES|none]
                              [--support-hours ${SUPPORT_HOURS_SYNTAX}|none] [--json]`;

const flagOf = flags({ escalationPolicyId: '--policy', ackTimeoutMinutes: '--ack-timeout', autoResolveMinutes: '--auto-resolve', supportHours: '--support-hours' });

function minutes(text: string, flag: string): number | null {
  if (text === 'none') return null;
  if (!/^\d+$/.test(text)) throw new UsageError(`${flag} takes whole minutes or none, not "${text}"`);
  return Number(text);
}

export function describePaging(engine: Engine, s: Service): string {
  const policy = s.escalationPolicyId === null ? null : engine.listPolicies().find((p) => p.id === s.escalationPolicyId);
  return [
    `${displayText(s.name)} (${s.id})`,
    `  escalation policy:       ${policy ? `${displayText(policy.name)} (${policy.id})` : s.escalationPolicyId ?? 'none: every device pages'}`,
    `  acknowledgement timeout: ${s.ackTimeoutMinutes === null ? 'none' : `${s.ackTimeoutMinutes} min, then it pages again from level 1`}`,
    `  auto-resolve:            ${s.autoResolveMinutes === null ? 'none' : `${s.autoResolveMinutes} min after it was triggered`}`,
    `  support hours:           ${s.supportHours === null ? 'none: urgency as the event says' : `${describeSupportHours(s.supportHours)} (HIGH urgency inside, LOW outside)`}`,
  ].join('\n');
}

export async function setServicePaging(engine: Engine, ref: string | undefined, opts: ServicePagingOptions, out: (text: string) => void): Promise<void> {
  if (!ref) throw new UsageError(`services set needs the service (its id or name)\nusage: ${SERVICES_SET_USAGE}`);
  const id = serviceRef(engine, ref);
  const patch: Record<string, unknown> = {};
  if (opts.policy !== undefined) patch.escalationPolicyId = opts.policy === 'none' ? null : policyRef(engine, opts.policy);
  if (opts['ack-timeout'] !== undefined) patch.ackTimeoutMinutes = minutes(opts['ack-timeout'], '--ack-timeout');
  if (opts['auto-resolve'] !== undefined) patch.autoResolveMinutes = minutes(opts['auto-resolve'], '--auto-resolve');
  const hours = opts['support-hours'];
  if (hours !== undefined) patch.supportHours = hours === 'none' ? null : parseSupportHours(hours, '--support-hours');
  if (Object.keys(patch).length === 0) throw new UsageError(`services set needs something to set\nusage: ${SERVICES_SET_USAGE}`);
  const body = checked(UpdateService, patch, flagOf);
  const s = await refusedAs(flagOf, () => engine.updateService(id, body));
  out(opts.json ? displayJson(s) : describePaging(engine, s));
}
