// The inviting side of a join: a device that is not on the roster yet presents an invite id and a proof that it
// holds the invite's secret, bound to this very TLS session. If the invite is good (this device issued it, unused,
// unexpired, unrevoked) it is spent and the device enrolled, in one transaction; then the joiner says hello.
import type { Engine } from '../engine/types.ts';
import type { Logger } from '../log.ts';
import type { PeerConnection } from './transport/connection.ts';
import { JOIN_EXPORTER_LABEL, joinProof, proofMatches } from './invite.ts';
import type { JoinMessage, WelcomeMessage, RefusedMessage } from './messages.ts';
import { SYNC_PROTOCOL_VERSION } from './handshake.ts';

export type JoinOutcome = { ok: true; welcome: WelcomeMessage } | { ok: false; code: RefusedMessage['code']; message: string };

const SAYINGS: Record<string, string> = {
  bad_invite: 'This invite is not valid here (mistyped, for another team, or not issued by this device)',
  invite_used: 'This invite was used already; ask for a new one',
  invite_expired: 'This invite has expired; ask for a new one',
  invite_revoked: 'This invite was revoked; ask for a new one',
  revoked: 'This device was revoked from the team',
};

export async function acceptJoin(engine: Engine, conn: PeerConnection, msg: JoinMessage, log: Logger): Promise<JoinOutcome> {
  const team = engine.roster().team;
  if (msg.proto !== SYNC_PROTOCOL_VERSION) return { ok: false, code: 'old_protocol', message: `this device speaks sync protocol ${SYNC_PROTOCOL_VERSION}, not ${msg.proto}` };
  if (!team || msg.teamId !== team.id) return { ok: false, code: 'wrong_team', message: SAYINGS.bad_invite! };
  const exporter = conn.exportKeyingMaterial(32, JOIN_EXPORTER_LABEL);
  const joiner = conn.peerDeviceId;
  try {
    const publicKey = conn.peerPublicKey;
    if (!publicKey) return { ok: false, code: 'bad_frame', message: 'could not read the joining device\'s key' };
    // The person the joiner says it already is is taken at its word: it is only a person id, which the joiner chose
    // for itself while in no team (its schedules name it), and the proof above is what admits the device at all. What
    // it cannot do is become someone else: an id the team already knows (another member's, with their devices, or a
    // person a teammate added) is not handed over, and the joiner is enrolled as a new person instead.
    const { userId } = await engine.enrolWithInvite({
      inviteId: msg.inviteId,
      proves: (hash) => proofMatches(joinProof(hash, exporter, joiner, msg.inviteId), msg.proof),
      deviceId: joiner, publicKey, deviceName: msg.deviceName, userName: msg.userName,
      person: msg.person,
    });
    log.info(`sync: device ${joiner} (${msg.deviceName}) joined team ${team.name} with invite ${msg.inviteId}`);
    return { ok: true, welcome: { t: 'welcome', teamId: team.id, deviceId: engine.deviceId, userId } };
  } catch (e) {
    const why = (e as Error).message;
    const code = (Object.hasOwn(SAYINGS, why) ? why : 'bad_invite') as RefusedMessage['code'];
    log.warn(`sync: refused a join from device ${joiner} at ${conn.remoteAddress} with invite ${msg.inviteId}: ${why}`);
    return { ok: false, code, message: SAYINGS[code] ?? why };
  }
}
