// One-click unsubscribe links. Every notice must carry one, and any device of the team may send a notice (the one
// that wrote the update), so a random token kept hashed cannot work: the sender would need the token itself. The
// link instead carries the subscriber id signed with the sending device's own key (Ed25519, the key its ops are
// signed with), and any device checks it against the team roster. Nothing secret about it is stored anywhere, and
// no one without a device's private key can make one.
import { createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';

const message = (subscriberId: string) => Buffer.from(`klaxon-unsubscribe:${subscriberId}`);

export interface Signer { deviceId: string; privateKey: KeyObject }

export const signerOf = (identity: { deviceId: string; privateKeyPem: string }): Signer =>
  ({ deviceId: identity.deviceId, privateKey: createPrivateKey(identity.privateKeyPem) });

/** `<subscriberId>.<deviceId>.<signature>`: URL-safe as it is. */
export function unsubscribeToken(signer: Signer, subscriberId: string): string {
  return `${subscriberId}.${signer.deviceId}.${sign(null, message(subscriberId), signer.privateKey).toString('base64url')}`;
}

/**
 * The subscriber a token names, if a device the team knows (`publicKeyOf`: its SPKI, base64url) signed it; else null.
 * A revoked device's signature still counts: the mails it sent before stay unsubscribable.
 */
export function verifyUnsubscribeToken(token: string, publicKeyOf: (deviceId: string) => string | null): string | null {
  const parts = token.split('.');
  if (parts.length !== 3) return null;
  const [subscriberId, deviceId, sig] = parts as [string, string, string];
  const spki = publicKeyOf(deviceId);
  if (!spki || !/^[A-Za-z0-9_-]{86}$/.test(sig)) return null;
  try {
    const key = createPublicKey({ key: Buffer.from(spki, 'base64url'), format: 'der', type: 'spki' });
    return verify(null, message(subscriberId), key, Buffer.from(sig, 'base64url')) ? subscriberId : null;
  } catch {
    return null;
  }
}
