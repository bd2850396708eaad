// A status page subscriber's fold and who gets a notice: the same ops in any order give the same subscriber; an
// unsubscription wins over a confirmation whichever came first; an address subscribed twice (two devices apart) is
// mailed once; a one-click unsubscribe link is good only as its device signed it.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { foldSubscriber, recipients, type SubscriberState } from '../../src-shared/domain/subscribers/fold.ts';
import { noticeMail } from '../../src-shared/domain/subscribers/mail.ts';
import { encodeHlc } from '../../src-shared/domain/hlc.ts';
import type { Op } from '../../src-shared/domain/ops.ts';
import { signerOf, unsubscribeToken, verifyUnsubscribeToken } from '../../src-main/status/unsubscribe-token.ts';

const at = (s: number) => encodeHlc({ wall: Date.parse('2026-11-30T10:00:00Z') + s * 1000, counter: 0 });
const op = (entity: string, dev: string, seq: number, s: number, type: string, data: unknown): Op => ({ id: `${dev}:${seq}`, hlc: at(s), type, entity, data });
const created = (entity: string, emailHash: string, s = 0) => op(entity, 'a', s + 1, s, 'subscriber.created', {
  pageId: 'sp_1', kind: 'email', email: 'ana@example.com', emailHash, confirmHash: 'c', url: null, secret: null, by: 'system',
});

describe('subscriber fold', () => {
  it('is pending until confirmed, and the same whatever order its ops arrive in', () => {
    const ops = [created('sub_1', 'h'), op('sub_1', 'b', 1, 5, 'subscriber.confirmed', { by: 'system' })];
    assert.equal(foldSubscriber(ops.slice(0, 1))!.state, 'pending');
    const s = foldSubscriber(ops)!;
    assert.deepEqual(foldSubscriber([...ops].reverse()), s);
    assert.equal(s.state, 'confirmed');
    assert.equal(s.confirmedAt, '2026-11-30T10:00:05.000Z');
  });

  it('an unsubscription wins over a confirmation, in either order', () => {
    const confirm = op('sub_1', 'b', 1, 9, 'subscriber.confirmed', { by: 'system' });
    const leave = op('sub_1', 'c', 1, 5, 'subscriber.unsubscribed', { reason: 'unsubscribed', by: 'system' });
    for (const ops of [[created('sub_1', 'h'), confirm, leave], [leave, confirm, created('sub_1', 'h')]]) {
      assert.equal(foldSubscriber(ops)!.state, 'unsubscribed');
    }
  });

  it('mails an address once, and only while confirmed', () => {
    const confirmed = (id: string, hash: string): SubscriberState => foldSubscriber([created(id, hash), op(id, 'b', 1, 5, 'subscriber.confirmed', { by: 'system' })])!;
    const pending = foldSubscriber([created('sub_3', 'other')])!;
    assert.deepEqual(recipients([confirmed('sub_1', 'h'), confirmed('sub_2', 'h'), pending]).map((s) => s.id), ['sub_1']);
  });
});

describe('one-click unsubscribe links', () => {
  const keys = generateKeyPairSync('ed25519');
  const spki = keys.publicKey.export({ type: 'spki', format: 'der' }).toString('base64url');
  const signer = signerOf({ deviceId: 'deva', privateKeyPem: keys.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() });
  const known = (id: string) => (id === 'deva' ? spki : null);

  it('names the subscriber when a known device signed it, and nothing when altered', () => {
    const token = unsubscribeToken(signer, 'sub_1');
    assert.equal(verifyUnsubscribeToken(token, known), 'sub_1');
    assert.equal(verifyUnsubscribeToken(token.replace('sub_1', 'sub_2'), known), null, 'another subscriber');
    assert.equal(verifyUnsubscribeToken(token.replace('deva', 'devb'), known), null, 'an unknown device');
    // A character inside the signature (the last one's low bits are base64 padding, which decoding ignores).
    const at = token.length - 10;
    assert.equal(verifyUnsubscribeToken(`${token.slice(0, at)}${token[at] === 'A' ? 'B' : 'A'}${token.slice(at + 1)}`, known), null, 'another signature');
    assert.equal(verifyUnsubscribeToken('sub_1', known), null);
  });

  it('goes in every notice as RFC 8058 asks, and a title cannot add a header', () => {
    const mail = noticeMail({
      page: { id: 'sp_1', slug: 's', name: 'Acme', publicUrl: 'https://status.example.com/status/s' },
      incident: { id: 'p1', title: 'Down\r\nBcc: victim@example.com', progress: 'investigating', impact: 'major' }, message: null, at: '2026-11-30T10:00:00.000Z',
    }, 'tok');
    assert.equal(mail.headers['List-Unsubscribe'], '<https://status.example.com/status/s/unsubscribe/tok>');
    assert.equal(mail.headers['List-Unsubscribe-Post'], 'List-Unsubscribe=One-Click');
    assert.equal(mail.subject, '[Acme] Down Bcc: victim@example.com: Investigating');
  });
});
