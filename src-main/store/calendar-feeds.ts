// Calendar feed tokens (device-local, never replicated): the token in a feed's URL is its only credential, because
// calendar apps cannot send headers. Only its SHA-256 is kept, so a copy of the database subscribes nobody; the URL
// is shown when it is made and never again (as an API key is). Rotating revokes every earlier URL of that feed.
import { createHash, randomBytes } from 'node:crypto';
import type { Store } from './database.ts';

export type CalendarFeedKind = 'schedule' | 'user';

const sha256 = (token: string) => createHash('sha256').update(token).digest('hex');
/** Tokens are 32 random bytes: guessing one is hopeless, so a fast hash is enough. */
const TOKEN_BYTES = 32;

/**
 * A new token for the feed, returned once and kept only hashed; every earlier one of it is revoked. Without `rotate`,
 * a feed that has a live token keeps it, and the answer says since when (its URL cannot be shown again).
 */
export function issueCalendarFeed(
  store: Store, kind: CalendarFeedKind, targetId: string, nowMs: number, rotate: boolean,
): { token: string; createdAt: number } | { liveSince: number } {
  const live = store.get(store.q.selectFrom('calendar_feeds').select('created_at').where('kind', '=', kind)
    .where('target_id', '=', targetId).where('revoked_at', 'is', null).orderBy('created_at', 'desc'));
  if (live && !rotate) return { liveSince: live.created_at };
  store.run(store.q.updateTable('calendar_feeds').set({ revoked_at: nowMs })
    .where('kind', '=', kind).where('target_id', '=', targetId).where('revoked_at', 'is', null));
  const token = randomBytes(TOKEN_BYTES).toString('base64url');
  store.run(store.q.insertInto('calendar_feeds').values({ token_hash: sha256(token), kind, target_id: targetId, created_at: nowMs, revoked_at: null }));
  return { token, createdAt: nowMs };
}

/** Whether `token` opens this feed now: known, not revoked, and made for this very schedule or person. */
export function calendarFeedOpens(store: Store, kind: CalendarFeedKind, targetId: string, token: string): boolean {
  if (token.length === 0 || token.length > 200) return false;
  const row = store.get(store.q.selectFrom('calendar_feeds').select(['kind', 'target_id', 'revoked_at']).where('token_hash', '=', sha256(token)));
  return row !== undefined && row.revoked_at === null && row.kind === kind && row.target_id === targetId;
}
