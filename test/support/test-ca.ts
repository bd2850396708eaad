// A throwaway certificate authority for HTTPS tests: a CA and a leaf for 127.0.0.1 / localhost that expires when the
// test says (3 days from now, already expired…), made with @peculiar/x509 as the device certificates are.
import 'reflect-metadata';
import { webcrypto } from 'node:crypto';

const DAY = 86_400_000;
const alg = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };

export interface TestCa { caPem: string; leaf(notAfterMs: number, notBeforeMs?: number): Promise<{ certPem: string; keyPem: string }> }

const pem = (label: string, der: ArrayBuffer) =>
  `-----BEGIN ${label}-----\n${Buffer.from(der).toString('base64').replace(/.{64}/g, '$&\n')}\n-----END ${label}-----\n`;

export async function makeTestCa(): Promise<TestCa> {
  const x509 = await import('@peculiar/x509');
  const crypto = webcrypto as unknown as Crypto;
  const caKeys = await crypto.subtle.generateKey(alg, true, ['sign', 'verify']);
  const ca = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: '01', name: 'CN=Klaxon Test CA', notBefore: new Date(Date.now() - DAY), notAfter: new Date(Date.now() + 365 * DAY),
    signingAlgorithm: alg, keys: caKeys,
    extensions: [new x509.BasicConstraintsExtension(true, undefined, true), new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign, true)],
  }, crypto);
  let serial = 2;
  return {
    caPem: ca.toString('pem'),
    async leaf(notAfterMs, notBeforeMs = Date.now() - DAY) {
      const keys = await crypto.subtle.generateKey(alg, true, ['sign', 'verify']);
      const cert = await x509.X509CertificateGenerator.create({
        serialNumber: (serial++).toString(16).padStart(2, '0'), subject: 'CN=127.0.0.1', issuer: ca.subject,
        notBefore: new Date(notBeforeMs), notAfter: new Date(notAfterMs), signingAlgorithm: alg,
        publicKey: keys.publicKey, signingKey: caKeys.privateKey,
        extensions: [
          new x509.BasicConstraintsExtension(false, undefined, true),
          new x509.SubjectAlternativeNameExtension([{ type: 'ip', value: '127.0.0.1' }, { type: 'dns', value: 'localhost' }]),
        ],
      }, crypto);
      return { certPem: cert.toString('pem'), keyPem: pem('PRIVATE KEY', await crypto.subtle.exportKey('pkcs8', keys.privateKey)) };
    },
  };
}
