// The schedules and escalation policies projections: one JSON document per row (they are few and always read
// whole), with the name and the tombstone beside it.
import type { ScheduleState, PolicyState } from '../../src-shared/domain/oncall/fold.ts';
import type { Store } from './database.ts';
import type { OnCallDocTable } from './schema.ts';

type Table = 'schedules' | 'escalation_policies';

function write(store: Store, table: Table, doc: ScheduleState | PolicyState): void {
  const row: OnCallDocTable = { id: doc.id, name: doc.name, doc: JSON.stringify(doc), deleted: doc.deleted ? 1 : 0, last_hlc: doc.lastHlc };
  const { id: _id, ...rest } = row;
  store.run(store.q.insertInto(table).values(row).onConflict((oc) => oc.column('id').doUpdateSet(rest)));
}

const read = <T>(r: OnCallDocTable): T => JSON.parse(r.doc) as T;

export const writeSchedule = (store: Store, s: ScheduleState): void => write(store, 'schedules', s);
export const writePolicy = (store: Store, p: PolicyState): void => write(store, 'escalation_policies', p);

/** Schedules not deleted, by name. */
export const listScheduleRows = (store: Store): ScheduleState[] =>
  store.all(store.q.selectFrom('schedules').selectAll().where('deleted', '=', 0).orderBy('name').orderBy('id')).map((r) => read<ScheduleState>(r));

/** Escalation policies not deleted, by name. */
export const listPolicyRows = (store: Store): PolicyState[] =>
  store.all(store.q.selectFrom('escalation_policies').selectAll().where('deleted', '=', 0).orderBy('name').orderBy('id')).map((r) => read<PolicyState>(r));

/** One schedule, deleted or not (null: never held here). */
export function scheduleRow(store: Store, id: string): ScheduleState | null {
  const r = store.get(store.q.selectFrom('schedules').selectAll().where('id', '=', id));
  return r ? read<ScheduleState>(r) : null;
}

export function policyRow(store: Store, id: string): PolicyState | null {
  const r = store.get(store.q.selectFrom('escalation_policies').selectAll().where('id', '=', id));
  return r ? read<PolicyState>(r) : null;
}
