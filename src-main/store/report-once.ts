// A damaged row is read again on every listing and every timeline: say so in the log once per process, not each time.
import type { Store } from './database.ts';

const reported = new WeakMap<Store, Set<string>>();

export function reportOnce(store: Store, key: string, message: string): void {
  let seen = reported.get(store);
  if (!seen) reported.set(store, seen = new Set());
  if (seen.has(key)) return;
  seen.add(key);
  store.log.error(message);
}
