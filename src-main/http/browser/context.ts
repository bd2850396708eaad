// What the bridge's routes share: the sign-in store and how to tell whether a request is signed in.
import type { FastifyRequest } from 'fastify';
import type { KlaxonHandlers } from '../../../src-shared/api.ts';
import type { HostInfo } from '../../../src-shared/schemas/settings.ts';
import type { Engine } from '../../engine/types.ts';
import type { Logger } from '../../log.ts';
import type { ApiKeyInfo } from '../../../src-shared/schemas/admin.ts';
import type { BridgeAuthStore, BridgeSession } from './auth-store.ts';
import { readCookie, SESSION_COOKIE } from './guards.ts';

/** A live session, with the API key it was opened with (null for a `klaxon open` link: this machine's user). */
export interface SignedIn extends BridgeSession { key: ApiKeyInfo | null }

export interface BridgeContext {
  auth: BridgeAuthStore;
  engine: Engine;
  handlers: KlaxonHandlers;
  log: Logger;
  hostInfo: () => HostInfo;
  rendererDir: string | undefined;
  /** The request's session, or null when it has none (or it expired, or its API key was revoked since). */
  sessionOf(req: FastifyRequest): SignedIn | null;
}

export function sessionResolver(auth: BridgeAuthStore, engine: Engine) {
  return (req: FastifyRequest): SignedIn | null => {
    const id = readCookie(req.headers.cookie, SESSION_COOKIE);
    if (!id) return null;
    const session = auth.findSession(id, Date.now());
    if (!session) return null;
    if (session.via.startsWith('key:')) {
      // A session opened with an API key ends when that key is revoked.
      const keyId = session.via.slice(4);
      const key = engine.listKeys().find((k) => k.id === keyId);
      if (!key || key.revokedAt !== null) return null;
      return { ...session, key };
    }
    return { ...session, key: null };
  };
}
