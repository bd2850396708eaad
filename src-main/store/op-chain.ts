// The hash chain of a device's ops, and the heads it signs. Each op's chain value is SHA-256 over the previous op's
// chain value (of the same device) and this op's fields; the device signs (seq, chain) with its Ed25519 key. Whoever
// holds a signed head can check every op up to it, whoever relayed them: a relay can pass ops on but never forge or
// alter one, and a device that reused a seq for a different op (a fork) shows as two chains for one seq.
import { createHash, createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import type { Op } from '../../src-shared/domain/ops.ts';
import { deviceIdOfPublicKey } from './device.ts';

/** The chain value before a device's first op. */
export const GENESIS = '';

/**
 * `dataText` is JSON.stringify(op.data): what the log stores and the wire carries. JSON.parse then JSON.stringify
 * gives back the same text, so every device computes the same value from the op it received.
 */
export function chainHash(prev: string, op: Pick<Op, 'id' | 'hlc' | 'type' | 'entity'>, dataText: string): string {
  return createHash('sha256').update(`${prev}\n${op.id}\n${op.hlc}\n${op.type}\n${op.entity}\n${dataText}`).digest('hex');
}

export interface SignedHead { seq: number; hash: string; sig: string; publicKey: string }

const headText = (deviceId: string, seq: number, hash: string) => `klaxon-head/1\n${deviceId}\n${seq}\n${hash}`;

const keyCache = new Map<string, KeyObject>();
function publicKeyObject(publicKey: string): KeyObject {
  let k = keyCache.get(publicKey);
  if (!k) {
    k = createPublicKey({ key: Buffer.from(publicKey, 'base64url'), format: 'der', type: 'spki' });
    if (keyCache.size > 1000) keyCache.clear();
    keyCache.set(publicKey, k);
  }
  return k;
}

/** This device's public key as base64url SPKI DER: what heads and the roster carry. */
export function publicKeyText(publicKeyPem: string): string {
  return createPublicKey(publicKeyPem).export({ type: 'spki', format: 'der' }).toString('base64url');
}

export function signHead(deviceId: string, privateKeyPem: string | KeyObject, publicKey: string, seq: number, hash: string): SignedHead {
  const key = typeof privateKeyPem === 'string' ? createPrivateKey(privateKeyPem) : privateKeyPem;
  const sig = sign(null, Buffer.from(headText(deviceId, seq, hash)), key).toString('base64url');
  return { seq, hash, sig, publicKey };
}

/**
 * Null if the head is the device's own signature over (seq, hash): its public key has the device's fingerprint and
 * the signature checks. Otherwise why not.
 */
export function headProblem(deviceId: string, head: SignedHead): string | null {
  let key: KeyObject;
  try {
    key = publicKeyObject(head.publicKey);
    if (deviceIdOfPublicKey(key.export({ type: 'spki', format: 'der' })) !== deviceId) return 'the head is signed by a key that is not this device\'s';
  } catch {
    return 'the head carries an unreadable public key';
  }
  try {
    return verify(null, Buffer.from(headText(deviceId, head.seq, head.hash)), key, Buffer.from(head.sig, 'base64url'))
      ? null : 'the head\'s signature does not verify';
  } catch {
    return 'the head\'s signature is malformed';
  }
}
