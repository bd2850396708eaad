// Device-local key/value facts (identity, settings). Not replicated.
import type { Store } from './database.ts';

export function getMeta(store: Store, key: string): string | undefined {
  return store.get(store.q.selectFrom('meta').select('value').where('key', '=', key))?.value;
}

export function setMeta(store: Store, key: string, value: string): void {
  store.run(store.q.insertInto('meta').values({ key, value }).onConflict((oc) => oc.column('key').doUpdateSet({ value })));
}
