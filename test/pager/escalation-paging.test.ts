// The pager over a real engine on a fake clock, with an escalation policy: this device pages only while its person is
// among those the policy pages now, its one timer wakes at the escalation's next step (no op is written for it), and
// a policy that finds nobody on call, or no policy at all, pages every device. The notifier records what a user
// would see come and go on the desktop.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createEngine } from '../../src-main/engine/engine.ts';
import type { Engine } from '../../src-main/engine/types.ts';
import { createPager } from '../../src-main/pager/pager.ts';
import type { Notifier } from '../../src-main/pager/notifier.ts';
import { FakeClock } from '../../src-main/clock.ts';
import { silentLogger } from '../../src-main/log.ts';
import { CreateEscalationPolicy, CreateSchedule } from '../../src-shared/schemas/oncall.ts';
import { tempDir } from '../support/temp-dir.ts';

const T0 = Date.parse('2026-03-06T16:00:00Z'); // Friday 10:00 in Chicago
const MIN = 60_000;

/** What the desktop saw, in order: `page <incident>` (first of a spell), `repeat <incident>`, `withdraw <incident>`. */
function recordingNotifier(): Notifier & { seen: string[] } {
  const seen: string[] = [];
  return {
    name: 'recording', seen,
    notify: async (n) => { seen.push(`${/Not acknowledged yet/.test(n.body) ? 'repeat' : 'page'} ${n.incidentId}`); },
    withdraw: async (id) => { seen.push(`withdraw ${id}`); },
    onAction: () => {},
    close: async () => {},
  };
}

/** Every queued plan and notifier call has run (they are microtasks and promise chains, never timers). */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

async function setup(t: { after(fn: () => unknown): void }) {
  const clock = new FakeClock(T0);
  const engine: Engine = createEngine({ dataDir: tempDir(t), clock, log: silentLogger });
  t.after(() => engine.close());
  // An hour between repeats: every page below is the first of its spell unless the test says otherwise.
  await engine.updateSettings({ notifications: { repeatSeconds: 3600 } });
  const me = await engine.ensureLocalUser();
  const alice = await engine.createUser('Alice');
  const carol = await engine.createUser('Carol');
  const notifier = recordingNotifier();
  const pager = createPager({ engine, notifier, clock, log: silentLogger });
  t.after(() => pager.close());
  pager.start();
  const service = async (name: string, levels: CreateEscalationPolicy['levels'] | null) => {
    const svc = await engine.createService({ name });
    if (levels) {
      const policy = await engine.createPolicy(CreateEscalationPolicy.parse({ name, repeat: 1, levels }), 'user:me');
      await engine.updateService(svc.id, { escalationPolicyId: policy.id });
    }
    return async (dedupKey = 'cpu') => {
      const r = await engine.ingestEvent({
        action: 'trigger', routingKey: svc.routingKey, dedupKey, summary: 'CPU high', source: 'prometheus', severity: 'critical', receivedVia: 'enqueue',
      });
      await settle();
      return r.incidentId!;
    };
  };
  return { clock, engine, me, alice, carol, notifier, service };
}

test('level 1 is another person: this device is silent until escalation reaches its person, then pages; acknowledging withdraws', async (t) => {
  const { clock, engine, me, alice, notifier, service } = await setup(t);
  const trigger = await service('Web', [
    { delayMinutes: 5, targets: [{ type: 'user', id: alice }] },
    { delayMinutes: 10, targets: [{ type: 'user', id: me }] },
  ]);
  const id = await trigger();
  assert.deepEqual(notifier.seen, [], 'Alice is paged, not this device');

  clock.advance(5 * MIN - 1);
  await settle();
  assert.deepEqual(notifier.seen, []);
  // No op arrives: the pager's own timer wakes at the escalation's next step.
  clock.advance(1);
  await settle();
  assert.deepEqual(notifier.seen, [`page ${id}`], 'level 2 is this device\'s person');

  clock.advance(2 * MIN);
  await engine.acknowledge([id], 'user:me');
  await settle();
  assert.deepEqual(notifier.seen, [`page ${id}`, `withdraw ${id}`]);
  clock.advance(60 * MIN);
  await settle();
  assert.equal(notifier.seen.length, 2, 'nothing more once acknowledged');
});

test('when escalation starts over at level 1 the bubble is withdrawn, and the next time it reaches this person it pages afresh', async (t) => {
  const { clock, me, alice, notifier, service } = await setup(t);
  const trigger = await service('Web', [
    { delayMinutes: 5, targets: [{ type: 'user', id: alice }] },
    { delayMinutes: 10, targets: [{ type: 'user', id: me }] },
  ]);
  const id = await trigger();
  clock.advance(5 * MIN);
  await settle();
  clock.advance(10 * MIN); // repeat 1: level 1 (Alice) again
  await settle();
  assert.deepEqual(notifier.seen, [`page ${id}`, `withdraw ${id}`]);
  clock.advance(5 * MIN);
  await settle();
  assert.deepEqual(notifier.seen, [`page ${id}`, `withdraw ${id}`, `page ${id}`], 'a new spell: a first page, not a repeat');
});

test('when escalation moves on and pages this person again, it pages at once, not at the next repeat', async (t) => {
  const { clock, me, notifier, service } = await setup(t);
  const trigger = await service('Web', [
    { delayMinutes: 5, targets: [{ type: 'user', id: me }] },
    { delayMinutes: 10, targets: [{ type: 'user', id: me }] },
  ]);
  const id = await trigger();
  clock.advance(5 * MIN); // level 2: this person again, an hour before the repeat would be due
  await settle();
  assert.deepEqual(notifier.seen, [`page ${id}`, `page ${id}`]);
  clock.advance(10 * MIN); // level 1 again (repeat 1)
  await settle();
  assert.deepEqual(notifier.seen, [`page ${id}`, `page ${id}`, `page ${id}`]);
});

test('a service without a policy pages this device at once, as before', async (t) => {
  const { notifier, service } = await setup(t);
  const trigger = await service('Batch jobs', null);
  const id = await trigger();
  assert.deepEqual(notifier.seen, [`page ${id}`]);
});

test('a policy whose levels have nobody on call pages this device anyway: a page is never dropped', async (t) => {
  const { engine, carol, notifier, service } = await setup(t);
  // Carol is on call only 22:00–06:00 Chicago time; it is 10:00.
  const nights = await engine.createSchedule(CreateSchedule.parse({
    name: 'Nights', timeZone: 'America/Chicago',
    layers: [{ start: '2026-03-01T22:00:00', rotation: 'weekly', userIds: [carol], restrictions: [{ type: 'daily', startTime: '22:00', durationMinutes: 480 }] }],
  }), 'user:me');
  const trigger = await service('Web', [{ delayMinutes: 5, targets: [{ type: 'schedule', id: nights.id }] }]);
  const id = await trigger();
  assert.equal(engine.getIncident(id).escalation!.nobodyOnCall, true);
  assert.deepEqual(notifier.seen, [`page ${id}`]);
});
