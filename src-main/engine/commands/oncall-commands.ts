// Schedules, their overrides, and escalation policies. Every person and schedule they name must exist here (a
// typo must not leave a level that pages nobody), and nothing in use may be deleted: a schedule an escalation policy
// pages, a policy a service uses. Creating any of them from this device gives the device its person (local-user.ts).
import type { z } from 'zod';
import type {
  CreateSchedule, UpdateSchedule, CreateOverride, CreateEscalationPolicy, UpdateEscalationPolicy, Layer, EscalationLevel,
} from '../../../src-shared/schemas/oncall.ts';
import { KlaxonError } from '../../../src-shared/schemas/errors.ts';
import { newId } from '../../../src-shared/domain/ids.ts';
import { parseWallTime } from '../../../src-shared/domain/oncall/wall-clock.ts';
import { scheduleRow, policyRow, listPolicyRows } from '../../store/oncall-rows.ts';
import { listServiceRows } from '../../store/admin-rows.ts';
import { ensureLocalUser, type LocalUserContext } from './local-user.ts';
import type { Tx } from '../tx.ts';
import type { ScheduleState, PolicyState } from '../../../src-shared/domain/oncall/fold.ts';

const invalid = (field: string, message: string) => new KlaxonError('VALIDATION_FAILED', message, field);

function requirePerson(ctx: LocalUserContext, userId: string, field: string): void {
  if (!ctx.roster().users.has(userId)) throw invalid(field, `No person ${userId}: add them first (POST /api/users) or pick one from GET /api/users`);
}

/** The schema has checked each wall time is on the calendar; a layer that ends before it starts is never on call. */
function checkLayers(ctx: LocalUserContext, layers: readonly Layer[], field = 'layers'): void {
  layers.forEach((l, i) => {
    if (l.end && parseWallTime(l.end) <= parseWallTime(l.start)) throw invalid(`${field}.${i}.end`, 'end must be after start');
    l.userIds.forEach((u, j) => requirePerson(ctx, u, `${field}.${i}.userIds.${j}`));
  });
}

function liveSchedule(tx: Tx, id: string): ScheduleState {
  const s = scheduleRow(tx.store, id);
  if (!s || s.deleted) throw new KlaxonError('NOT_FOUND', `Schedule ${id} not found`);
  return s;
}

function livePolicy(tx: Tx, id: string): PolicyState {
  const p = policyRow(tx.store, id);
  if (!p || p.deleted) throw new KlaxonError('NOT_FOUND', `Escalation policy ${id} not found`);
  return p;
}

export function createSchedule(tx: Tx, ctx: LocalUserContext, input: z.output<typeof CreateSchedule>, by: string): string {
  ensureLocalUser(tx, ctx);
  checkLayers(ctx, input.layers);
  const id = newId('sch', tx.nowMs);
  tx.emit('schedule.created', id, { name: input.name, description: input.description ?? null, timeZone: input.timeZone, layers: input.layers, by });
  return id;
}

export function updateSchedule(tx: Tx, ctx: LocalUserContext, id: string, patch: z.output<typeof UpdateSchedule>, by: string): void {
  liveSchedule(tx, id);
  ensureLocalUser(tx, ctx);
  if (patch.layers) checkLayers(ctx, patch.layers);
  if (Object.keys(patch).length > 0) tx.emit('schedule.changed', id, { fields: patch, by });
}

export function deleteSchedule(tx: Tx, id: string, by: string): void {
  liveSchedule(tx, id);
  const users = listPolicyRows(tx.store).filter((p) => p.levels.some((l) => l.targets.some((t) => t.type === 'schedule' && t.id === id)));
  if (users.length > 0) {
    throw new KlaxonError('CONFLICT', `Schedule ${id} is paged by ${users.map((p) => `escalation policy "${p.name}" (${p.id})`).join(', ')}: take it out of ${users.length > 1 ? 'them' : 'it'} first`);
  }
  tx.emit('schedule.deleted', id, { by });
}

export function addOverride(tx: Tx, ctx: LocalUserContext, id: string, input: z.output<typeof CreateOverride>, by: string): string {
  liveSchedule(tx, id);
  ensureLocalUser(tx, ctx);
  requirePerson(ctx, input.userId, 'userId');
  if (Date.parse(input.end) <= tx.nowMs) throw invalid('end', 'end must be in the future: an override that has ended covers nothing');
  const overrideId = newId('ovr', tx.nowMs);
  tx.emit('schedule.override_added', id, { overrideId, userId: input.userId, start: input.start, end: input.end, by });
  return overrideId;
}

export function removeOverride(tx: Tx, id: string, overrideId: string, by: string): void {
  const s = liveSchedule(tx, id);
  const o = s.overrides.find((x) => x.id === overrideId);
  if (!o) throw new KlaxonError('NOT_FOUND', `Override ${overrideId} not found on schedule ${id}`);
  if (Date.parse(o.end) <= tx.nowMs) throw new KlaxonError('CONFLICT', `Override ${overrideId} has ended; the past stays as it was`);
  tx.emit('schedule.override_removed', id, { overrideId, by });
}

function checkLevels(tx: Tx, ctx: LocalUserContext, levels: readonly EscalationLevel[]): void {
  levels.forEach((level, i) => level.targets.forEach((t, j) => {
    const field = `levels.${i}.targets.${j}.id`;
    if (t.type === 'user') requirePerson(ctx, t.id, field);
    else {
      const s = scheduleRow(tx.store, t.id);
      if (!s || s.deleted) throw invalid(field, `No schedule ${t.id} (see GET /api/schedules)`);
    }
  }));
}

export function createPolicy(tx: Tx, ctx: LocalUserContext, input: z.output<typeof CreateEscalationPolicy>, by: string): string {
  ensureLocalUser(tx, ctx);
  checkLevels(tx, ctx, input.levels);
  const id = newId('pol', tx.nowMs);
  tx.emit('policy.created', id, { name: input.name, description: input.description ?? null, levels: input.levels, repeat: input.repeat, by });
  return id;
}

export function updatePolicy(tx: Tx, ctx: LocalUserContext, id: string, patch: z.output<typeof UpdateEscalationPolicy>, by: string): void {
  livePolicy(tx, id);
  ensureLocalUser(tx, ctx);
  if (patch.levels) checkLevels(tx, ctx, patch.levels);
  if (Object.keys(patch).length > 0) tx.emit('policy.changed', id, { fields: patch, by });
}

export function deletePolicy(tx: Tx, id: string, by: string): void {
  livePolicy(tx, id);
  const services = listServiceRows(tx.store).filter((s) => s.escalationPolicyId === id);
  if (services.length > 0) {
    throw new KlaxonError('CONFLICT', `Escalation policy ${id} is used by ${services.map((s) => `service "${s.name}" (${s.id})`).join(', ')}: give ${services.length > 1 ? 'them' : 'it'} another policy (or none) first`);
  }
  tx.emit('policy.deleted', id, { by });
}

/** The policy a service may be given: one that exists here and is not deleted. */
export function checkPolicyForService(tx: Tx, policyId: string): void {
  const p = policyRow(tx.store, policyId);
  if (!p || p.deleted) throw invalid('escalationPolicyId', `No escalation policy ${policyId} (see GET /api/escalation-policies)`);
}
