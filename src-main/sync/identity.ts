// Device certificates: each device's Ed25519 key pair (store/device.ts) wrapped in a self-signed X.509 v3
// certificate, so that peers can present it in mutual TLS. Trust never comes from a signature chain or from dates:
// a peer is the device its key's fingerprint (the device id) names — TLS 1.3 makes it prove it holds that key —
// and it is admitted by the team roster. So the certificate is self-signed and valid from 2000 to 9999 (RFC 5280's
// "no well-defined expiration date"): a laptop whose clock is wrong still connects, and nothing expires on a team.
// @peculiar/x509 (loaded lazily, below) needs the Reflect metadata API for its dependency injection (tsyringe).
import 'reflect-metadata';
import { X509Certificate, createPublicKey, randomBytes, type KeyObject } from 'node:crypto';
import type { Store } from '../store/database.ts';
import { getMeta, setMeta } from '../store/meta.ts';
import { deviceIdOfPublicKey, loadOrCreateDevice, type DeviceIdentity } from '../store/device.ts';

export { deviceIdOfPublicKey };

/** What TLS needs to present this device: its id, its certificate and its private key (PEM). */
export interface DeviceCertificate { deviceId: string; certPem: string; keyPem: string }

const CERT_META_KEY = 'device_cert';
const NOT_BEFORE = new Date('2000-01-01T00:00:00Z');
const NOT_AFTER = new Date('9999-12-31T23:59:59Z');

/** This device's certificate: made once for its existing key, then kept in meta `device_cert`. */
export async function deviceCertificate(store: Store): Promise<DeviceCertificate> {
  const identity = loadOrCreateDevice(store);
  const cached = getMeta(store, CERT_META_KEY);
  if (cached !== undefined && certificateMatches(cached, identity)) {
    return { deviceId: identity.deviceId, certPem: cached, keyPem: identity.privateKeyPem };
  }
  const certPem = await makeDeviceCertificate(identity);
  setMeta(store, CERT_META_KEY, certPem);
  return { deviceId: identity.deviceId, certPem, keyPem: identity.privateKeyPem };
}

/** A new self-signed certificate for the identity's key, CN = its device id. */
export async function makeDeviceCertificate(identity: DeviceIdentity): Promise<string> {
  const x509 = await import('@peculiar/x509');
  const { subtle } = globalThis.crypto;
  const algorithm = { name: 'Ed25519' };
  const publicKey = await subtle.importKey('spki', pemBody(identity.publicKeyPem), algorithm, true, ['verify']);
  const privateKey = await subtle.importKey('pkcs8', pemBody(identity.privateKeyPem), algorithm, false, ['sign']);
  const serial = randomBytes(16);
  serial[0]! &= 0x7f; // a positive INTEGER, as RFC 5280 asks
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serial.toString('hex'),
    name: `CN=${identity.deviceId}`,
    notBefore: NOT_BEFORE,
    notAfter: NOT_AFTER,
    signingAlgorithm: algorithm,
    keys: { publicKey, privateKey },
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
    ],
  }, globalThis.crypto);
  return cert.toString('pem');
}

/**
 * The device id a certificate speaks for: the fingerprint of its public key, never its CN (anyone can write any
 * CN). Throws for a certificate whose key is not Ed25519: device keys are.
 */
export function deviceIdOfCertificate(cert: X509Certificate | Uint8Array | string): string {
  const parsed = cert instanceof X509Certificate ? cert : new X509Certificate(cert);
  const key = parsed.publicKey;
  if (key.asymmetricKeyType !== 'ed25519') throw new Error(`not a device certificate: its key is ${key.asymmetricKeyType ?? 'unknown'}, not Ed25519`);
  return deviceIdOfPublicKey(key.export({ type: 'spki', format: 'der' }));
}

/** The device's public key, for verifying what it signed. */
export function publicKeyOf(identity: Pick<DeviceIdentity, 'publicKeyPem'>): KeyObject {
  return createPublicKey(identity.publicKeyPem);
}

function certificateMatches(certPem: string, identity: DeviceIdentity): boolean {
  try {
    return deviceIdOfCertificate(certPem) === identity.deviceId;
  } catch {
    return false;
  }
}

function pemBody(pem: string): Uint8Array<ArrayBuffer> {
  const der = Buffer.from(pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, ''), 'base64');
  return new Uint8Array(der);
}
