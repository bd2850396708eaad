// This device's identity: an Ed25519 key pair made on first run, and a device id derived from the public key's
// fingerprint (SHA-256 of its SPKI). Sync authenticates peers by it; op ids are `<deviceId>:<seq>`.
import { generateKeyPairSync, createHash } from 'node:crypto';
import type { Store } from './database.ts';
import { getMeta, setMeta } from './meta.ts';

const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';

function base32(bytes: Uint8Array): string {
  let bits = 0, value = 0, out = '';
  for (const b of bytes) {
    value = (value << 8) | b; bits += 8;
    while (bits >= 5) { out += BASE32[(value >>> (bits - 5)) & 31]; bits -= 5; }
  }
  return out;
}

/**
 * The device id of an Ed25519 public key: the first 16 characters of base32(SHA-256(SPKI DER)). The one rule for
 * it: the store names its own device with it, and sync (src-main/sync/identity.ts) names peers by their TLS
 * certificate's key with it. It lives here because the store may not import sync.
 */
export function deviceIdOfPublicKey(spkiDer: Uint8Array): string {
  return base32(createHash('sha256').update(spkiDer).digest()).slice(0, 16);
}

export interface DeviceIdentity { deviceId: string; publicKeyPem: string; privateKeyPem: string }

export function loadOrCreateDevice(store: Store): DeviceIdentity {
  const existing = getMeta(store, 'device');
  if (existing) return JSON.parse(existing) as DeviceIdentity;
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const deviceId = deviceIdOfPublicKey(publicKey.export({ type: 'spki', format: 'der' }));
  const identity: DeviceIdentity = {
    deviceId,
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  };
  setMeta(store, 'device', JSON.stringify(identity));
  return identity;
}
