// The timed decisions as pure functions over an incident's ops: what they read of the ops (who wrote the incident,
// when it was last opened, whether it came in outside support hours, when a person last set its urgency) and when
// this device writes each decision (at the deadline when it wrote the incident, five minutes late otherwise).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decisionsFor, factsOf } from '../../src-main/engine/timed-decisions.ts';
import { foldIncident } from '../../src-shared/domain/incident-fold.ts';
import { encodeHlc } from '../../src-shared/domain/hlc.ts';
import type { Op } from '../../src-shared/domain/ops.ts';
import type { SupportHours } from '../../src-shared/schemas/oncall.ts';

const MIN = 60_000;
const FRI_EVENING = Date.parse('2026-03-06T23:00:00Z'); // Friday 17:00 in Chicago, after support hours
const MON_MORNING = Date.parse('2026-03-09T14:00:00Z'); // Monday 09:00 in Chicago (CDT by then)
const BUSINESS: SupportHours = { timeZone: 'America/Chicago', days: [1, 2, 3, 4, 5], start: '09:00', end: '17:00' };

/** An incident's ops as devices write them: `author` wrote the trigger, anyone may write the rest. */
function incident(author: string, opts: { urgency?: 'HIGH' | 'LOW'; outsideSupportHours?: boolean } = {}) {
  const ops: Op[] = [];
  let seq = 0;
  const add = (device: string, at: number, type: string, data: object) => {
    ops.push({ id: `${device}:${++seq}`, hlc: encodeHlc({ wall: at, counter: 0 }), type, entity: 'inc_1', data } as Op);
  };
  add(author, FRI_EVENING, 'incident.triggered', {
    serviceId: 'svc_1', dedupKey: 'cpu', title: 'CPU high', description: null, severity: 'critical', urgency: opts.urgency ?? 'HIGH',
    priority: null, impact: null, source: 'test', customDetails: null, extra: null, autoCreated: true, suppressed: false, by: 'integration:svc_1',
    ...(opts.outsideSupportHours ? { outsideSupportHours: true } : {}),
  });
  return {
    ops,
    add,
    state: () => foldIncident(ops).state!,
    facts: () => factsOf(ops)!,
  };
}

test('factsOf reads who wrote the incident, when it was opened, and whether it came in outside support hours', () => {
  const inc = incident('devA', { urgency: 'LOW', outsideSupportHours: true });
  assert.deepEqual(inc.facts(), { authorDeviceId: 'devA', openedAtMs: FRI_EVENING, outsideSupportHours: true, urgencySetAtMs: null });
  assert.equal(incident('devA').facts().outsideSupportHours, false);
  assert.equal(factsOf([]), null, 'no trigger held (yet): nothing to decide');
});

test('factsOf: a re-open restarts the auto-resolve clock; only a change of urgency counts as a person setting it', () => {
  const inc = incident('devA', { urgency: 'LOW' });
  inc.add('devB', FRI_EVENING + 10 * MIN, 'incident.changed', { fields: { urgency: 'HIGH' }, by: 'user:usr_b' });
  inc.add('devB', FRI_EVENING + 20 * MIN, 'incident.changed', { fields: { title: 'CPU very high' }, by: 'user:usr_b' });
  inc.add('devB', FRI_EVENING + 30 * MIN, 'incident.resolved', { episode: 1, by: 'user:usr_b' });
  inc.add('devC', FRI_EVENING + 40 * MIN, 'incident.reopened', { episode: 2, by: 'user:usr_c' });
  assert.deepEqual(inc.facts(), { authorDeviceId: 'devA', openedAtMs: FRI_EVENING + 40 * MIN, outsideSupportHours: false, urgencySetAtMs: FRI_EVENING + 10 * MIN });
});

test('decisionsFor: auto-resolve is written by the author at the deadline, by any other device five minutes later', () => {
  const inc = incident('devA');
  const service = { autoResolveMinutes: 240, supportHours: null };
  assert.deepEqual(decisionsFor(inc.state(), inc.facts(), service, 'devA'), [{ incidentId: 'inc_1', kind: 'resolve', writeAt: FRI_EVENING + 240 * MIN }]);
  assert.deepEqual(decisionsFor(inc.state(), inc.facts(), service, 'devB'), [{ incidentId: 'inc_1', kind: 'resolve', writeAt: FRI_EVENING + 245 * MIN }]);
  assert.deepEqual(decisionsFor(inc.state(), inc.facts(), { autoResolveMinutes: null, supportHours: null }, 'devA'), [], 'no timeout set');
  inc.add('devB', FRI_EVENING + MIN, 'incident.resolved', { episode: 1, by: 'user:usr_b' });
  assert.deepEqual(decisionsFor(inc.state(), inc.facts(), service, 'devA'), [], 'resolved already');
});

test('decisionsFor: a LOW incident from outside support hours is raised when they begin, unless a person set its urgency since', () => {
  const inc = incident('devA', { urgency: 'LOW', outsideSupportHours: true });
  const service = { autoResolveMinutes: null, supportHours: BUSINESS };
  assert.deepEqual(decisionsFor(inc.state(), inc.facts(), service, 'devA'), [{ incidentId: 'inc_1', kind: 'raise', writeAt: MON_MORNING }]);
  assert.deepEqual(decisionsFor(inc.state(), inc.facts(), service, 'devB'), [{ incidentId: 'inc_1', kind: 'raise', writeAt: MON_MORNING + 5 * MIN }]);
  assert.deepEqual(decisionsFor(incident('devA', { urgency: 'LOW' }).state(), incident('devA', { urgency: 'LOW' }).facts(), service, 'devA'), [],
    'LOW by its severity, not by the hours');

  // The author slept through 09:00; at 09:02 a person chose LOW (after raising it): the late writer leaves it so.
  inc.add('devB', MON_MORNING + MIN, 'incident.changed', { fields: { urgency: 'HIGH' }, by: 'user:usr_b' });
  inc.add('devB', MON_MORNING + 2 * MIN, 'incident.changed', { fields: { urgency: 'LOW' }, by: 'user:usr_b' });
  assert.deepEqual(decisionsFor(inc.state(), inc.facts(), service, 'devB'), []);
});

test('decisionsFor: both decisions at once, each at its own instant', () => {
  const inc = incident('devA', { urgency: 'LOW', outsideSupportHours: true });
  const got = decisionsFor(inc.state(), inc.facts(), { autoResolveMinutes: 7 * 24 * 60, supportHours: BUSINESS }, 'devA');
  assert.deepEqual(got.map((d) => [d.kind, d.writeAt]), [['resolve', FRI_EVENING + 7 * 24 * 60 * MIN], ['raise', MON_MORNING]]);
});
