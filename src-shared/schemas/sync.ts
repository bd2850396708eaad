// The sync protocol's messages, as peers exchange them in frames (src-main/sync/transport/frame-codec.ts): JSON
// objects told apart by `t`. Every string, array and record is bounded, so that a hostile peer's message costs at
// most its frame: a version vector naming 100k devices is refused, not walked.
import { z } from 'zod';
import { OpEnvelope } from '../domain/ops.ts';

/** The protocol this build speaks. A peer saying another gets `refused{code:'old_protocol'}`. */
export const SYNC_PROTOCOL = 1;

export const SYNC_LIMITS = {
  /** Ops in one `ops` message (the frame's byte limit may cut a batch shorter). */
  opsPerMessage: 5000,
  /** Devices a version vector may name: far more than a team has ever had, far fewer than an attack needs. */
  vvEntries: 4096,
  /** Short names: ids, app, team. */
  idLength: 100,
  /** Human text: refusal messages, bye reasons. */
  textLength: 1000,
} as const;

/** `[a-z2-7]{16}`: the first 16 characters of base32(SHA-256(SPKI)), see store/device.ts. */
export const DeviceId = z.string().regex(/^[a-z2-7]{16}$/, 'not a device id');
const Id = z.string().min(1).max(SYNC_LIMITS.idLength);
const Text = z.string().max(SYNC_LIMITS.textLength);
const Base64url = (min: number, max: number) => z.string().min(min).max(max).regex(/^[A-Za-z0-9_-]+$/, 'not base64url');
const Seq = z.int().min(0);
const Proto = z.int().min(0);

/** `{deviceId → highest contiguous seq}`. Its size is checked before any entry is. */
export const VersionVector = z.custom<Record<string, number>>(
  (v) => typeof v === 'object' && v !== null && !Array.isArray(v) && Object.keys(v).length <= SYNC_LIMITS.vvEntries,
  `must be an object naming at most ${SYNC_LIMITS.vvEntries} devices`,
).pipe(z.record(DeviceId, Seq));
export type VersionVector = z.infer<typeof VersionVector>;

export const REFUSAL_CODES = [
  'wrong_team', 'not_member', 'revoked', 'bad_invite', 'invite_used', 'invite_expired', 'invite_revoked',
  'old_protocol', 'rate_limited', 'bad_frame', 'timeout', 'busy',
] as const;
export type RefusalCode = (typeof REFUSAL_CODES)[number];

/** A member's first message: who it is, for which team, and what it holds. */
export const Hello = z.object({
  t: z.literal('hello'), proto: Proto, app: Id, teamId: Id, deviceId: DeviceId, vv: VersionVector,
});

/**
 * A new device's first message. `proof` is 32 bytes (base64url) binding the enrolment secret to this TLS session
 * (its keying material exporter), so it proves the secret without sending it and cannot be replayed elsewhere.
 */
export const Join = z.object({
  t: z.literal('join'), proto: Proto, app: Id, teamId: Id, inviteId: Id,
  proof: Base64url(43, 43),
  deviceName: z.string().min(1).max(100),
  userName: z.string().min(1).max(100),
  /**
   * The person this device already is (a device in no team has one of its own, named by its schedules): the inviter
   * enrols the device as that person rather than a new one, unless the team knows the id already. Absent from older
   * joiners, and from a device that never needed a person.
   */
  person: z.object({ id: z.string().regex(/^usr_[0-9a-z]{1,95}$/, 'not a person id'), name: z.string().min(1).max(100) }).optional(),
});

/** The answer to a good `join`: the team, the inviter's device id, the joiner's new user id. */
export const Welcome = z.object({ t: z.literal('welcome'), teamId: Id, deviceId: DeviceId, userId: Id });

/** Why a peer is about to close the connection. */
export const Refused = z.object({ t: z.literal('refused'), code: z.enum(REFUSAL_CODES), message: Text });

/** One device's ops from seq `from` on, and that device's signed chain head. */
export const Ops = z.object({
  t: z.literal('ops'),
  device: DeviceId,
  from: z.int().min(1),
  ops: z.array(OpEnvelope).max(SYNC_LIMITS.opsPerMessage),
  head: z.object({
    seq: z.int().min(1),
    hash: z.string().regex(/^[0-9a-f]{64}$/, 'not a SHA-256 hex digest'),
    sig: Base64url(1, 256),
    publicKey: Base64url(1, 256),
  }),
});

/**
 * What the receiver holds of the batch's device after it. `problem`: the batch was not taken, and why, so that the
 * sender resends from `vv` (a gap), later (a device the receiver's roster does not know yet), or never (forged, fork).
 */
export const Ack = z.object({
  t: z.literal('ack'),
  vv: VersionVector,
  problem: z.object({ device: DeviceId, kind: z.enum(['gap', 'refused', 'forged', 'fork']), reason: Text }).optional(),
});
export const Ping = z.object({ t: z.literal('ping') });
export const Pong = z.object({ t: z.literal('pong') });
export const Bye = z.object({ t: z.literal('bye'), reason: Text });

export const SyncMessage = z.discriminatedUnion('t', [Hello, Join, Welcome, Refused, Ops, Ack, Ping, Pong, Bye]);
export type SyncMessage = z.infer<typeof SyncMessage>;
export type SyncMessageType = SyncMessage['t'];
export type SyncMessageOf<T extends SyncMessageType> = Extract<SyncMessage, { t: T }>;

export const SYNC_MESSAGE_TYPES: readonly SyncMessageType[] = ['hello', 'join', 'welcome', 'refused', 'ops', 'ack', 'ping', 'pong', 'bye'];

export type SyncMessageError = { code: 'unknown_type' | 'invalid'; message: string };
export type ParsedSyncMessage = { ok: true; message: SyncMessage } | { ok: false; error: SyncMessageError };

/** Validates a decoded frame. The error names the message type and the first few bad fields, for the log line. */
export function parseSyncMessage(obj: unknown): ParsedSyncMessage {
  const t = typeof obj === 'object' && obj !== null ? (obj as { t?: unknown }).t : undefined;
  if (typeof t !== 'string' || !(SYNC_MESSAGE_TYPES as readonly string[]).includes(t)) {
    const shown = typeof t === 'string' ? JSON.stringify(t.slice(0, 40)) : t === null || typeof t !== 'object' ? String(t) : 'an object';
    return { ok: false, error: { code: 'unknown_type', message: `unknown message type ${shown}` } };
  }
  const parsed = SyncMessage.safeParse(obj);
  if (parsed.success) return { ok: true, message: parsed.data };
  const issues = parsed.error.issues.slice(0, 3).map((i) => `${i.path.join('.') || '(message)'}: ${i.message}`);
  return { ok: false, error: { code: 'invalid', message: `invalid ${t} message: ${issues.join('; ')}` } };
}
