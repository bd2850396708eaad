// Browser sessions as the rest of Klaxon sees them: whom a request's two secrets sign in, whether a session is still
// live, and the list an admin reads and revokes from. The one place that says a session is live: not past its
// expiry, not idle too long, and — for a session opened with an API key — that key not revoked. The bridge's routes,
// its change stream, the admin API, the window's Settings and `klaxon sessions` all ask here.
import { KlaxonError } from '../../../src-shared/schemas/errors.ts';
import type { BrowserSession } from '../../../src-shared/schemas/sessions.ts';
import type { ApiKeyInfo } from '../../../src-shared/schemas/admin.ts';
import type { Engine } from '../../engine/types.ts';
import type { BridgeAuthStore, OpenedSession, SessionRecord } from './auth-store.ts';
import { keyActor } from '../auth.ts';

export interface LiveSession extends SessionRecord {
  /** The API key it was opened with; null for a `klaxon open` link (this machine's user). */
  key: ApiKeyInfo | null;
}

export interface BrowserSessions {
  /** Login tokens and the raw session rows (for `klaxon open`). */
  readonly store: BridgeAuthStore;
  /** Signs a tab in, as this machine's user (`key` null) or as an API key. See BridgeAuthStore.createSession. */
  open(key: ApiKeyInfo | null, browserSecret?: string): OpenedSession;
  /** The live session of a request's cookie and tab secret, recording its use; null if there is none. */
  authenticate(browserSecret: string, tabSecret: string): LiveSession | null;
  /** Whether this cookie goes with some live session (enough to be served the window's code, never its data). */
  browserSignedIn(browserSecret: string): boolean;
  /** Ids of the sessions live now, for the change stream to close the others. */
  liveIds(): Set<string>;
  list(currentId?: string | null): BrowserSession[];
  /** Ends a live session; NOT_FOUND if there is none with that id. */
  revoke(id: string): BrowserSession;
  /** Called with a session's id when it is revoked in this process (signed out, or from Settings / the API). */
  onRevoked(listener: (id: string) => void): () => void;
}

/** Who a session's actions are recorded as: its API key, or (null) this machine's user. */
export const sessionActor = (s: LiveSession): string | null => (s.key ? keyActor(s.key) : null);

const KEY_VIA = 'key:';
export const viaKey = (key: ApiKeyInfo) => `${KEY_VIA}${key.id}`;

export function createBrowserSessions(deps: { store: BridgeAuthStore; engine: Pick<Engine, 'clock' | 'listKeys'> }): BrowserSessions {
  const { store, engine } = deps;
  const revokedListeners = new Set<(id: string) => void>();
  const now = () => engine.clock.now();

  /** The session with its key, or null when it was opened with a key that is revoked (or gone) since. */
  const withKey = (record: SessionRecord, keys: () => ApiKeyInfo[]): LiveSession | null => {
    if (!record.via.startsWith(KEY_VIA)) return { ...record, key: null };
    const keyId = record.via.slice(KEY_VIA.length);
    const key = keys().find((k) => k.id === keyId);
    return key && key.revokedAt === null ? { ...record, key } : null;
  };
  const live = (): LiveSession[] => {
    let keys: ApiKeyInfo[] | undefined;
    const listKeys = () => (keys ??= engine.listKeys());
    return store.liveSessions(now()).map((r) => withKey(r, listKeys)).filter((s): s is LiveSession => s !== null);
  };
  const view = (s: LiveSession, currentId: string | null | undefined): BrowserSession => ({
    id: s.id,
    via: s.via,
    keyName: s.key?.name ?? null,
    createdAt: new Date(s.createdAt).toISOString(),
    lastUsedAt: new Date(s.lastUsedAt).toISOString(),
    idleExpiresAt: new Date(s.endsAt).toISOString(),
    expiresAt: new Date(s.expiresAt).toISOString(),
    current: s.id === currentId,
  });

  return {
    store,
    open: (key, browserSecret) => store.createSession(key ? viaKey(key) : 'login', now(), browserSecret),
    authenticate(browserSecret, tabSecret) {
      const at = now();
      const record = store.findSession(browserSecret, tabSecret, at);
      const session = record && withKey(record, () => engine.listKeys());
      if (session) store.touch(session, at);
      return session;
    },
    browserSignedIn: (browserSecret) => store.browserHasSession(browserSecret, now()),
    liveIds: () => new Set(live().map((s) => s.id)),
    list: (currentId) => live().map((s) => view(s, currentId)),
    revoke(id) {
      const session = live().find((s) => s.id === id);
      if (!session) throw new KlaxonError('NOT_FOUND', `No live session ${id}`, 'id');
      store.deleteSession(id);
      for (const listener of revokedListeners) listener(id);
      return view(session, null);
    },
    onRevoked(listener) {
      revokedListeners.add(listener);
      return () => { revokedListeners.delete(listener); };
    },
  };
}
