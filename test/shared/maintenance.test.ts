// Maintenance windows as pure rules: where a window stands is a function of its facts and the clock, the window
// that silences a service is the one in progress that names it, and the fold gives one answer for any op order.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { foldMaintenance, maintenanceStatus, maintenanceSilencing, type MaintenanceState } from '../../src-shared/domain/maintenance.ts';
import { encodeHlc } from '../../src-shared/domain/hlc.ts';
import type { Op } from '../../src-shared/domain/ops.ts';

const at = (iso: string) => Date.parse(iso);
const window = (over: Partial<MaintenanceState> = {}): MaintenanceState => ({
  id: 'mnt_a', title: 'Database Maintenance', message: null, impact: 'minor',
  startsAt: '2024-01-15T02:00:00.000Z', endsAt: '2024-01-15T04:00:00.000Z', serviceIds: ['svc_db'],
  createdAt: '2024-01-10T00:00:00.000Z', createdBy: 'key:k', cancelledAt: null, cancelledBy: null, lastHlc: '', ...over,
});

test('a window is scheduled before its start, in progress until its end, completed after', () => {
  const w = window();
  assert.equal(maintenanceStatus(w, at('2024-01-15T01:59:59Z')), 'scheduled');
  assert.equal(maintenanceStatus(w, at('2024-01-15T02:00:00Z')), 'in_progress');
  assert.equal(maintenanceStatus(w, at('2024-01-15T03:59:59Z')), 'in_progress');
  assert.equal(maintenanceStatus(w, at('2024-01-15T04:00:00Z')), 'completed');
});

test('a window cancelled before its end is off at once, even on a clock behind the canceller; one after its end changes nothing', () => {
  const early = window({ cancelledAt: '2024-01-14T00:00:00.000Z' });
  assert.equal(maintenanceStatus(early, at('2024-01-15T03:00:00Z')), 'cancelled');
  const midway = window({ cancelledAt: '2024-01-15T03:00:00.000Z' });
  assert.equal(maintenanceStatus(midway, at('2024-01-15T03:00:00Z')), 'cancelled');
  // A device whose clock lags (or whose HLC ran ahead of the canceller's wall clock) must not stay silent.
  assert.equal(maintenanceStatus(midway, at('2024-01-15T02:30:00Z')), 'cancelled');
  const late = window({ cancelledAt: '2024-01-16T00:00:00.000Z' });
  assert.equal(maintenanceStatus(late, at('2024-01-16T01:00:00Z')), 'completed');
});

test('only a window in progress that names the service silences it', () => {
  const db = window();
  const announcement = window({ id: 'mnt_b', serviceIds: [] });
  const during = at('2024-01-15T03:00:00Z');
  assert.equal(maintenanceSilencing([db, announcement], 'svc_db', during)?.id, 'mnt_a');
  assert.equal(maintenanceSilencing([db, announcement], 'svc_web', during), null);
  assert.equal(maintenanceSilencing([db], 'svc_db', at('2024-01-15T01:00:00Z')), null);
  assert.equal(maintenanceSilencing([window({ cancelledAt: '2024-01-15T02:30:00.000Z' })], 'svc_db', during), null);
});

const scheduled = (wall: number): Op => ({
  id: 'dev0:1', hlc: encodeHlc({ wall, counter: 0 }), type: 'maintenance.scheduled', entity: 'mnt_a',
  data: { title: 'Database Maintenance', message: 'Expect brief interruptions.', impact: 'minor', startsAt: '2024-01-15T02:00:00.000Z', endsAt: '2024-01-15T04:00:00.000Z', serviceIds: ['svc_db'], by: 'key:k' },
});

test('any order and any repetition of the same ops fold to the same window (the earliest cancellation counts)', () => {
  const T0 = at('2024-01-10T00:00:00Z');
  const cancels = fc.array(fc.record({ device: fc.constantFrom('dev1', 'dev2'), wall: fc.integer({ min: 1, max: 1000 }) }), { maxLength: 4 });
  fc.assert(fc.property(cancels, fc.integer({ min: 0, max: 1_000_000 }), fc.boolean(), (specs, seed, duplicate) => {
    const ops: Op[] = [scheduled(T0), ...specs.map((s, i): Op => ({
      id: `${s.device}:${i + 1}`, hlc: encodeHlc({ wall: T0 + s.wall * 1000, counter: i }), type: 'maintenance.cancelled', entity: 'mnt_a', data: { by: `user:${s.device}` },
    }))];
    const reference = foldMaintenance(ops);
    const shuffled = [...ops, ...(duplicate ? ops : [])];
    let r = seed;
    for (let i = shuffled.length - 1; i > 0; i--) { r = (r * 1103515245 + 12345) % 2 ** 31; const j = r % (i + 1); [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!]; }
    assert.deepEqual(foldMaintenance(shuffled), reference);
    const firstCancel = specs.length === 0 ? null : Math.min(...specs.map((s) => T0 + s.wall * 1000));
    assert.equal(reference?.cancelledAt, firstCancel === null ? null : new Date(firstCancel).toISOString());
  }));
});

test("a cancellation counts from the canceller's own clock, not from its HLC", () => {
  const ahead: Op = { id: 'dev1:1', hlc: encodeHlc({ wall: at('2024-01-15T09:00:00Z'), counter: 0 }), type: 'maintenance.cancelled', entity: 'mnt_a', data: { at: '2024-01-15T02:30:00.000Z', by: 'user:x' } };
  const m = foldMaintenance([scheduled(at('2024-01-10T00:00:00Z')), ahead]);
  assert.equal(m?.cancelledAt, '2024-01-15T02:30:00.000Z');
  assert.equal(maintenanceStatus(m!, at('2024-01-15T02:31:00Z')), 'cancelled');
});

test('an instant that is not in the one canonical spelling makes a peer\'s maintenance op unreadable, not mis-sorted', () => {
  const offset: Op = { ...scheduled(at('2024-01-10T00:00:00Z')), data: { ...(scheduled(0).data as object), startsAt: '2024-01-15T04:00:00+02:00' } };
  assert.equal(foldMaintenance([offset]), null);
});

test('a cancellation that arrives before the window it cancels is kept for it', () => {
  const cancel: Op = { id: 'dev1:1', hlc: encodeHlc({ wall: at('2024-01-11T00:00:00Z'), counter: 0 }), type: 'maintenance.cancelled', entity: 'mnt_a', data: { by: 'user:x' } };
  assert.equal(foldMaintenance([cancel]), null);
  assert.equal(foldMaintenance([cancel, scheduled(at('2024-01-10T00:00:00Z'))])?.cancelledAt, '2024-01-11T00:00:00.000Z');
});
