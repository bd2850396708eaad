// The person who uses this device. In a team, the roster says whose device it is. A device in no team has one person
// of its own, created the first time it is needed (a schedule, a policy or an override made here, or the window's
// On-call page opened: `users.ensureSelf`) and remembered in meta, so that this device can be put on call like anyone.
// Reads never create it.
import type { RosterState } from '../../../src-shared/domain/roster.ts';
import { newId } from '../../../src-shared/domain/ids.ts';
import { getMeta, setMeta } from '../../store/meta.ts';
import type { Store } from '../../store/database.ts';
import type { Tx } from '../tx.ts';

export const SELF_USER_META = 'self_user_id';

export interface LocalUserContext {
  deviceId: string;
  roster(): RosterState;
  /** The name from this device's settings, for the person created on first need. */
  userName(): string;
}

/** This device's person if it has one yet: the roster's in a team, else the one of its own. */
export function localUserId(store: Store, ctx: Pick<LocalUserContext, 'deviceId' | 'roster'>): string | null {
  return ctx.roster().devices.get(ctx.deviceId)?.userId ?? getMeta(store, SELF_USER_META) ?? null;
}

/** This device's person, created now (one `user.created` op, in the caller's transaction) if it has none yet. */
export function ensureLocalUser(tx: Tx, ctx: LocalUserContext): string {
  const known = localUserId(tx.store, ctx);
  if (known) return known;
  const id = newId('usr', tx.nowMs);
  tx.emit('user.created', id, { name: ctx.userName(), by: `device:${ctx.deviceId}` });
  setMeta(tx.store, SELF_USER_META, id);
  return id;
}
