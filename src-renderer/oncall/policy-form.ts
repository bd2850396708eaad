// An escalation policy as its form holds it, to and from what the API takes, and who a level being edited would
// page now (for the yellow warning on a level with nobody on call): the domain's rule for a level's people, asked
// with who the host says each schedule has on call now.
import type { CreateEscalationPolicy, EscalationPolicy, OnCallNow, Target, UpdateEscalationPolicy } from '../../src-shared/schemas/oncall.ts';
import { levelPeople, type ScheduleLookup } from '../../src-shared/domain/oncall/escalation.ts';
import { editPatch } from './changed-fields.ts';

export interface LevelDraft { key: string; delayMinutes: string; targets: Target[] }
export interface PolicyDraft { name: string; repeat: string; levels: LevelDraft[] }

export const DEFAULT_DELAY_MINUTES = 15;
export const MAX_REPEAT = 9;

let keys = 0;
const newKey = () => `level-${++keys}`;

export const newLevel = (): LevelDraft => ({ key: newKey(), delayMinutes: String(DEFAULT_DELAY_MINUTES), targets: [] });
export const newPolicy = (): PolicyDraft => ({ name: '', repeat: '0', levels: [newLevel()] });

export function policyDraft(p: EscalationPolicy): PolicyDraft {
  return {
    name: p.name,
    repeat: String(p.repeat),
    levels: p.levels.map((l) => ({ key: newKey(), delayMinutes: String(l.delayMinutes), targets: l.targets.map((t) => ({ ...t })) })),
  };
}

export const sameTarget = (a: Target, b: Target) => a.type === b.type && a.id === b.id;

/** What the API takes, or the first thing a person must fix, worded for them. */
export function policyInput(d: PolicyDraft): { input: CreateEscalationPolicy } | { error: string } {
  if (d.name.trim() === '') return { error: 'Give the policy a name' };
  if (d.levels.length === 0) return { error: 'A policy needs at least one level' };
  const repeat = Number(d.repeat);
  if (!Number.isInteger(repeat) || repeat < 0 || repeat > MAX_REPEAT) return { error: `Repeat: a whole number from 0 to ${MAX_REPEAT}` };
  const levels = [];
  for (const [i, l] of d.levels.entries()) {
    const delay = Number(l.delayMinutes);
    if (!Number.isInteger(delay) || delay < 1) return { error: `Level ${i + 1}: escalate after a whole number of minutes, at least 1` };
    if (l.targets.length === 0) return { error: `Level ${i + 1}: pick at least one person or schedule to notify` };
    levels.push({ delayMinutes: delay, targets: l.targets });
  }
  return { input: { name: d.name.trim(), levels, repeat } };
}

/** What `policies.update` takes: only what changed against the draft the form was loaded with (changed-fields.ts). */
export const policyPatch = (loaded: PolicyDraft, edited: PolicyDraft): { patch: UpdateEscalationPolicy } | { error: string } =>
  editPatch(policyInput(loaded), policyInput(edited));

/** Who each schedule has on call at the instant `now` was taken (the host's answer), as the domain asks it. */
export function lookupFrom(now: OnCallNow): ScheduleLookup {
  return {
    onCallAt(scheduleId) {
      const s = now.schedules.find((x) => x.scheduleId === scheduleId);
      return s ? { userId: s.userId, end: s.until === null ? null : Date.parse(s.until) } : null;
    },
  };
}

/** The people `targets` reach at the instant `now` was taken (a schedule in a gap reaches nobody). */
export function peopleNow(targets: readonly Target[], now: OnCallNow): string[] {
  return levelPeople({ delayMinutes: 1, targets: [...targets] }, lookupFrom(now), Date.parse(now.at)).map((p) => p.userId);
}
