// The paging rules as a pure function: incidents are built from real ops through the shared fold, time comes from
// a FakeClock, and each step carries the plan's memory into the next one, as the pager does.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeClock } from '../../src-main/clock.ts';
import { foldIncident, type IncidentState } from '../../src-shared/domain/incident-fold.ts';
import { encodeHlc } from '../../src-shared/domain/hlc.ts';
import type { Op } from '../../src-shared/domain/ops.ts';
import { initialMemory, planPaging, type NotificationSettings, type PageMemory, type Pageable, type PagingPlan } from '../../src-main/pager/schedule.ts';

const START = Date.parse('2025-03-01T09:00:00Z');
const SETTINGS: NotificationSettings = { repeatSeconds: 60, lowUrgency: 'once', sound: true, pausedUntil: null };

/** A tiny world: incidents as op lists (folded by the shared fold), a fake clock, and the pager's memory. */
function world(settings: Partial<NotificationSettings> = {}, maxBubbles?: number) {
  const clock = new FakeClock(START);
  const ops = new Map<string, Op[]>();
  let seq = 0;
  let memory: Map<string, PageMemory> = new Map();
  // Where escalation stands for an incident, as the pager derives it (pagesHere, spell); absent: no policy.
  const escalation = new Map<string, Pick<Pageable, 'pagesHere' | 'spell'>>();
  const conf = { ...SETTINGS, ...settings };
  const add = (entity: string, type: string, data: object) => {
    seq += 1;
    const list = ops.get(entity) ?? [];
    list.push({ id: `dev1:${seq}`, hlc: encodeHlc({ wall: clock.now(), counter: 0 }), type, entity, data });
    ops.set(entity, list);
  };
  const states = (): (IncidentState & Pageable)[] => [...ops.values()].map((l) => foldIncident(l).state!).filter((s) => s.status !== 'resolved')
    .map((s) => ({ ...s, ...escalation.get(s.id) }));
  return {
    clock,
    settings: conf,
    trigger(id: string, urgency: 'HIGH' | 'LOW', opts: { suppressed?: boolean; title?: string } = {}) {
      add(id, 'incident.triggered', {
        serviceId: 'svc_1', dedupKey: id, title: opts.title ?? `title of ${id}`, description: null, severity: urgency === 'HIGH' ? 'critical' : 'warning',
        urgency, priority: null, impact: null, source: 'test', customDetails: null, extra: null, autoCreated: true,
        suppressed: opts.suppressed ?? false, by: 'integration:svc_1',
      });
    },
    repeatTrigger: (id: string) => add(id, 'incident.alert_received', { summary: 'again', severity: 'critical', source: 'test', customDetails: null, extra: null, by: 'integration:svc_1' }),
    acknowledge: (id: string) => add(id, 'incident.acknowledged', { episode: 1, by: 'user:me' }),
    resolve: (id: string) => add(id, 'incident.resolved', { episode: 1, by: 'user:me' }),
    snooze: (id: string, minutes: number) => add(id, 'incident.snoozed', { episode: 1, until: new Date(clock.now() + minutes * 60_000).toISOString(), by: 'user:me' }),
    setUrgency: (id: string, urgency: 'HIGH' | 'LOW') => add(id, 'incident.changed', { fields: { urgency }, by: 'user:me' }),
    merge: (id: string, into: string) => add(id, 'incident.merged', { into, by: 'device:x' }),
    /** Escalation reached (or left) this device's person: `spell` names the level and loop, as the pager does. */
    escalate: (id: string, pagesHere: boolean, spell: string) => { escalation.set(id, { pagesHere, spell }); },
    states,
    startFresh() { memory = initialMemory(states(), clock.now()); },
    plan(): PagingPlan {
      const plan = planPaging({ incidents: states(), memory, settings: conf, now: clock.now(), maxBubbles });
      memory = plan.memory;
      return plan;
    },
  };
}
const notified = (p: PagingPlan) => p.notify.map((n) => n.incident.id);

test('a HIGH incident pages at once, then again every repeatSeconds while it stays triggered', () => {
  const w = world({ repeatSeconds: 60 });
  w.trigger('inc_a', 'HIGH');
  const first = w.plan();
  assert.deepEqual(notified(first), ['inc_a']);
  assert.equal(first.notify[0]!.repeat, false);
  assert.equal(first.wakeAt, START + 60_000);

  w.clock.advance(59_999);
  assert.deepEqual(notified(w.plan()), [], 'nothing before the interval is over');
  w.clock.advance(1);
  const second = w.plan();
  assert.deepEqual(notified(second), ['inc_a']);
  assert.equal(second.notify[0]!.repeat, true);
  assert.equal(second.wakeAt, START + 120_000);
});

test('acknowledging stops the repeats and withdraws the bubble', () => {
  const w = world();
  w.trigger('inc_a', 'HIGH');
  w.plan();
  w.clock.advance(10_000);
  w.acknowledge('inc_a');
  const p = w.plan();
  assert.deepEqual(p.withdraw, ['inc_a']);
  assert.equal(p.wakeAt, null, 'nothing left to wake for');
  w.clock.advance(10 * 60_000);
  assert.deepEqual(notified(w.plan()), []);
  assert.deepEqual(w.plan().withdraw, [], 'withdrawn once only');
});

test('resolving withdraws too (the incident drops out of the open set)', () => {
  const w = world();
  w.trigger('inc_a', 'HIGH');
  w.plan();
  w.resolve('inc_a');
  assert.deepEqual(w.plan().withdraw, ['inc_a']);
});

test('a deduplicated repeat trigger does not page again nor reset the repeat', () => {
  const w = world({ repeatSeconds: 120 });
  w.trigger('inc_a', 'HIGH');
  w.plan();
  w.clock.advance(30_000);
  w.repeatTrigger('inc_a');
  const p = w.plan();
  assert.deepEqual(notified(p), []);
  assert.equal(p.wakeAt, START + 120_000, 'the repeat keeps its rhythm from the first page');
  assert.equal(w.states()[0]!.alertCount, 2);
});

test('LOW urgency pages once; with lowUrgency quiet, never', () => {
  const once = world();
  once.trigger('inc_low', 'LOW');
  const p = once.plan();
  assert.deepEqual(notified(p), ['inc_low']);
  assert.equal(p.wakeAt, null);
  once.clock.advance(3600_000);
  assert.deepEqual(notified(once.plan()), []);

  const quiet = world({ lowUrgency: 'quiet' });
  quiet.trigger('inc_low', 'LOW');
  assert.deepEqual(notified(quiet.plan()), []);
});

test('a snoozed incident is silent until the snooze ends, then pages again at once', () => {
  const w = world({ repeatSeconds: 60 });
  w.trigger('inc_a', 'HIGH');
  w.plan();
  w.snooze('inc_a', 15);
  const snoozed = w.plan();
  assert.deepEqual(snoozed.withdraw, ['inc_a']);
  assert.equal(snoozed.wakeAt, START + 15 * 60_000, 'wakes exactly when the snooze ends');

  w.clock.advance(15 * 60_000 - 1);
  assert.deepEqual(notified(w.plan()), []);
  w.clock.advance(1);
  const back = w.plan();
  assert.deepEqual(notified(back), ['inc_a']);
  assert.equal(back.notify[0]!.repeat, false, 'a new spell');
});

test('suppressed and merged incidents never page', () => {
  const w = world();
  w.trigger('inc_s', 'HIGH', { suppressed: true });
  w.trigger('inc_m', 'HIGH');
  w.merge('inc_m', 'inc_0');
  const p = w.plan();
  assert.deepEqual(notified(p), []);
  assert.equal(p.wakeAt, null);
});

test('while paused nothing pages; what fell due pages when the pause ends', () => {
  const until = START + 30 * 60_000;
  const w = world({ pausedUntil: new Date(until).toISOString() });
  w.trigger('inc_a', 'HIGH');
  w.trigger('inc_low', 'LOW');
  const paused = w.plan();
  assert.deepEqual(notified(paused), []);
  assert.equal(paused.wakeAt, until);
  w.clock.advance(30 * 60_000);
  assert.deepEqual(notified(w.plan()).sort(), ['inc_a', 'inc_low']);
});

test('raising a paged LOW incident to HIGH starts the repeats from its first page', () => {
  const w = world({ repeatSeconds: 60 });
  w.trigger('inc_a', 'LOW');
  w.plan();
  w.clock.advance(20_000);
  w.setUrgency('inc_a', 'HIGH');
  const p = w.plan();
  assert.deepEqual(notified(p), []);
  assert.equal(p.wakeAt, START + 60_000);
});

test('an alert storm gets a few bubbles in queue order and one summary; the summary goes when they are handled', () => {
  const w = world({}, 2);
  w.trigger('inc_low', 'LOW');
  w.clock.advance(1);
  for (const id of ['inc_h1', 'inc_h2', 'inc_h3', 'inc_h4']) { w.trigger(id, 'HIGH'); w.clock.advance(1); }
  const p = w.plan();
  assert.deepEqual(notified(p), ['inc_h1', 'inc_h2'], 'HIGH first, oldest first');
  assert.deepEqual(p.summarized.map((s) => s.id), ['inc_h3', 'inc_h4', 'inc_low']);
  for (const id of ['inc_h3', 'inc_h4', 'inc_low']) w.acknowledge(id);
  const after = w.plan();
  assert.equal(after.withdrawSummary, true);
  assert.deepEqual(after.withdraw, []);
});

test('after a restart HIGH incidents already triggered page at once; LOW ones are not notified again', () => {
  const w = world();
  w.trigger('inc_a', 'HIGH');
  w.trigger('inc_low', 'LOW');
  w.clock.advance(3600_000);
  w.startFresh();
  assert.deepEqual(notified(w.plan()), ['inc_a']);
});

// ── Escalation: the pager marks each incident with whether this device's person is paged now (pagesHere) and where
// escalation stands (spell = anchor|level|loop); the rules below are what a user on the second level notices.

test('while escalation pages another person this device stays silent; when it reaches this person, it pages at once', () => {
  const w = world({ repeatSeconds: 60 });
  w.trigger('inc_a', 'HIGH');
  w.escalate('inc_a', false, 'anchor|1|0');
  const first = w.plan();
  assert.deepEqual(notified(first), [], 'level 1 is someone else');
  assert.equal(first.wakeAt, null, 'nothing of its own to wake for (the pager wakes at the escalation\'s next change)');
  w.clock.advance(5 * 60_000);
  assert.deepEqual(notified(w.plan()), [], 'still someone else: no repeat either');

  w.escalate('inc_a', true, 'anchor|2|0');
  const reached = w.plan();
  assert.deepEqual(notified(reached), ['inc_a']);
  assert.equal(reached.notify[0]!.repeat, false, 'a first page, not "not acknowledged yet"');
  assert.equal(reached.wakeAt, w.clock.now() + 60_000, 'and it repeats from now');
});

test('a new escalation spell pages afresh even if this person was paged in the previous one; the same spell does not', () => {
  const w = world({ repeatSeconds: 600 });
  w.trigger('inc_a', 'HIGH');
  w.trigger('inc_low', 'LOW');
  w.escalate('inc_a', true, 'anchor|1|0');
  w.escalate('inc_low', true, 'anchor|1|0');
  assert.deepEqual(notified(w.plan()).sort(), ['inc_a', 'inc_low']);

  w.clock.advance(60_000);
  assert.deepEqual(notified(w.plan()), [], 'same spell: the HIGH one waits for its repeat, the LOW one was told once');

  // Both levels page this person (or escalation started over at level 1 on the next loop): a new spell each.
  w.escalate('inc_a', true, 'anchor|2|0');
  w.escalate('inc_low', true, 'anchor|1|1');
  const again = w.plan();
  assert.deepEqual(notified(again).sort(), ['inc_a', 'inc_low']);
  assert.ok(again.notify.every((n) => !n.repeat), 'each is a first page of its spell');
  assert.equal(again.wakeAt, w.clock.now() + 600_000, 'the HIGH one repeats from the new page, not from the old one');
});

test('when the page moves to another person this device withdraws its bubble; when it comes back, it pages again', () => {
  const w = world({ repeatSeconds: 60 });
  w.trigger('inc_a', 'HIGH');
  w.escalate('inc_a', true, 'anchor|1|0');
  w.plan();

  w.clock.advance(30_000);
  w.escalate('inc_a', false, 'anchor|2|0');
  const moved = w.plan();
  assert.deepEqual(moved.withdraw, ['inc_a']);
  assert.deepEqual(notified(moved), []);
  assert.equal(moved.wakeAt, null, 'no repeat while another person is paged');
  assert.deepEqual(w.plan().withdraw, [], 'withdrawn once only');

  w.clock.advance(10 * 60_000);
  w.escalate('inc_a', true, 'anchor|1|1');
  const back = w.plan();
  assert.deepEqual(notified(back), ['inc_a']);
  assert.equal(back.notify[0]!.repeat, false);
});

test('a bubble still up from an earlier spell is withdrawn when the incident is acknowledged in a later one', () => {
  const w = world({ repeatSeconds: 60 });
  w.trigger('inc_a', 'HIGH');
  w.escalate('inc_a', true, 'anchor|1|0');
  w.plan();
  // Paused: the next spell's page waits for the pause to end, so the first spell's bubble is the one showing.
  w.settings.pausedUntil = new Date(w.clock.now() + 3600_000).toISOString();
  w.escalate('inc_a', true, 'anchor|2|0');
  assert.deepEqual(notified(w.plan()), []);
  w.acknowledge('inc_a');
  assert.deepEqual(w.plan().withdraw, ['inc_a'], 'the new spell took over the bubble that is showing');
});
