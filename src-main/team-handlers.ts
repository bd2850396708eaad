// The team's methods (team.*, users.*) answered once, for both bridges and the HTTP API: founding and joining a
// team, invites, revoking a device, a peer's address typed by hand, and people. They sit at the composition level
// because they drive sync (an invite names where sync listens; a join connects to the inviting device). Every
// refusal is a KlaxonError, so each face renders it in its own error shape.
import os from 'node:os';
import type { KlaxonHandlers, ApiMethod } from '../src-shared/api.ts';
import { KlaxonError } from '../src-shared/schemas/errors.ts';
import type { InviteInfo, TeamStatus, User } from '../src-shared/schemas/team.ts';
import type { RosterState } from '../src-shared/domain/roster.ts';
import type { Engine } from './engine/types.ts';
import type { Logger } from './log.ts';
import { silentLogger } from './log.ts';
import type { InviteRow } from './store/invites.ts';
import { addPeerAddress } from './store/sync-state.ts';
import { issueInvite } from './sync/issue-invite.ts';
import { joinTeam, JoinError } from './sync/join-client.ts';
import { InviteFormatError, decodeInvite } from './sync/invite.ts';
import { teamStatus } from './sync/team-status.ts';
import { joinAddress, reachableAddresses, type SyncManager } from './sync/manager.ts';

type TeamMethod = Extract<ApiMethod, `team.${string}` | `users.${string}`>;
export type TeamHandlers = Pick<KlaxonHandlers, TeamMethod>;

export interface TeamHandlerDeps {
  engine: Engine;
  /** The host's sync manager (created after the handlers; null when sync is off or the host does not run). */
  sync?: () => SyncManager | null;
  log?: Logger;
}

/** How long an invite waits for a team founded a moment ago to start listening, so that it names the real port. */
const LISTEN_WAIT_MS = 5000;

const thisMachine = (): string => os.hostname().slice(0, 100) || 'this device';

export function createTeamHandlers(deps: TeamHandlerDeps): TeamHandlers {
  const { engine } = deps;
  const log = deps.log ?? silentLogger;
  const sync = () => deps.sync?.() ?? null;

  const status = (): TeamStatus => {
    const s = sync();
    const at = s?.listening;
    return teamStatus(engine, { hostRunning: s !== null, listening: at ? joinAddress(at.host, at.port) : null });
  };

  const requireTeam = (): RosterState => {
    const roster = engine.roster();
    if (!roster.team) throw new KlaxonError('CONFLICT', 'This device is in no team: create one, or join one with an invite');
    return roster;
  };

  /** Where a running host listens for sync, waiting a moment for one whose team was just founded. */
  const listeningAddresses = async (): Promise<string[] | undefined> => {
    const s = sync();
    if (!s || !engine.roster().team) return undefined;
    const deadline = Date.now() + LISTEN_WAIT_MS;
    while (!s.listening && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
    return s.listening ? reachableAddresses(s.listening.host, s.listening.port) : undefined;
  };

  const enrolledIn = (teamId: string): boolean => {
    const roster = engine.roster();
    const me = roster.devices.get(engine.deviceId);
    return roster.team?.id === teamId && me !== undefined && me.revokedAt === null;
  };

  const inviteInfo = (row: InviteRow): InviteInfo => ({
    id: row.id,
    role: row.role === 'admin' ? 'admin' : 'member',
    createdAt: new Date(row.created_at).toISOString(),
    expiresAt: new Date(row.expires_at).toISOString(),
    state: row.revoked_at !== null ? 'revoked' : row.used_at !== null ? 'used' : engine.clock.now() >= row.expires_at ? 'expired' : 'open',
    usedBy: row.used_by,
  });

  const users = (): User[] => {
    const roster = engine.roster();
    const devices = [...roster.devices.values()];
    return [...roster.users.values()]
      .map((u) => ({ id: u.id, name: u.name, createdAt: u.createdAt, deviceIds: devices.filter((d) => d.userId === u.id).map((d) => d.deviceId) }))
      .sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
  };
  const userById = (id: string): User => {
    const user = users().find((u) => u.id === id);
    if (!user) throw new KlaxonError('INTERNAL', `User ${id} was written but is not in the roster`);
    return user;
  };

  return {
    'team.status': async () => status(),

    'team.create': async ({ name, deviceName }) => {
      await engine.createTeam({ name, deviceName: deviceName ?? thisMachine(), userName: engine.getSettings().userName });
      return status();
    },

    'team.invite': async ({ expiresInMinutes, admin, addresses }) => {
      const issued = await issueInvite(engine, {
        role: admin ? 'admin' : 'member', ttlMs: expiresInMinutes * 60_000, addresses: addresses ?? await listeningAddresses(),
      });
      return { invite: issued.invite, inviteId: issued.inviteId, role: admin ? 'admin' : 'member', expiresAt: issued.expiresAt, addresses: issued.addresses };
    },

    'team.invites': async () => engine.listInvites().map(inviteInfo),

    'team.revokeInvite': async ({ id }) => {
      const row = engine.listInvites().find((i) => i.id === id);
      if (!row) throw new KlaxonError('NOT_FOUND', `No invite ${id} on this device`);
      engine.revokeInvite(id);
      return inviteInfo(engine.listInvites().find((i) => i.id === id)!);
    },

    'team.join': async ({ invite, deviceName }) => {
      const current = engine.roster().team;
      if (current) throw new KlaxonError('CONFLICT', `This device is already in team ${current.name}; a device is in one team`);
      let teamId: string;
      try {
        teamId = decodeInvite(invite).team;
        await joinTeam({ engine, invite, deviceName: deviceName ?? thisMachine(), userName: engine.getSettings().userName, log });
      } catch (e) {
        if (e instanceof InviteFormatError) throw new KlaxonError('VALIDATION_FAILED', e.message, 'invite');
        // A running host's own sync dials the team the moment this device is on its roster, and the inviting device
        // keeps that connection and closes the join's: the join succeeded, and the host's sync carries on from there.
        if (e instanceof JoinError && !enrolledIn(teamId!)) throw new KlaxonError('INVITE_REFUSED', e.message, 'invite');
        if (!(e instanceof JoinError)) throw e;
      }
      return status();
    },

    'team.revokeDevice': async ({ id, reason }) => {
      requireTeam();
      await engine.revokeDevice(id, reason || null);
      return status();
    },

    'team.connect': async ({ address }) => {
      requireTeam();
      const s = sync();
      if (s) s.connectTo(address);
      else addPeerAddress(engine.store, address, 'manual', null, engine.clock.now());
      return { address, dialling: Boolean(s?.listening) };
    },

    'users.list': async () => users(),

    'users.create': async ({ name }) => userById(await engine.createUser(name)),

    // A device in no team has no person until something needs one: the window asks for it when "me" is wanted.
    'users.ensureSelf': async () => userById(await engine.ensureLocalUser()),
  };
}
