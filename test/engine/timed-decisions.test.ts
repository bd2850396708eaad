// The timed decisions over a real engine on a fake clock: an incident left open past its service's auto-resolve
// timeout is resolved, and a LOW one triggered outside support hours is raised to HIGH when they begin, each written
// as `system` and shown so in the timeline. An incident a peer wrote (its ops applied as sync would) is left to that
// peer until five minutes past the deadline.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createEngine } from '../../src-main/engine/engine.ts';
import type { Engine } from '../../src-main/engine/types.ts';
import { createTimedDecisions } from '../../src-main/engine/timed-decisions.ts';
import { FakeClock } from '../../src-main/clock.ts';
import { silentLogger } from '../../src-main/log.ts';
import { encodeHlc } from '../../src-shared/domain/hlc.ts';
import { newId } from '../../src-shared/domain/ids.ts';
import type { SupportHours } from '../../src-shared/schemas/oncall.ts';
import { tempDir } from '../support/temp-dir.ts';
import { pollUntil } from '../support/server.ts';

const MIN = 60_000;
const FRI_EVENING = Date.parse('2026-03-06T23:00:00Z'); // Friday 17:00 in Chicago: support hours just ended
const MON_MORNING = Date.parse('2026-03-09T14:00:00Z'); // Monday 09:00 in Chicago (CDT by then)
const BUSINESS: SupportHours = { timeZone: 'America/Chicago', days: [1, 2, 3, 4, 5], start: '09:00', end: '17:00' };
const PEER = 'peerdevice000001';

/** Every queued run and the commands it awaits have gone through (the commit queue answers within a few ticks). */
const settle = async () => { for (let i = 0; i < 5; i++) await new Promise<void>((resolve) => setImmediate(resolve)); };

async function setup(t: { after(fn: () => unknown): void }, paging: { autoResolveMinutes?: number; supportHours?: SupportHours }) {
  const clock = new FakeClock(FRI_EVENING);
  const engine: Engine = createEngine({ dataDir: tempDir(t), clock, log: silentLogger });
  t.after(() => engine.close());
  const svc = await engine.createService({ name: 'Web' });
  await engine.updateService(svc.id, paging);
  const decisions = createTimedDecisions({ engine, clock, log: silentLogger });
  t.after(() => decisions.close());
  decisions.start();
  const trigger = async (dedupKey = 'cpu') => (await engine.ingestEvent({
    action: 'trigger', routingKey: svc.routingKey, dedupKey, summary: 'CPU high', source: 'prometheus', severity: 'critical', receivedVia: 'enqueue',
  })).incidentId!;
  /** The incident as a peer wrote it (its trigger applied here as sync would), at the clock's now. */
  const fromPeer = async (urgency: 'HIGH' | 'LOW') => {
    const id = newId('inc', clock.now());
    const result = await engine.applyRemoteOps([{
      id: `${PEER}:1`, hlc: encodeHlc({ wall: clock.now(), counter: 0 }), type: 'incident.triggered', entity: id,
      data: {
        serviceId: svc.id, dedupKey: 'peer', title: 'From the peer', description: null, severity: 'critical', urgency, priority: null,
        impact: null, source: 'peer', customDetails: null, extra: null, autoCreated: true, suppressed: false, by: `integration:${svc.id}`,
        ...(urgency === 'LOW' ? { outsideSupportHours: true } : {}),
      },
    }]);
    assert.deepEqual(result, { applied: 1, quarantined: 0, skipped: 0 });
    return id;
  };
  const systemEntries = (id: string) => engine.getIncident(id).timeline.filter((e) => e.actor === 'system' && e.data.derived !== true);
  return { clock, engine, trigger, fromPeer, systemEntries };
}

test('an incident left open for the service\'s auto-resolve time is resolved by system, and the timeline says so', async (t) => {
  const { clock, engine, trigger, systemEntries } = await setup(t, { autoResolveMinutes: 60 });
  const id = await trigger();
  const done = await trigger('disk');
  await settle();
  clock.advance(30 * MIN);
  await engine.resolve([done], 'user:me');
  clock.advance(30 * MIN - 1);
  await settle();
  assert.equal(engine.getIncident(id).status, 'triggered');

  clock.advance(1);
  await pollUntil(() => engine.getIncident(id).status === 'resolved', { timeoutMs: 5000, message: 'not auto-resolved at its deadline' });
  const incident = engine.getIncident(id);
  assert.equal(incident.resolvedAt, new Date(FRI_EVENING + 60 * MIN).toISOString());
  assert.deepEqual(systemEntries(id).map((e) => [e.kind, e.message]), [['resolved', 'Resolved by system']]);
  assert.equal(engine.getIncident(done).resolvedBy, 'user:me', 'one a person resolved is left as it is');
  assert.deepEqual(systemEntries(done), []);
});

test('a LOW incident triggered outside support hours becomes HIGH, by system, when they begin on Monday', async (t) => {
  const { clock, engine, trigger, systemEntries } = await setup(t, { supportHours: BUSINESS });
  const id = await trigger();
  assert.equal(engine.getIncident(id).urgency, 'LOW', 'outside support hours');
  await settle();
  clock.advance(MON_MORNING - FRI_EVENING - 1);
  await settle();
  assert.equal(engine.getIncident(id).urgency, 'LOW');

  clock.advance(1);
  await pollUntil(() => engine.getIncident(id).urgency === 'HIGH', { timeoutMs: 5000, message: 'not raised when support hours began' });
  const [raised] = systemEntries(id);
  assert.deepEqual([raised!.kind, raised!.message, raised!.at], ['changed', 'Changed urgency → HIGH', new Date(MON_MORNING).toISOString()]);
});

test('a LOW incident a person raised to HIGH over the weekend is not changed again when support hours begin', async (t) => {
  const { clock, engine, trigger, systemEntries } = await setup(t, { supportHours: BUSINESS });
  const id = await trigger();
  await settle();
  clock.advance(24 * 60 * MIN);
  await engine.updateIncident(id, { urgency: 'HIGH' }, 'user:me');
  clock.advance(MON_MORNING - clock.now() + 10 * MIN);
  await settle();
  assert.equal(engine.getIncident(id).urgency, 'HIGH');
  assert.deepEqual(systemEntries(id), [], 'nothing written by system');
});

test('a peer\'s incident is auto-resolved here only five minutes past its deadline (the peer may be asleep)', async (t) => {
  const { clock, engine, fromPeer, systemEntries } = await setup(t, { autoResolveMinutes: 60 });
  const id = await fromPeer('HIGH');
  await settle();
  clock.advance(65 * MIN - 1);
  await settle();
  assert.equal(engine.getIncident(id).status, 'triggered', 'left to the peer that wrote it');
  clock.advance(1);
  await pollUntil(() => engine.getIncident(id).status === 'resolved', { timeoutMs: 5000, message: 'no device took over' });
  assert.deepEqual(systemEntries(id).map((e) => e.message), ['Resolved by system']);
});

test('a peer\'s LOW incident is raised here five minutes after support hours begin', async (t) => {
  const { clock, engine, fromPeer, systemEntries } = await setup(t, { supportHours: BUSINESS });
  const raised = await fromPeer('LOW');
  await settle();
  clock.advance(MON_MORNING - FRI_EVENING + 5 * MIN - 1);
  await settle();
  assert.equal(engine.getIncident(raised).urgency, 'LOW', 'left to the peer until 09:05');
  clock.advance(1);
  await pollUntil(() => engine.getIncident(raised).urgency === 'HIGH', { timeoutMs: 5000, message: 'no device took over' });
  assert.equal(systemEntries(raised).length, 1);
});

test('a person who sets a peer\'s incident back to LOW after support hours began is not overridden by the late writer', async (t) => {
  const { clock, engine, fromPeer, systemEntries } = await setup(t, { supportHours: BUSINESS });
  const id = await fromPeer('LOW');
  await settle();
  clock.advance(MON_MORNING - FRI_EVENING + MIN);
  await engine.updateIncident(id, { urgency: 'HIGH' }, 'user:me');
  clock.advance(MIN);
  await engine.updateIncident(id, { urgency: 'LOW' }, 'user:me'); // 09:02: "this can wait", a person's choice
  clock.advance(10 * MIN);
  await settle();
  assert.equal(engine.getIncident(id).urgency, 'LOW');
  assert.deepEqual(systemEntries(id), []);
});
