// A monitor's fold: the same ops in any order give the same monitor; a change that would make it invalid (a peer's
// shorter-than-allowed interval) is ignored; the later of pause and resume wins; a deletion holds.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { foldMonitor } from '../../src-shared/domain/monitors/fold.ts';
import { encodeHlc } from '../../src-shared/domain/hlc.ts';
import type { Op } from '../../src-shared/domain/ops.ts';

const at = (s: number) => encodeHlc({ wall: Date.parse('2026-11-30T10:00:00Z') + s * 1000, counter: 0 });
const op = (dev: string, seq: number, s: number, type: string, data: unknown): Op => ({ id: `${dev}:${seq}`, hlc: at(s), type, entity: 'mon_1', data });
const created = op('a', 1, 0, 'monitor.created', {
  config: { name: 'backup', type: 'heartbeat', serviceId: 'svc_1', intervalSeconds: 60, graceSeconds: 5, retries: 0, successesBeforeUp: 1, renotifyMinutes: null },
  runnerDeviceId: 'a', token: 't', by: 'user:u',
});

describe('monitor fold', () => {
  it('folds to the same monitor whatever order its ops arrive in', () => {
    const ops = [created, op('a', 2, 10, 'monitor.changed', { fields: { graceSeconds: 30 }, by: 'user:u' }),
      op('b', 1, 11, 'monitor.changed', { fields: { graceSeconds: 90, name: 'nightly' }, runnerDeviceId: 'b', by: 'user:v' }),
      op('a', 3, 12, 'monitor.paused', { by: 'user:u' })];
    const one = foldMonitor(ops);
    assert.deepEqual(foldMonitor([...ops].reverse()), one);
    assert.equal(one!.config.name, 'nightly');
    assert.equal(one!.config.type === 'heartbeat' && one!.config.graceSeconds, 90);
    assert.equal(one!.runnerDeviceId, 'b');
    assert.equal(one!.paused, true);
  });

  it('ignores a change that would leave an invalid monitor, and keeps a later valid one', () => {
    const m = foldMonitor([created, op('b', 1, 5, 'monitor.changed', { fields: { intervalSeconds: 2 }, by: 'user:v' }),
      op('b', 2, 6, 'monitor.changed', { fields: { intervalSeconds: 20 }, by: 'user:v' })]);
    assert.equal(m!.config.intervalSeconds, 20);
    assert.equal(foldMonitor([created, op('b', 1, 5, 'monitor.changed', { fields: { intervalSeconds: 2 }, by: 'user:v' })])!.config.intervalSeconds, 60);
  });

  it('the later of pause and resume wins, and a deletion holds', () => {
    assert.equal(foldMonitor([created, op('a', 2, 5, 'monitor.resumed', { by: 'x' }), op('b', 1, 4, 'monitor.paused', { by: 'y' })])!.paused, false);
    assert.equal(foldMonitor([created, op('a', 2, 5, 'monitor.deleted', { by: 'x' }), op('b', 1, 6, 'monitor.resumed', { by: 'y' })])!.deleted, true);
    assert.equal(foldMonitor([op('a', 2, 5, 'monitor.paused', { by: 'x' })]), null, 'nothing before its creation arrives');
  });
});
