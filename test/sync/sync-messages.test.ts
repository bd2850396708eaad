// The protocol's messages as the schema admits them: every type of the protocol parses, bounds hold (a version
// vector naming 100k devices is refused, not walked), and whatever object a peer sends, parseSyncMessage answers
// with a typed message or a typed error, never an exception.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseSyncMessage, SYNC_PROTOCOL, SYNC_LIMITS, type SyncMessage } from '../../src-shared/schemas/sync.ts';

const dev = 'abcdefghijklmnop';
const head = { seq: 2, hash: 'a'.repeat(64), sig: 'c2ln', publicKey: 'cHVi' };
const op = (seq: number) => ({ id: `${dev}:${seq}`, hlc: '001767225600000.000000', type: 'incident.note_added', entity: 'inc_x', data: { text: 'hi', by: 'system' } });

const valid: SyncMessage[] = [
  { t: 'hello', proto: SYNC_PROTOCOL, app: 'klaxon 0.1.0', teamId: 'team_1', deviceId: dev, vv: { [dev]: 3, bcdefghijklmnopq: 0 } },
  { t: 'join', proto: SYNC_PROTOCOL, app: 'klaxon', teamId: 'team_1', inviteId: 'inv_1', proof: 'A'.repeat(43), deviceName: 'laptop', userName: 'Ada' },
  { t: 'welcome', teamId: 'team_1', deviceId: dev, userId: 'usr_1' },
  { t: 'refused', code: 'revoked', message: 'this device was revoked' },
  { t: 'ops', device: dev, from: 1, ops: [op(1), op(2)], head },
  { t: 'ack', vv: { [dev]: 2 } },
  { t: 'ping' }, { t: 'pong' }, { t: 'bye', reason: 'quitting' },
  // A joiner that is a person already (its schedules name it) says which.
  { t: 'join', proto: SYNC_PROTOCOL, app: 'klaxon', teamId: 'team_1', inviteId: 'inv_2', proof: 'B'.repeat(43), deviceName: 'laptop', userName: 'Ada', person: { id: 'usr_0mk2x4a1bq3z9c8d7e6f', name: 'Ada L.' } },
];

describe('sync messages', () => {
  it('every message type of the protocol parses as written', () => {
    for (const m of valid) assert.deepEqual(parseSyncMessage(m), { ok: true, message: m });
  });

  it('an unknown type is named in the error', () => {
    assert.deepEqual(parseSyncMessage({ t: 'steal_keys' }), { ok: false, error: { code: 'unknown_type', message: 'unknown message type "steal_keys"' } });
    assert.equal(parseSyncMessage({ t: 'toString' }).ok, false);
    assert.equal(parseSyncMessage({ t: '__proto__' }).ok, false);
  });

  it('bounds: oversized vectors, batches and strings are refused naming the field', () => {
    const bigVv: Record<string, number> = {};
    for (let i = 0; i < 100_000; i++) bigVv[`a${String(i).padStart(15, '0')}`.slice(0, 16)] = i;
    const refused = (m: unknown, field: RegExp) => {
      const r = parseSyncMessage(m);
      assert.equal(r.ok, false, JSON.stringify(m).slice(0, 100));
      if (!r.ok) { assert.equal(r.error.code, 'invalid'); assert.match(r.error.message, field); }
    };
    refused({ t: 'ack', vv: bigVv }, /vv: .*at most 4096 devices/);
    refused({ t: 'ack', vv: { 'not a device': 1 } }, /vv/);
    refused({ t: 'ack', vv: { [dev]: -1 } }, /vv/);
    refused({ t: 'ack', vv: { [dev]: 1.5 } }, /vv/);
    refused({ t: 'ack', vv: [] }, /vv/);
    refused({ ...valid[4], ops: Array.from({ length: SYNC_LIMITS.opsPerMessage + 1 }, (_, i) => op(i + 1)) }, /^invalid ops message: ops/);
    refused({ ...valid[4], head: { ...head, hash: 'xyz' } }, /head\.hash/);
    refused({ ...valid[4], ops: [{ ...op(1), id: 'no-seq' }] }, /ops\.0\.id/);
    refused({ ...valid[4], from: 0 }, /from/);
    refused({ ...valid[1], proof: 'A'.repeat(44) }, /proof/);
    refused({ ...valid[1], proof: '+'.repeat(43) }, /proof/);
    refused({ ...valid[1], deviceName: '' }, /deviceName/);
    refused({ ...valid[1], userName: 'x'.repeat(101) }, /userName/);
    refused({ ...valid[1], person: { id: 'dev_abcdefghijklmnop', name: 'Ada' } }, /person\.id: not a person id/);
    refused({ ...valid[1], person: { id: `usr_${'a'.repeat(96)}`, name: 'Ada' } }, /person\.id/);
    refused({ ...valid[1], person: { id: 'usr_1', name: '' } }, /person\.name/);
    refused({ ...valid[0], teamId: 'x'.repeat(SYNC_LIMITS.idLength + 1) }, /teamId/);
    refused({ ...valid[0], proto: '1' }, /proto/);
    refused({ ...valid[3], code: 'because' }, /code/);
    refused({ t: 'bye', reason: 'x'.repeat(SYNC_LIMITS.textLength + 1) }, /reason/);
  });

  it('an old or future protocol number still parses, so the peer can be told `old_protocol`', () => {
    assert.equal(parseSyncMessage({ ...valid[0], proto: 0 }).ok, true);
    assert.equal(parseSyncMessage({ ...valid[0], proto: 99 }).ok, true);
  });

  it('fuzz: any JSON object gives a typed message or a typed error, never an exception', () => {
    const types = fc.constantFrom('hello', 'join', 'welcome', 'refused', 'ops', 'ack', 'ping', 'pong', 'bye', 'other');
    const fuzzed = fc.oneof(
      fc.anything(),
      fc.record({ t: types }).chain((base) => fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 4 })).map((rest) => ({ ...rest, ...base }))),
      fc.constantFrom(...valid).chain((m) => fc.tuple(fc.constantFrom(...Object.keys(m)), fc.jsonValue({ maxDepth: 3 })).map(([k, v]) => ({ ...m, [k]: v }))),
    );
    fc.assert(fc.property(fuzzed, (obj) => {
      const r = parseSyncMessage(obj);
      if (r.ok) assert.ok(valid.some((m) => m.t === r.message.t));
      else assert.ok(['unknown_type', 'invalid'].includes(r.error.code) && r.error.message.length > 0);
    }), { numRuns: 1000 });
  });
});
