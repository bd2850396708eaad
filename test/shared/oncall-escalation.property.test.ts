// The three escalation queries tell one story: for random policies, schedules, incident states and instants, the
// steps the timeline shows are what the point query answers at each step, and the pager's wake-up instant is
// exactly where that answer next changes (or a schedule hands off).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { pagingTargets, escalationSteps, nextEscalationChangeAt, type ScheduleLookup, type EscalationIncident } from '../../src-shared/domain/oncall/escalation.ts';
import type { EscalationPolicy } from '../../src-shared/schemas/oncall.ts';

const T0 = Date.parse('2026-03-02T10:00:00Z');
const MIN = 60_000;
const iso = (ms: number) => new Date(ms).toISOString();
const USERS = ['usr_a', 'usr_b', 'usr_c', 'usr_d'];
const SCHEDULES = ['sch_1', 'sch_2', 'sch_3'];

/** A rotation: turns of `turnMin` minutes from `offsetMin`, through `pattern` (null: a gap). */
const rotation = fc.record({
  offsetMin: fc.integer({ min: -60, max: 60 }),
  turnMin: fc.integer({ min: 1, max: 40 }),
  pattern: fc.array(fc.option(fc.constantFrom(...USERS), { nil: null }), { minLength: 1, maxLength: 4 }),
});
type Rotation = typeof rotation extends fc.Arbitrary<infer T> ? T : never;

function lookupOf(rotations: Rotation[]): ScheduleLookup {
  return {
    onCallAt(id, atMs) {
      const r = rotations[SCHEDULES.indexOf(id)];
      if (!r) return null;
      const base = T0 + r.offsetMin * MIN;
      const turn = Math.floor((atMs - base) / (r.turnMin * MIN));
      const n = r.pattern.length;
      return { userId: r.pattern[((turn % n) + n) % n]!, end: base + (turn + 1) * r.turnMin * MIN };
    },
  };
}

const target = fc.oneof(
  fc.record({ type: fc.constant('user' as const), id: fc.constantFrom(...USERS) }),
  fc.record({ type: fc.constant('schedule' as const), id: fc.constantFrom(...SCHEDULES) }),
);
const policy = fc.record({
  levels: fc.array(fc.record({ delayMinutes: fc.integer({ min: 1, max: 30 }), targets: fc.array(target, { minLength: 1, maxLength: 3 }) }), { minLength: 1, maxLength: 4 }),
  repeat: fc.integer({ min: 0, max: 3 }),
}).map((p): EscalationPolicy => ({ id: 'pol_1', name: 'P', description: null, createdAt: iso(T0), updatedAt: iso(T0), ...p }));

const incident = fc.record({
  status: fc.constantFrom('triggered', 'triggered', 'triggered', 'acknowledged', 'snoozed', 'suppressed', 'resolved'),
  untilMin: fc.option(fc.integer({ min: 0, max: 120 }), { nil: null }),
  escalationLevel: fc.integer({ min: 0, max: 5 }),
  merged: fc.boolean(),
  urgency: fc.constantFrom('HIGH', 'HIGH', 'LOW'),
}).map((r): EscalationIncident => ({
  status: r.status as EscalationIncident['status'],
  snoozedUntil: r.status === 'triggered' || r.status === 'resolved' || r.untilMin === null ? null : iso(T0 + r.untilMin * MIN),
  triggeredAt: iso(T0), escalationLevel: r.escalationLevel, mergedInto: r.merged && r.escalationLevel === 5 ? 'inc_other' : null,
  urgency: r.urgency as EscalationIncident['urgency'],
}));

const nowMs = fc.integer({ min: 0, max: 300 * MIN }).map((ms) => T0 + ms);
const world = fc.record({ policy, rotations: fc.array(rotation, { minLength: 3, maxLength: 3 }), incident, nowMs });

test('the steps the timeline shows are what pagingTargets answers at each step, and until the next one', () => {
  fc.assert(fc.property(world, ({ policy: pol, rotations, incident: inc, nowMs: now }) => {
    const look = lookupOf(rotations);
    const steps = escalationSteps(inc, pol, look, now);
    const current = pagingTargets(inc, pol, look, now)!;
    if (current.level === 0) return assert.deepEqual(steps, []);
    assert.ok(steps.length >= 1);
    steps.forEach((step, i) => {
      const at = Date.parse(step.at);
      const there = pagingTargets(inc, pol, look, at)!;
      assert.deepEqual([there.level, there.loop, there.paging], [step.level, step.loop, step.paging], `step ${i} at ${step.at}`);
      const next = steps[i + 1];
      if (next) {
        const before = pagingTargets(inc, pol, look, Date.parse(next.at) - 1)!;
        assert.deepEqual([before.level, before.loop], [step.level, step.loop], `just before step ${i + 1}`);
        assert.ok(Date.parse(next.at) > at && Date.parse(next.at) <= now);
      }
    });
    const last = steps[steps.length - 1]!;
    assert.deepEqual([current.level, current.loop], [last.level, last.loop]);
    if (inc.urgency === 'LOW') assert.equal(steps.length, 1, 'LOW never moves');
  }), { numRuns: 400 });
});

/** Some schedule the policy names hands off exactly at `t`. */
const handoffAt = (pol: EscalationPolicy, look: ScheduleLookup, t: number) =>
  pol.levels.some((l) => l.targets.some((tg) => tg.type === 'schedule' && look.onCallAt(tg.id, t - 1)?.end === t));

test('nextEscalationChangeAt is exactly where the answer next changes: the same until just before it, different at it (or a handoff)', () => {
  fc.assert(fc.property(world, fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }), ({ policy: pol, rotations, incident: inc, nowMs: now }, frac) => {
    const look = lookupOf(rotations);
    const answer = pagingTargets(inc, pol, look, now);
    const change = nextEscalationChangeAt(inc, pol, look, now);
    if (change === null) {
      for (const later of [now + 60 * MIN, now + 7 * 24 * 60 * MIN]) assert.deepEqual(pagingTargets(inc, pol, look, later), answer, `changed at ${iso(later)}`);
      return;
    }
    assert.ok(change > now);
    const between = now + Math.floor(frac * (change - now));
    assert.deepEqual(pagingTargets(inc, pol, look, between), answer, `changed early, at ${iso(between)}`);
    assert.deepEqual(pagingTargets(inc, pol, look, change - 1), answer, 'changed just before');
    const at = pagingTargets(inc, pol, look, change);
    assert.ok(JSON.stringify(at) !== JSON.stringify(answer) || handoffAt(pol, look, change), `nothing changed at ${iso(change)}`);
  }), { numRuns: 400 });
});

test('escalation always ends its walk and answers: every level empty, a million repeats, twenty levels (its cost: bench/oncall.ts)', () => {
  const levels = Array.from({ length: 20 }, () => ({ delayMinutes: 1, targets: [{ type: 'schedule' as const, id: 'sch_1' }] }));
  const pol: EscalationPolicy = { id: 'pol_1', name: 'P', description: null, createdAt: iso(T0), updatedAt: iso(T0), levels, repeat: 1_000_000 };
  const empty = lookupOf([{ offsetMin: 0, turnMin: 60, pattern: [null] }]);
  const inc: EscalationIncident = { status: 'triggered', snoozedUntil: null, triggeredAt: iso(T0), escalationLevel: 0, mergedInto: null, urgency: 'HIGH' };
  for (let i = 0; i < 100; i++) {
    const s = pagingTargets(inc, pol, empty, T0 + i * 7 * MIN)!;
    assert.deepEqual([s.nobodyOnCall, s.level, s.emptyLevels.length], [true, 1, 20], 'nobody anywhere: it stays where it started, every device pages');
  }
  // The longest walk a policy makes: 20 one-minute levels of a rotating schedule, 9 repeats, a day on (200 steps).
  const busy = lookupOf([{ offsetMin: 0, turnMin: 7, pattern: ['usr_a', 'usr_b', 'usr_c'] }]);
  const worst = { ...pol, repeat: 9 };
  for (let i = 0; i < 100; i++) {
    const s = pagingTargets(inc, worst, busy, T0 + 86_400_000 + i * MIN)!;
    assert.deepEqual([s.level, s.loop, s.nextEscalationAt], [20, 9, null], 'on its last level after the ninth repeat, paging on');
  }
  assert.equal(escalationSteps(inc, worst, busy, T0 + 86_400_000).length, 200);
});
