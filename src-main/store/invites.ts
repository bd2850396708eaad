// Invites this device issued. Device-local: the joiner connects to the device that invited it, and only that device
// checks the secret, so the secret's hash never needs to leave it. An invite is used once, expires, and can be revoked.
import type { Store } from './database.ts';
import type { InvitesTable } from './schema.ts';

export type InviteRow = InvitesTable;
export type InviteProblem = 'bad_invite' | 'invite_used' | 'invite_expired' | 'invite_revoked';

export function insertInvite(store: Store, row: Omit<InviteRow, 'used_at' | 'used_by' | 'revoked_at'>): void {
  // user_id: the person chosen by the inviter, if any
  store.run(store.q.insertInto('invites').values({ ...row, used_at: null, used_by: null, revoked_at: null }));
}

export const inviteRow = (store: Store, id: string): InviteRow | undefined =>
  store.get(store.q.selectFrom('invites').selectAll().where('id', '=', id));

export const listInvites = (store: Store): InviteRow[] =>
  store.all(store.q.selectFrom('invites').selectAll().orderBy('created_at', 'desc'));

/** Why this invite cannot be used now, or null if it can. */
export function inviteProblem(row: InviteRow | undefined, nowMs: number): InviteProblem | null {
  if (!row) return 'bad_invite';
  if (row.revoked_at !== null) return 'invite_revoked';
  if (row.used_at !== null) return 'invite_used';
  if (nowMs >= row.expires_at) return 'invite_expired';
  return null;
}

export function markInviteUsed(store: Store, id: string, deviceId: string, nowMs: number): void {
  store.run(store.q.updateTable('invites').set({ used_at: nowMs, used_by: deviceId }).where('id', '=', id).where('used_at', 'is', null));
}

export function revokeInvite(store: Store, id: string, nowMs: number): boolean {
  return store.run(store.q.updateTable('invites').set({ revoked_at: nowMs }).where('id', '=', id).where('revoked_at', 'is', null)).changes > 0;
}
