// The joining side: connect to the device that issued the invite (its certificate must be the invite's), prove the
// secret bound to this TLS session, and, once enrolled, sync until this device holds the team and the inviter holds
// this device's ops (a device that had incidents of its own before joining brings them into the team). Works whether
// or not this device's own host is running: it writes through an engine like any other command, and a running host
// notices the new team by itself.
import type { Engine } from '../engine/types.ts';
import type { Logger } from '../log.ts';
import { deviceCertificate } from './identity.ts';
import { connectToPeer, PeerIdentityError } from './transport/tls-client.ts';
import type { PeerConnection, InboundMessage } from './transport/connection.ts';
import { decodeInvite, joinProof, secretHash, JOIN_EXPORTER_LABEL, type Invite } from './invite.ts';
import { SyncSession } from './session.ts';
import { helloFrom, refuseHello, SYNC_PROTOCOL_VERSION } from './handshake.ts';
import { splitAddress } from './manager.ts';
import { addPeerAddress, recordPeerState } from '../store/sync-state.ts';
import { founderOfTeam } from '../../src-shared/domain/roster.ts';
import { KLAXON_VERSION } from '../version.ts';

export class JoinError extends Error {}

export interface JoinOptions {
  engine: Engine;
  invite: string;
  deviceName: string;
  userName: string;
  log: Logger;
  /** How long to wait for the whole join (connect, enrol, first sync). */
  timeoutMs?: number;
}

const REFUSALS: Record<string, string> = {
  bad_invite: 'The invite was refused: it is mistyped, for another team, or not from that device',
  wrong_team: 'The invite was refused: that device is not in the invite\'s team any more',
  invite_used: 'The invite was refused: it was used already (ask for a new one)',
  invite_expired: 'The invite was refused: it has expired (ask for a new one)',
  invite_revoked: 'The invite was refused: it was revoked (ask for a new one)',
  revoked: 'The invite was refused: this device was revoked from that team',
  rate_limited: 'The inviting device is refusing connections for a moment (too many attempts); try again in a minute',
};

export async function joinTeam(opts: JoinOptions): Promise<{ teamId: string; deviceId: string; userId: string }> {
  const { engine, log } = opts;
  const invite = decodeInvite(opts.invite);
  const current = engine.roster().team;
  if (current) throw new JoinError(current.id === invite.team ? `This device is already in team ${current.name}` : `This device is already in team ${current.name}; a device is in one team`);
  const cert = await deviceCertificate(engine.store);
  const founder = founderOfTeam(invite.team);
  if (!founder) throw new JoinError('This invite names a team id this version cannot read');
  // The person this device already is (its schedules name it) asks to stay that person in the team.
  const own = engine.localUserId();
  const person = own ? { id: own, name: engine.roster().users.get(own)?.name ?? opts.userName } : undefined;
  await engine.joiningTeam(invite.team);

  const failures: string[] = [];
  for (const address of invite.addresses) {
    const where = splitAddress(address);
    if (!where) continue;
    let conn: PeerConnection;
    try {
      conn = await connectToPeer({ ...where, identity: cert, expectDeviceId: invite.device, log, timeoutMs: 10_000 });
    } catch (e) {
      failures.push(`${address}: ${e instanceof PeerIdentityError ? `not the inviting device (${e.message})` : (e as Error).message}`);
      continue;
    }
    if (conn.peerCertificateFingerprint !== invite.cert) {
      conn.close('not the invite\'s certificate');
      failures.push(`${address}: the device there presents another certificate than the invite names`);
      continue;
    }
    try {
      return await joinOver(conn, address, invite, founder, person, opts);
    } finally {
      conn.close('joined');
    }
  }
  throw new JoinError(`Could not reach the inviting device (is its \`klaxon serve\` running, and its sync port open?): ${failures.join('; ')}`);
}

function joinOver(conn: PeerConnection, address: string, invite: Invite, founder: string, person: { id: string; name: string } | undefined, opts: JoinOptions): Promise<{ teamId: string; deviceId: string; userId: string }> {
  const { engine, log } = opts;
  return new Promise((resolve, reject) => {
    let session: SyncSession | null = null;
    let userId = '';
    let serverVv: Record<string, number> = {};
    let done = false;
    const timer = setTimeout(() => finish(new JoinError(`The join did not finish within ${(opts.timeoutMs ?? 120_000) / 1000} s`)), opts.timeoutMs ?? 120_000);
    const finish = (err: Error | null) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      clearInterval(check);
      session?.close();
      if (err) reject(err);
      else resolve({ teamId: invite.team, deviceId: engine.deviceId, userId });
    };
    // Caught up: this device holds what the inviter held when it said hello, the roster names this device, and the
    // inviter holds this device's ops.
    const caughtUp = () => {
      if (!session) return false;
      const vv = engine.versionVector();
      const roster = engine.roster();
      return roster.team?.id === invite.team && roster.devices.has(engine.deviceId)
        && Object.entries(serverVv).every(([d, s]) => (vv[d] ?? 0) >= s) && session.peerIsCaughtUp();
    };
    // Checked often; the retransmit tick keeps the manager's pace (a batch not acknowledged within 50 ms is not lost).
    let sinceTick = 0;
    const check = setInterval(() => {
      if ((sinceTick += 50) >= 5000) { sinceTick = 0; session?.tick(); }
      if (caughtUp()) {
        addPeerAddress(engine.store, address, 'invite', invite.device, Date.now());
        recordPeerState(engine.store, invite.device, { last_seen_at: Date.now(), address, vv: JSON.stringify(session!.peerVersionVector) });
        finish(null);
      }
    }, 50);
    conn.onClose((reason) => {
      // This device's own running host dials the team as soon as the roster names it, and the inviting device keeps
      // one connection per device: the join is done, and the host's sync carries on from there.
      const roster = engine.roster();
      if (roster.team?.id === invite.team && roster.devices.has(engine.deviceId)) {
        addPeerAddress(engine.store, address, 'invite', invite.device, Date.now());
        finish(null);
      } else finish(new JoinError(`The inviting device closed the connection: ${reason}`));
    });
    conn.onMessage(async (msg: InboundMessage) => {
      if (session) return session.receive(msg);
      if (msg.t === 'refused') return finish(new JoinError(REFUSALS[msg.code] ?? `The invite was refused: ${msg.message}`));
      if (msg.t === 'welcome') {
        userId = msg.userId;
        log.info(`sync: enrolled in team ${invite.team} by device ${msg.deviceId}; fetching the team's incidents`);
        if (person && userId !== person.id) {
          // The invite named a person, or the team already knew this one (or the inviter is older than this version).
          log.warn(`sync: the team enrolled this device as person ${userId}, not as its own ${person.id} (${person.name}): schedules made here that name ${person.id} should name ${userId} instead`);
        }
        return conn.send(helloFrom(engine, invite.team));
      }
      if (msg.t === 'hello') {
        const refusal = refuseHello(engine, msg, conn.peerDeviceId, { teamId: invite.team, deviceId: invite.device });
        if (refusal) return finish(new JoinError(`The inviting device is not what the invite says: ${refusal.message}`));
        serverVv = msg.vv;
        session = new SyncSession({
          engine, log, peerVv: msg.vv, trustFounder: founder,
          channel: { peerDeviceId: conn.peerDeviceId, label: `device ${conn.peerDeviceId} (${address})`, send: (m) => conn.send(m), close: (r) => conn.close(r) },
        });
        session.pump();
      }
    });
    const exporter = conn.exportKeyingMaterial(32, JOIN_EXPORTER_LABEL);
    void conn.send({
      t: 'join', proto: SYNC_PROTOCOL_VERSION, app: `klaxon/${KLAXON_VERSION}`, teamId: invite.team, inviteId: invite.id,
      proof: joinProof(secretHash(invite.secret), exporter, engine.deviceId, invite.id), deviceName: opts.deviceName, userName: opts.userName,
      ...(person ? { person } : {}),
    }).catch((e: unknown) => finish(new JoinError(`Could not talk to the inviting device: ${(e as Error).message}`)));
  });
}
