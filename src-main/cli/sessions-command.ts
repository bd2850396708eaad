// `klaxon sessions list|revoke`: the browser sessions signed in to this data dir's host (works while `serve` runs:
// a revoked session's requests are refused at once, and its open window is signed out within two seconds).
import type { BrowserSessions } from '../http/browser/sessions.ts';
import { UsageError } from './args.ts';
import { table } from './table.ts';

type Out = (text: string) => void;

export function sessionsCommand(sessions: BrowserSessions, sub: string | undefined, rest: string[], opts: { json: boolean }, out: Out): void {
  switch (sub) {
    case 'list': {
      const list = sessions.list();
      if (opts.json) return out(JSON.stringify(list));
      if (list.length === 0) return out('No browser sessions.');
      out(table([['ID', 'VIA', 'CREATED', 'LAST USED', 'IDLE-EXPIRES', 'EXPIRES'],
        ...list.map((s) => [s.id, s.keyName ? `${s.via} (${s.keyName})` : s.via, s.createdAt, s.lastUsedAt, s.idleExpiresAt, s.expiresAt])]));
      return;
    }
    case 'revoke': {
      const id = rest[0];
      if (!id) throw new UsageError('sessions revoke needs the session id (see `klaxon sessions list`)');
      const s = sessions.revoke(id);
      out(opts.json ? JSON.stringify(s) : `Revoked ${s.id} (${s.via}).`);
      return;
    }
    default:
      throw new UsageError('usage: klaxon sessions list [--json] | sessions revoke ID [--json]');
  }
}
