// Checks a presented API key: the hash of its secret against the keys with its visible prefix, in constant time;
// a revoked key never authenticates. Records when a key was last used, at most once a minute per key and never at
// the price of a request (an advisory write skipped when another process holds the write lock).
import { timingSafeEqual } from 'node:crypto';
import type { Store } from '../store/database.ts';
import { keyRowsByPrefix, recordKeyUse, toKeyInfo } from '../store/admin-rows.ts';
import { hashKey, KEY_PREFIX_LENGTH } from './commands/admin-commands.ts';
import type { AuthenticatedKey } from './types.ts';

/** How often a key's last-used time is written at most: a hot monitor must not turn every request into a write. */
const KEY_USE_RESOLUTION_MS = 60_000;

export function keyAuthenticator(store: Store, now: () => number, writesRefused: () => boolean): (secret: string) => AuthenticatedKey | null {
  const lastKeyUse = new Map<string, number>();
  return (secret) => {
    if (typeof secret !== 'string' || !secret.startsWith('klx_') || secret.length > 200) return null;
    const presented = Buffer.from(hashKey(secret), 'hex');
    const match = keyRowsByPrefix(store, secret.slice(0, KEY_PREFIX_LENGTH))
      .find((r) => timingSafeEqual(Buffer.from(r.hash, 'hex'), presented));
    if (!match || match.revoked_at) return null;
    const at = now();
    if (at - (lastKeyUse.get(match.id) ?? 0) >= KEY_USE_RESOLUTION_MS && !writesRefused()) {
      lastKeyUse.set(match.id, at);
      const iso = new Date(at).toISOString();
      try {
        store.db.pragma('busy_timeout = 0');
        recordKeyUse(store, match.id, iso);
        match.last_used_at = iso;
      } catch (e) {
        if (!/SQLITE_BUSY|database is locked/i.test(String((e as { code?: string }).code ?? (e as Error).message))) throw e;
        lastKeyUse.delete(match.id);
      } finally {
        store.db.pragma('busy_timeout = 5000');
      }
    }
    return { key: toKeyInfo(match) };
  };
}
