// Services and API keys as folds of their ops: created once; later changes are last-writer-wins by HLC;
// a revoked key stays revoked (revocation is forward-only, whatever order the ops arrive in).
import type { Op } from './ops.ts';
import { compareOps, parseKnownOp, type KnownOp, type OpData } from './ops.ts';
import { hlcToIso } from './hlc.ts';
import type { Service, RateLimit } from '../schemas/admin.ts';
import type { Scope } from '../schemas/common.ts';
import { DEFAULT_SERVICE_PAGING } from '../schemas/oncall.ts';

/**
 * `rateLimit`: the limit set on the service, null while it takes the default. `escalationPolicySetAt`: the instant of
 * the change that gave the service the escalation policy it has (null without one); escalation never counts from
 * before it (lifecycle.ts escalationAnchor), or an incident hours old would page the policy's last level at once.
 */
export interface ServiceState extends Omit<Service, 'rateLimit'> { rateLimit: RateLimit | null; escalationPolicySetAt: string | null; lastHlc: string }
export interface ApiKeyState {
  id: string; name: string; scopes: Scope[]; prefix: string; hash: string;
  createdAt: string; revokedAt: string | null; lastHlc: string;
}

const sorted = (ops: readonly Op[]) => [...ops].sort(compareOps).map(parseKnownOp).filter((o): o is KnownOp => o !== null);

export function foldService(ops: readonly Op[]): ServiceState | null {
  let s: ServiceState | null = null;
  for (const op of sorted(ops)) {
    if (op.type === 'service.created' && !s) {
      const d: OpData<'service.created'> = op.data;
      s = { id: op.entity, ...d, rateLimit: null, ...DEFAULT_SERVICE_PAGING, escalationPolicySetAt: null, createdAt: hlcToIso(op.hlc), lastHlc: op.hlc };
    } else if (op.type === 'service.changed' && s) {
      const prev: ServiceState = s;
      const f: OpData<'service.changed'>['fields'] = op.data.fields;
      const policyChanged = f.escalationPolicyId !== undefined && f.escalationPolicyId !== prev.escalationPolicyId;
      s = {
        ...prev, name: f.name ?? prev.name, urgencyRule: f.urgencyRule ?? prev.urgencyRule,
        suppressionRules: f.suppressionRules ?? prev.suppressionRules,
        rateLimit: f.rateLimit !== undefined ? f.rateLimit : prev.rateLimit, lastHlc: op.hlc,
        // Each on-call field is last-writer-wins on its own; `null` turns it off.
        escalationPolicyId: f.escalationPolicyId !== undefined ? f.escalationPolicyId : prev.escalationPolicyId,
        // Setting the policy it already has changes nothing: its incidents keep counting from where they did.
        escalationPolicySetAt: !policyChanged ? prev.escalationPolicySetAt : f.escalationPolicyId === null ? null : hlcToIso(op.hlc),
        ackTimeoutMinutes: f.ackTimeoutMinutes !== undefined ? f.ackTimeoutMinutes : prev.ackTimeoutMinutes,
        autoResolveMinutes: f.autoResolveMinutes !== undefined ? f.autoResolveMinutes : prev.autoResolveMinutes,
        supportHours: f.supportHours !== undefined ? f.supportHours : prev.supportHours,
      };
    }
  }
  return s;
}

export function foldApiKey(ops: readonly Op[]): ApiKeyState | null {
  let k: ApiKeyState | null = null;
  let revokedAt: string | null = null;
  for (const op of sorted(ops)) {
    if (op.type === 'apikey.created' && !k) k = { id: op.entity, ...op.data, createdAt: hlcToIso(op.hlc), revokedAt: null, lastHlc: op.hlc };
    else if (op.type === 'apikey.revoked') revokedAt ??= hlcToIso(op.hlc);
    if (k) k.lastHlc = op.hlc > k.lastHlc ? op.hlc : k.lastHlc;
  }
  return k ? { ...k, revokedAt } : null;
}
