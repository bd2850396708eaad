// The on-call methods (schedules.*, policies.*, oncall.now, incidents.escalate) answered once, for both bridges and
// the HTTP API (src-main/http/routes/oncall.ts calls these too): the window and a curl get the same checks and words.
import type { KlaxonHandlers, ApiMethod, Caller } from '../src-shared/api.ts';
import { ShiftsQuery, OnCallQuery } from '../src-shared/schemas/oncall.ts';
import { KlaxonError } from '../src-shared/schemas/errors.ts';
import type { z } from 'zod';
import type { Engine } from './engine/types.ts';

type OnCallMethod = Extract<ApiMethod, `schedules.${string}` | `policies.${string}` | 'oncall.now' | 'incidents.escalate'>;
export type OnCallHandlers = Pick<KlaxonHandlers, OnCallMethod>;

/** A query the bridge takes as plain strings, checked by the same schema as the HTTP route's. */
function parsed<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const r = schema.safeParse(input);
  if (r.success) return r.data;
  const issue = r.error.issues[0]!;
  throw new KlaxonError('VALIDATION_FAILED', `${issue.path.join('.') || 'input'}: ${issue.message}`, issue.path.join('.') || undefined);
}

export function createOnCallHandlers(engine: Engine): OnCallHandlers {
  // Acts done in the window are the local user's, unless a browser session signed in with an API key made them.
  const actor = (caller: Caller | undefined) => caller?.actor ?? engine.localActor();
  return {
    'schedules.list': async () => engine.listSchedules(),
    'schedules.get': async ({ id }) => engine.getSchedule(id),
    'schedules.create': (input, caller) => engine.createSchedule(input, actor(caller)),
    'schedules.update': ({ id, patch }, caller) => engine.updateSchedule(id, patch, actor(caller)),
    'schedules.delete': ({ id }, caller) => engine.deleteSchedule(id, actor(caller)),
    'schedules.shifts': async ({ id, from, to }) => {
      const q = parsed(ShiftsQuery, { from, to });
      return engine.shifts(id, Date.parse(q.from), Date.parse(q.to));
    },
    'schedules.addOverride': ({ id, override }, caller) => engine.addOverride(id, override, actor(caller)),
    'schedules.removeOverride': ({ id, overrideId }, caller) => engine.removeOverride(id, overrideId, actor(caller)),
    'policies.list': async () => engine.listPolicies(),
    'policies.get': async ({ id }) => engine.getPolicy(id),
    'policies.create': (input, caller) => engine.createPolicy(input, actor(caller)),
    'policies.update': ({ id, patch }, caller) => engine.updatePolicy(id, patch, actor(caller)),
    'policies.delete': ({ id }, caller) => engine.deletePolicy(id, actor(caller)),
    'oncall.now': async (input) => {
      const q = parsed(OnCallQuery, input ?? {});
      return engine.onCallNow(q.at === undefined ? engine.clock.now() : Date.parse(q.at));
    },
    'incidents.escalate': ({ id }, caller) => engine.escalate(id, actor(caller)),
  };
}
