// Invites as people pass them around: one line of text holding the team id, the invite's id and one-time secret,
// the inviter's device id (which is its key's fingerprint) and certificate fingerprint, and where it listens. The
// secret is proved inside the TLS session (an HMAC over the session's exporter), never sent, and useless once used.
import { createHash, createHmac, timingSafeEqual, X509Certificate } from 'node:crypto';
import { z } from 'zod';

const PREFIX = 'klaxon-invite:';

export const Invite = z.object({
  v: z.literal(1),
  team: z.string().min(1).max(100),
  id: z.string().min(1).max(100),
  secret: z.string().regex(/^[A-Za-z0-9_-]{43}$/),
  device: z.string().regex(/^[a-z2-7]{16}$/),
  /** SHA-256 of the inviter's certificate (DER), hex: what its TLS certificate must be. */
  cert: z.string().regex(/^[0-9a-f]{64}$/),
  addresses: z.array(z.string().max(300)).min(1).max(32),
});
export type Invite = z.infer<typeof Invite>;

export const encodeInvite = (i: Invite): string => PREFIX + Buffer.from(JSON.stringify(i)).toString('base64url');

export class InviteFormatError extends Error {}

/** Reads an invite as pasted (surrounding spaces and line breaks are forgiven). */
export function decodeInvite(text: string): Invite {
  const t = text.replace(/\s+/g, '');
  if (!t.startsWith(PREFIX)) throw new InviteFormatError(`That is not a Klaxon invite (it should start with "${PREFIX}")`);
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(t.slice(PREFIX.length), 'base64url').toString('utf8'));
  } catch {
    throw new InviteFormatError('This invite is damaged (copy it again, whole)');
  }
  const parsed = Invite.safeParse(json);
  if (!parsed.success) throw new InviteFormatError('This invite is damaged or from another version of Klaxon (copy it again, whole)');
  return parsed.data;
}

export const certificateFingerprint = (certPem: string): string => createHash('sha256').update(new X509Certificate(certPem).raw).digest('hex');

/** What the invite's device keeps of the secret: its SHA-256. The proof is keyed by it. */
export const secretHash = (secret: string): string => createHash('sha256').update(secret).digest('hex');

export const JOIN_EXPORTER_LABEL = 'EXPORTER-klaxon-join';

/** The joiner's proof: HMAC(SHA-256(secret), exporter ‖ joiner's device id ‖ invite id), base64url. */
export function joinProof(secretHashHex: string, exporter: Buffer, joinerDeviceId: string, inviteId: string): string {
  return createHmac('sha256', Buffer.from(secretHashHex, 'hex')).update(exporter).update(`\n${joinerDeviceId}\n${inviteId}`).digest('base64url');
}

export function proofMatches(expected: string, presented: string): boolean {
  const a = Buffer.from(expected), b = Buffer.from(presented);
  return a.length === b.length && timingSafeEqual(a, b);
}
