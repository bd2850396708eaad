// `klaxon team …`: found a team, invite a device, join with an invite, see the team's state, revoke a device, add a
// peer's address by hand. Each works on the data dir whether or not its `klaxon serve` runs; a running host picks
// the change up by itself (it watches the data dir for writes by other processes).
import os from 'node:os';
import type { Engine } from '../engine/types.ts';
import { issueInvite } from '../sync/issue-invite.ts';
import { joinTeam, JoinError } from '../sync/join-client.ts';
import { teamStatus, type TeamStatus } from '../sync/team-status.ts';
import { splitAddress } from '../sync/manager.ts';
import { addPeerAddress } from '../store/sync-state.ts';
import { readRuntimeInfo } from '../runtime-file.ts';
import { UsageError, parseDuration } from './args.ts';
import { displayText } from '../../src-shared/domain/display-text.ts';

type Out = (text: string) => void;

export interface TeamOptions {
  name?: string;
  expires?: string;
  admin: boolean;
  address?: string[];
  reason?: string;
  /** `team invite --person USER_ID`: the joining device is this person's. */
  person?: string;
  json: boolean;
}

export const TEAM_USAGE = `usage: klaxon team create --name NAME [--json]
       klaxon team invite [--expires 24h] [--admin] [--person USER_ID] [--address HOST:PORT]… [--json]
       klaxon team invites [--json] | klaxon team invites revoke INVITE_ID
       klaxon team join INVITE [--name DEVICE_NAME] [--json]
       klaxon team status [--json]
       klaxon team revoke DEVICE_ID [--reason TEXT] [--json]
       klaxon team connect HOST:PORT`;

export async function teamCommand(engine: Engine, sub: string | undefined, rest: string[], opts: TeamOptions, out: Out, warn: Out): Promise<void> {
  const print = (json: unknown, text: string) => out(opts.json ? JSON.stringify(json) : text);
  switch (sub) {
    case 'create': {
      if (!opts.name?.trim()) throw new UsageError('klaxon team create needs --name NAME');
      const { teamId } = await engine.createTeam({ name: opts.name.trim(), deviceName: os.hostname().slice(0, 100) || 'this device', userName: engine.getSettings().userName });
      return print({ teamId, deviceId: engine.deviceId }, `Created team "${opts.name.trim()}" (${teamId}); this device (${engine.deviceId}) is its first admin.\nInvite a teammate's device with \`klaxon team invite\`.`);
    }
    case 'invite': {
      const ttlMs = parseDuration(opts.expires ?? '24h', '--expires');
      for (const a of opts.address ?? []) if (!splitAddress(a)) throw new UsageError(`--address takes HOST:PORT (IPv6 as [::1]:8978), not "${a}"`);
      const issued = await issueInvite(engine, { role: opts.admin ? 'admin' : 'member', ttlMs, addresses: opts.address, userId: opts.person });
      if (!readRuntimeInfo(engine.dataDir)) warn('note: the joining device connects to this one: keep `klaxon serve` running here until it has joined');
      return print({ invite: issued.invite, expiresAt: issued.expiresAt, inviteId: issued.inviteId },
        `${issued.invite}\n\nOne use, ${opts.admin ? 'as an admin, ' : ''}until ${issued.expiresAt}, at ${issued.addresses.join(', ')}. On the other device: klaxon team join <that line>`);
    }
    case 'invites': {
      if (rest[0] === 'revoke') {
        const id = rest[1];
        if (!id) throw new UsageError('usage: klaxon team invites revoke INVITE_ID');
        if (!engine.revokeInvite(id)) throw new UsageError(`no open invite ${id} on this device`);
        return print({ revoked: id }, `Invite ${id} revoked.`);
      }
      const now = engine.clock.now();
      const list = engine.listInvites().map((i) => ({
        id: i.id, role: i.role, createdAt: new Date(i.created_at).toISOString(), expiresAt: new Date(i.expires_at).toISOString(),
        state: i.revoked_at ? 'revoked' : i.used_at ? `used by ${i.used_by}` : now >= i.expires_at ? 'expired' : 'open',
      }));
      return print({ invites: list }, list.length === 0 ? 'No invites.' : list.map((i) => `${i.id}  ${i.role.padEnd(6)}  ${i.state.padEnd(28)}  expires ${i.expiresAt}`).join('\n'));
    }
    case 'join': {
      const inviteText = rest.join('');
      if (!inviteText) throw new UsageError('usage: klaxon team join INVITE [--name DEVICE_NAME]');
      try {
        const r = await joinTeam({ engine, invite: inviteText, deviceName: opts.name?.trim() || os.hostname().slice(0, 100) || 'this device', userName: engine.getSettings().userName, log: quietLog(warn) });
        const team = engine.roster().team!;
        return print({ teamId: r.teamId, deviceId: r.deviceId }, `Joined team "${team.name}" (${r.teamId}) as device ${r.deviceId}; ${engine.listIncidents({ limit: 1 }).total} incidents here now.`);
      } catch (e) {
        if (e instanceof JoinError || (e as Error).name === 'InviteFormatError') throw new UsageError((e as Error).message);
        throw e;
      }
    }
    case 'status': {
      const runtime = readRuntimeInfo(engine.dataDir);
      const status = teamStatus(engine, { hostRunning: runtime !== null, listening: runtime?.sync ?? null });
      return print(status, describeStatus(status, runtime !== null));
    }
    case 'revoke': {
      const id = rest[0];
      if (!id) throw new UsageError('usage: klaxon team revoke DEVICE_ID');
      await engine.revokeDevice(id, opts.reason ?? null);
      return print({ revoked: id }, `Device ${id} is revoked: its connections close, and its ops from now on are refused by every device.`);
    }
    case 'connect': {
      const address = rest[0];
      if (!address || !splitAddress(address)) throw new UsageError('usage: klaxon team connect HOST:PORT (IPv6 as [::1]:8978)');
      addPeerAddress(engine.store, address, 'manual', null, engine.clock.now());
      return print({ added: address }, `Added ${address}; ${readRuntimeInfo(engine.dataDir) ? 'the running host dials it within seconds' : 'it is dialled when `klaxon serve` runs'}.`);
    }
    default:
      throw new UsageError(TEAM_USAGE);
  }
}

const quietLog = (warn: Out) => ({ info() {}, warn: (m: string) => { if (/refused|could not/i.test(m)) warn(m); }, error: (m: string) => warn(m) });

function describeStatus(s: TeamStatus, hostRunning: boolean): string {
  // Names and errors come from teammates (or a peer's refusal): shown neutralised, so none can fake a line.
  const t = (text: string) => displayText(text);
  if (!s.team) return `This device (${s.self.deviceId}) is in no team. Create one (klaxon team create --name NAME) or join one (klaxon team join INVITE).`;
  const lines = [`Team "${t(s.team.name)}" (${s.team.id})`, `This device: ${s.self.deviceId} ${t(s.self.name ?? '')} (${s.self.role ?? 'not enrolled'}), person ${t(s.self.userName ?? '?')}`,
    `Sync: ${hostRunning ? (s.listening ? `listening on ${s.listening}` : 'host running') : 'no `klaxon serve` running on this data dir: not syncing'}`, '', 'Devices:'];
  for (const d of s.devices) {
    const state = d.self ? 'this device' : d.revoked ? `REVOKED ${d.revokedAt}` : d.connected ? 'connected' : d.lastSeenAt ? `last seen ${d.lastSeenAt}` : 'never seen';
    const behind = d.behind === null ? '' : d.behind > 0 ? `, ${d.behind} ops behind` : ', up to date';
    lines.push(`  ${d.deviceId}  ${t(d.name)}  ${d.role}  ${t(d.userName ?? d.userId)}  ${state}${d.self ? '' : behind}${d.addresses.length ? `  [${t(d.addresses.join(', '))}]` : ''}${d.lastError && !d.connected && !d.self ? `\n      last error: ${t(d.lastError)}` : ''}`);
  }
  for (const f of s.forks) lines.push(`  FORK: device ${f.deviceId} signed two different ops for seq ${f.seq} (seen via ${f.via}); its later ops are refused`);
  return lines.join('\n');
}
