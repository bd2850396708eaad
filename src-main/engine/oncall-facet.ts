// The engine's on-call part: schedules (with overrides) and escalation policies, written through the one write path
// and read from their projections. Both are few and read on every page decision, so they are kept in memory and
// dropped whenever a batch touched on-call ops (as services are).
import type { z } from 'zod';
import type {
  CreateSchedule, UpdateSchedule, CreateOverride, CreateEscalationPolicy, UpdateEscalationPolicy, Schedule, Override, EscalationPolicy,
} from '../../src-shared/schemas/oncall.ts';
import { KlaxonError } from '../../src-shared/schemas/errors.ts';
import { scheduleView, policyView, type ScheduleState, type PolicyState } from '../../src-shared/domain/oncall/fold.ts';
import { listScheduleRows, listPolicyRows, scheduleRow, policyRow } from '../store/oncall-rows.ts';
import type { Store } from '../store/database.ts';
import type { Clock } from '../clock.ts';
import type { Tx } from './tx.ts';
import * as oncall from './commands/oncall-commands.ts';
import { ensureLocalUser, localUserId, type LocalUserContext } from './commands/local-user.ts';
import type { Actor } from './types.ts';

export interface OnCallDeps {
  store: Store;
  clock: Clock;
  submit<T>(fn: () => T): Promise<T>;
  tx(): Tx;
  user: LocalUserContext;
}

/** What the engine holds of on-call, in memory until the next on-call op. */
export interface OnCallHeld {
  schedules: Map<string, ScheduleState>;
  policies: Map<string, PolicyState>;
}

export function createOnCallFacet(deps: OnCallDeps) {
  const { store, clock, submit, tx, user } = deps;
  let cache: OnCallHeld | null = null;
  const held = (): OnCallHeld => (cache ??= {
    schedules: new Map(listScheduleRows(store).map((s) => [s.id, s])),
    policies: new Map(listPolicyRows(store).map((p) => [p.id, p])),
  });

  const schedule = (id: string): ScheduleState => {
    const s = held().schedules.get(id);
    if (!s) throw new KlaxonError('NOT_FOUND', `Schedule ${id} not found`);
    return s;
  };
  const policy = (id: string): PolicyState => {
    const p = held().policies.get(id);
    if (!p) throw new KlaxonError('NOT_FOUND', `Escalation policy ${id} not found`);
    return p;
  };
  const getSchedule = (id: string): Schedule => scheduleView(schedule(id), clock.now());
  const getPolicy = (id: string): EscalationPolicy => policyView(policy(id));
  /** What a deletion answers: the schedule or policy as it was, read from its (tombstoned) row. */
  const deletedSchedule = (id: string): Schedule => scheduleView(scheduleRow(store, id)!, clock.now());
  const deletedPolicy = (id: string): EscalationPolicy => policyView(policyRow(store, id)!);

  return {
    held,
    schedule,
    forget: () => { cache = null; },
    methods: {
      localUserId: (): string | null => localUserId(store, user),
      ensureLocalUser: (): Promise<string> => submit(() => ensureLocalUser(tx(), user)),

      listSchedules: (): Schedule[] => [...held().schedules.values()].map((s) => scheduleView(s, clock.now())),
      getSchedule,
      createSchedule: (input: z.output<typeof CreateSchedule>, by: Actor): Promise<Schedule> =>
        submit(() => oncall.createSchedule(tx(), user, input, by)).then(getSchedule),
      updateSchedule: (id: string, patch: z.output<typeof UpdateSchedule>, by: Actor): Promise<Schedule> =>
        submit(() => oncall.updateSchedule(tx(), user, id, patch, by)).then(() => getSchedule(id)),
      deleteSchedule: (id: string, by: Actor): Promise<Schedule> =>
        submit(() => oncall.deleteSchedule(tx(), id, by)).then(() => deletedSchedule(id)),
      addOverride: (id: string, input: z.output<typeof CreateOverride>, by: Actor): Promise<Override> =>
        submit(() => oncall.addOverride(tx(), user, id, input, by)).then((oid) => schedule(id).overrides.find((o) => o.id === oid)!),
      removeOverride: (id: string, overrideId: string, by: Actor): Promise<Schedule> =>
        submit(() => oncall.removeOverride(tx(), id, overrideId, by)).then(() => getSchedule(id)),

      listPolicies: (): EscalationPolicy[] => [...held().policies.values()].map(policyView),
      getPolicy,
      createPolicy: (input: z.output<typeof CreateEscalationPolicy>, by: Actor): Promise<EscalationPolicy> =>
        submit(() => oncall.createPolicy(tx(), user, input, by)).then(getPolicy),
      updatePolicy: (id: string, patch: z.output<typeof UpdateEscalationPolicy>, by: Actor): Promise<EscalationPolicy> =>
        submit(() => oncall.updatePolicy(tx(), user, id, patch, by)).then(() => getPolicy(id)),
      deletePolicy: (id: string, by: Actor): Promise<EscalationPolicy> =>
        submit(() => oncall.deletePolicy(tx(), id, by)).then(() => deletedPolicy(id)),
    },
  };
}

export type OnCallMethods = ReturnType<typeof createOnCallFacet>['methods'];
