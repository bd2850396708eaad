// The roster fold: who is in the team, with which role, and whose ops count — the same verdict on every device from
// the same ops, whatever order they came in.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { foldRoster, deviceEntity, countsInFolds } from '../../src-shared/domain/roster.ts';
import { encodeHlc } from '../../src-shared/domain/hlc.ts';
import type { Op } from '../../src-shared/domain/ops.ts';

const [F, A, B, C] = ['ffffffffffffffff', 'aaaaaaaaaaaaaaaa', 'bbbbbbbbbbbbbbbb', 'cccccccccccccccc'];
let wall = 1_000_000;
const op = (author: string, seq: number, type: string, entity: string, data: Record<string, unknown>): Op =>
  ({ id: `${author}:${seq}`, hlc: encodeHlc({ wall: wall++, counter: 0 }), type, entity, data: { by: `device:${author}`, ...data } });
const founded = () => [
  op(F, 1, 'user.created', 'usr_f', { name: 'Fay' }),
  op(F, 2, 'team.created', `team_${F}-x1`, { name: 'Ops', founder: { deviceId: F, publicKey: 'k', name: 'f', userId: 'usr_f' } }),
];
const enrol = (by: string, seq: number, who: string, role: 'admin' | 'member') =>
  op(by, seq, 'device.enrolled', deviceEntity(who), { deviceId: who, publicKey: `k${who}`, name: who.slice(0, 1), userId: 'usr_f', role });

test('the founder is the first admin; only admins enrol; a second team.created changes nothing', () => {
  const r = foldRoster([...founded(), enrol(F, 3, A, 'member'), enrol(A, 1, B, 'member'),
    op(A, 2, 'team.created', `team_${A}-y1`, { name: 'Other', founder: { deviceId: A, publicKey: 'k', name: 'a', userId: 'usr_f' } })]);
  assert.equal(r.team?.id, `team_${F}-x1`);
  assert.equal(r.devices.get(F)?.role, 'admin');
  assert.equal(r.devices.get(A)?.role, 'member');
  assert.equal(r.devices.has(B), false, 'a member cannot enrol');
});

test('a member cannot take the team over with a backdated founding, in its own name or another\'s', () => {
  const base = [...founded(), enrol(F, 3, A, 'member')];
  const rival = { ...op(A, 1, 'team.created', `team_${A}-zz`, { name: 'Mine', founder: { deviceId: A, publicKey: 'k', name: 'a', userId: 'usr_f' } }), hlc: encodeHlc({ wall: 1, counter: 0 }) };
  const forged = { ...op(A, 2, 'team.created', `team_${F}-x1`, { name: 'Forged', founder: { deviceId: F, publicKey: 'k', name: 'f', userId: 'usr_f' } }), hlc: encodeHlc({ wall: 2, counter: 0 }) };
  const pinned = foldRoster([...base, rival, forged], `team_${F}-x1`);
  assert.equal(pinned.team?.name, 'Ops');
  assert.equal(pinned.devices.get(F)?.role, 'admin');
  // Even unpinned (a device that knows no team yet), a founding counts only from the device its id names.
  assert.notEqual(foldRoster([...base, forged]).team?.name, 'Forged');
});

test('a revocation reaches back by seq: what the revoked device did concurrently (demoting its revoker) counts for nothing', () => {
  const base = [...founded(), enrol(F, 3, A, 'admin')];
  // A revokes F having seen F's ops up to 3; concurrently F demoted A (F's seq 4, earlier by HLC).
  const demote = op(F, 4, 'device.role_changed', deviceEntity(A), { role: 'member' });
  const revoke = op(A, 1, 'device.revoked', deviceEntity(F), { upToSeq: 3, reason: null });
  for (const ops of [[...base, demote, revoke], [...base, revoke], [revoke, demote, ...base]]) {
    const r = foldRoster(ops);
    assert.ok(r.devices.get(F)?.revokedAt, 'the founder is revoked');
    assert.equal(r.devices.get(A)?.role, 'admin', 'the demotion by the revoked device did not count');
    assert.equal(countsInFolds(r, F, 4), false);
    assert.equal(countsInFolds(r, F, 3), true);
  }
});

test('two admins who revoke each other at once both stay', () => {
  const base = [...founded(), enrol(F, 3, A, 'admin')];
  const r = foldRoster([...base, op(F, 4, 'device.revoked', deviceEntity(A), { upToSeq: 0, reason: null }), op(A, 1, 'device.revoked', deviceEntity(F), { upToSeq: 3, reason: null })]);
  assert.equal(r.devices.get(F)?.revokedAt, null);
  assert.equal(r.devices.get(A)?.revokedAt, null);
});

test('any order, with duplicates, folds to the same roster', () => {
  const base = [...founded(), enrol(F, 3, A, 'admin'), enrol(A, 1, B, 'member'), enrol(F, 4, C, 'member'),
    op(B, 1, 'device.changed', deviceEntity(B), { fields: { name: 'laptop', addresses: ['10.0.0.2:8978'] } }),
    op(A, 2, 'device.revoked', deviceEntity(C), { upToSeq: 0, reason: 'lost' }),
    op(C, 1, 'device.role_changed', deviceEntity(A), { role: 'member' }),
    op(F, 5, 'user.changed', 'usr_f', { fields: { name: 'Fay F.' } })];
  const expected = JSON.stringify([...foldRoster(base).devices.entries()]);
  fc.assert(fc.property(fc.shuffledSubarray(base, { minLength: base.length, maxLength: base.length }), fc.array(fc.constantFrom(...base), { maxLength: 5 }),
    (shuffled, dupes) => JSON.stringify([...foldRoster([...shuffled, ...dupes]).devices.entries()]) === expected));
});
