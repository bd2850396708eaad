// A device's certificate: made once for the key the store already holds, kept across restarts, named by the
// device id, and the device id read back from any certificate is its key's fingerprint — never its CN.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { X509Certificate, createHash, generateKeyPairSync, sign, verify } from 'node:crypto';
import { openStore } from '../../src-main/store/database.ts';
import { loadOrCreateDevice } from '../../src-main/store/device.ts';
import { getMeta, setMeta } from '../../src-main/store/meta.ts';
import { deviceCertificate, deviceIdOfCertificate, deviceIdOfPublicKey, makeDeviceCertificate, publicKeyOf } from '../../src-main/sync/identity.ts';
import { tempDir } from '../support/temp-dir.ts';

describe('device identity', () => {
  it('a self-signed certificate for the device key: CN and fingerprint are the device id, valid from 2000 to 9999', async (t) => {
    const dir = tempDir(t);
    const store = openStore(dir, 'normal');
    const device = loadOrCreateDevice(store);
    const { deviceId, certPem, keyPem } = await deviceCertificate(store);
    store.close();

    assert.equal(deviceId, device.deviceId);
    assert.equal(keyPem, device.privateKeyPem);
    const cert = new X509Certificate(certPem);
    assert.equal(cert.subject, `CN=${deviceId}`);
    assert.equal(cert.issuer, cert.subject);
    assert.ok(cert.verify(cert.publicKey), 'self-signed by the device key');
    assert.equal(cert.publicKey.export({ type: 'spki', format: 'pem' }), device.publicKeyPem);
    assert.equal(cert.ca, false);
    assert.equal(new Date(cert.validFrom).getUTCFullYear(), 2000);
    assert.equal(new Date(cert.validTo).getUTCFullYear(), 9999);
    assert.equal(deviceIdOfCertificate(cert), deviceId);
    assert.equal(deviceIdOfCertificate(certPem), deviceId);
    assert.equal(deviceIdOfCertificate(cert.raw), deviceId);
  });

  it('is made once and kept in meta `device_cert`: a reopened store gives the same certificate', async (t) => {
    const dir = tempDir(t);
    let store = openStore(dir, 'normal');
    const first = await deviceCertificate(store);
    assert.equal(getMeta(store, 'device_cert'), first.certPem);
    store.close();
    store = openStore(dir, 'normal');
    assert.deepEqual(await deviceCertificate(store), first);
    store.close();
  });

  it('a cached certificate for another key is replaced, not presented', async (t) => {
    const dir = tempDir(t);
    const store = openStore(dir, 'normal');
    const otherStore = openStore(tempDir(t), 'normal');
    const other = loadOrCreateDevice(otherStore);
    otherStore.close();
    setMeta(store, 'device_cert', await makeDeviceCertificate(other));
    const mine = await deviceCertificate(store);
    assert.equal(deviceIdOfCertificate(mine.certPem), loadOrCreateDevice(store).deviceId);
    store.close();
  });

  it('the device id is the fingerprint of the key, whatever the CN claims', async () => {
    const { publicKey, privateKey } = generateKeyPairSync('ed25519');
    const spki = publicKey.export({ type: 'spki', format: 'der' });
    const realId = deviceIdOfPublicKey(spki);
    assert.match(realId, /^[a-z2-7]{16}$/);
    // base32 of SHA-256(SPKI), first 16 characters, written out once here as the spec.
    const digest = createHash('sha256').update(spki).digest();
    let bits = '';
    for (const b of digest) bits += b.toString(2).padStart(8, '0');
    const spec = Array.from({ length: 16 }, (_, i) => 'abcdefghijklmnopqrstuvwxyz234567'[parseInt(bits.slice(i * 5, i * 5 + 5), 2)]).join('');
    assert.equal(realId, spec);

    const liar = await makeDeviceCertificate({
      deviceId: 'aaaaaaaaaaaaaaaa',
      publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
      privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    });
    assert.equal(new X509Certificate(liar).subject, 'CN=aaaaaaaaaaaaaaaa');
    assert.equal(deviceIdOfCertificate(liar), realId);
  });

  it('a certificate whose key is not Ed25519 names no device', async () => {
    await import('reflect-metadata');
    const x509 = await import('@peculiar/x509');
    const alg = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
    const keys = await crypto.subtle.generateKey(alg, true, ['sign', 'verify']);
    const ecdsa = await x509.X509CertificateGenerator.createSelfSigned({ serialNumber: '01', name: 'CN=abcdefghijklmnop', keys, signingAlgorithm: alg }, crypto);
    assert.throws(() => deviceIdOfCertificate(ecdsa.toString('pem')), /not a device certificate: its key is ec, not Ed25519/);
    assert.throws(() => deviceIdOfCertificate(Buffer.from('not a certificate')));
  });

  it('publicKeyOf verifies what the device key signed', (t) => {
    const store = openStore(tempDir(t), 'normal');
    const device = loadOrCreateDevice(store);
    store.close();
    const signature = sign(null, Buffer.from('head'), device.privateKeyPem);
    assert.ok(verify(null, Buffer.from('head'), publicKeyOf(device), signature));
  });
});
