// Escalation through time, as every device derives it: a two-level policy (level 1: person A for 5 minutes; level 2:
// schedule S for 10 minutes; repeat once) walked with a fake schedule, and what acknowledging, snoozing, escalating
// by hand, gaps in the schedule and LOW urgency do to who is paged.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pagingTargets, escalationSteps, nextEscalationChangeAt, type ScheduleLookup, type EscalationIncident } from '../../src-shared/domain/oncall/escalation.ts';
import { foldIncident } from '../../src-shared/domain/incident-fold.ts';
import { encodeHlc } from '../../src-shared/domain/hlc.ts';
import type { EscalationPolicy } from '../../src-shared/schemas/oncall.ts';
import type { Op } from '../../src-shared/domain/ops.ts';

const T0 = Date.parse('2026-03-02T10:00:00Z');
const min = (m: number) => T0 + m * 60_000;
const iso = (ms: number) => new Date(ms).toISOString();

/** A schedule as spells [from, to) of one person (null: a gap), in minutes after T0; outside them, a gap. */
type Spells = [number, number, string | null][];
function lookup(schedules: Record<string, Spells>): ScheduleLookup {
  return {
    onCallAt(id, atMs) {
      const spells = schedules[id];
      if (!spells) return null;
      const hit = spells.find(([from, to]) => min(from) <= atMs && atMs < min(to));
      if (hit) return { userId: hit[2], end: min(hit[1]) };
      const nextStart = spells.map(([from]) => min(from)).filter((t) => t > atMs).sort((a, b) => a - b)[0];
      return { userId: null, end: nextStart ?? null };
    },
  };
}

const policy = (over: Partial<EscalationPolicy> = {}): EscalationPolicy => ({
  id: 'pol_1', name: 'Web', description: null, repeat: 1, createdAt: iso(T0), updatedAt: iso(T0),
  levels: [
    { delayMinutes: 5, targets: [{ type: 'user', id: 'usr_a' }] },
    { delayMinutes: 10, targets: [{ type: 'schedule', id: 'sch_s' }] },
  ],
  ...over,
});
const incident = (over: Partial<EscalationIncident> = {}): EscalationIncident => ({
  status: 'triggered', snoozedUntil: null, triggeredAt: iso(T0), escalationLevel: 0, mergedInto: null, urgency: 'HIGH', ...over,
});
const bAllDay = lookup({ sch_s: [[-600, 6000, 'usr_b']] });
const who = (state: ReturnType<typeof pagingTargets>) => state?.paging.map((p) => p.userId);

/** The incident's state from real ops (the fold), to see what acknowledging and escalating by hand write. */
function folded(ops: { at: number; type: string; data: Record<string, unknown> }[]): EscalationIncident {
  const all: Op[] = [{
    id: 'dev0:1', hlc: encodeHlc({ wall: T0, counter: 0 }), type: 'incident.triggered', entity: 'inc_x',
    data: { serviceId: 'svc_a', dedupKey: 'k', title: 'CPU high', description: null, severity: 'critical', urgency: 'HIGH', priority: null, impact: null, source: null, customDetails: null, extra: null, autoCreated: true, suppressed: false, by: 'integration:svc_a' },
  }, ...ops.map((o, i) => ({ id: `dev1:${i + 1}`, hlc: encodeHlc({ wall: o.at, counter: 0 }), type: o.type, entity: 'inc_x', data: { by: 'user:a', ...o.data } }))];
  const { state } = foldIncident(all);
  assert.ok(state);
  return state;
}

test('A is paged first, S\'s person after 5 minutes, A again after 15 (the repeat), then S\'s person until resolved', () => {
  const inc = incident();
  const at = (m: number) => pagingTargets(inc, policy(), bAllDay, min(m))!;
  assert.deepEqual(at(0), {
    policyId: 'pol_1', level: 1, loop: 0, paging: [{ userId: 'usr_a', via: { type: 'user', id: 'usr_a' } }],
    nextEscalationAt: iso(min(5)), emptyLevels: [], nobodyOnCall: false,
  });
  assert.deepEqual([at(4.99).level, who(at(4.99))], [1, ['usr_a']]);
  assert.deepEqual([at(5).level, at(5).loop, who(at(5)), at(5).nextEscalationAt], [2, 0, ['usr_b'], iso(min(15))]);
  assert.deepEqual([at(15).level, at(15).loop, who(at(15)), at(15).nextEscalationAt], [1, 1, ['usr_a'], iso(min(20))]);
  assert.deepEqual([at(20).level, at(20).loop, who(at(20)), at(20).nextEscalationAt], [2, 1, ['usr_b'], null]);
  assert.deepEqual([at(600).level, who(at(600))], [2, ['usr_b']], 'after the last repeat it stays on the last level, paging on');
  assert.deepEqual(escalationSteps(inc, policy(), bAllDay, min(600)).map((s) => [s.at, s.level, s.loop, s.reason, s.paging.map((p) => p.userId)]), [
    [iso(min(0)), 1, 0, 'start', ['usr_a']], [iso(min(5)), 2, 0, 'delay', ['usr_b']],
    [iso(min(15)), 1, 1, 'delay', ['usr_a']], [iso(min(20)), 2, 1, 'delay', ['usr_b']],
  ]);
  const resolved = pagingTargets(incident({ status: 'resolved' }), policy(), bAllDay, min(7));
  assert.deepEqual([resolved?.level, resolved?.paging, resolved?.nextEscalationAt], [0, [], null]);
});

test('acknowledging stops escalation; the acknowledgement timeout restarts it at level 1 from its end', () => {
  const acked = folded([{ at: min(7), type: 'incident.acknowledged', data: { episode: 1 } }]);
  const stopped = pagingTargets(acked, policy(), bAllDay, min(60));
  assert.deepEqual([stopped?.level, stopped?.paging, stopped?.nextEscalationAt], [0, [], null]);
  assert.equal(nextEscalationChangeAt(acked, policy(), bAllDay, min(60)), null);

  const withTimeout = folded([{ at: min(7), type: 'incident.acknowledged', data: { episode: 1, until: iso(min(37)) } }]);
  assert.equal(pagingTargets(withTimeout, policy(), bAllDay, min(36))?.level, 0);
  assert.equal(nextEscalationChangeAt(withTimeout, policy(), bAllDay, min(36)), min(37), 'the pager wakes when the timeout ends');
  const again = pagingTargets(withTimeout, policy(), bAllDay, min(37));
  assert.deepEqual([again?.level, again?.loop, who(again), again?.nextEscalationAt], [1, 0, ['usr_a'], iso(min(42))]);
  assert.equal(pagingTargets(withTimeout, policy(), bAllDay, min(42))?.level, 2);
});

test('escalating by hand pages that level at once, even after an acknowledgement, and carries on from there', () => {
  const inc = folded([
    { at: min(1), type: 'incident.acknowledged', data: { episode: 1 } },
    { at: min(3), type: 'incident.escalated', data: { level: 2 } },
  ]);
  const now = pagingTargets(inc, policy(), bAllDay, min(3));
  assert.deepEqual([now?.level, who(now), now?.nextEscalationAt], [2, ['usr_b'], iso(min(13))]);
  assert.deepEqual(escalationSteps(inc, policy(), bAllDay, min(20)).map((s) => [s.level, s.loop, s.reason]), [[2, 0, 'by_hand'], [1, 1, 'delay'], [2, 1, 'delay']]);
  const beyond = pagingTargets(incident({ escalationLevel: 9 }), policy(), bAllDay, min(0));
  assert.deepEqual([beyond?.level, who(beyond)], [2, ['usr_b']], 'a level beyond the last is the last');
});

test('a level with nobody on call is skipped at once and listed; the walk comes back to it when someone is on call', () => {
  const gapUntil8 = lookup({ sch_s: [[8, 6000, 'usr_b']] });
  const at5 = pagingTargets(incident(), policy(), gapUntil8, min(5));
  assert.deepEqual([at5?.level, at5?.loop, who(at5), at5?.emptyLevels, at5?.nextEscalationAt], [1, 1, ['usr_a'], [2], iso(min(10))]);
  const at10 = pagingTargets(incident(), policy(), gapUntil8, min(10));
  assert.deepEqual([at10?.level, at10?.loop, who(at10), at10?.nextEscalationAt], [2, 1, ['usr_b'], null]);
  assert.deepEqual(escalationSteps(incident(), policy(), gapUntil8, min(10)).map((s) => [s.level, s.loop, s.reason]), [[1, 0, 'start'], [1, 1, 'empty'], [2, 1, 'delay']]);
  // Still a gap when the policy runs out: it stays with the last level that had someone, so A is not left unpaged.
  const gap = lookup({ sch_s: [] });
  const end = pagingTargets(incident(), policy(), gap, min(30));
  assert.deepEqual([end?.level, end?.loop, who(end), end?.emptyLevels, end?.nextEscalationAt, end?.nobodyOnCall], [1, 1, ['usr_a'], [2], null, false]);
});

test('nobody on call at any level: every device pages (nobodyOnCall), until someone comes on call at that level', () => {
  const schedulesOnly = policy({ levels: [
    { delayMinutes: 5, targets: [{ type: 'schedule', id: 'sch_t' }] },
    { delayMinutes: 10, targets: [{ type: 'schedule', id: 'sch_s' }] },
  ] });
  const nightGaps = lookup({ sch_s: [], sch_t: [[60, 600, 'usr_c']] });
  const now = pagingTargets(incident(), schedulesOnly, nightGaps, min(1));
  assert.deepEqual(now, { policyId: 'pol_1', level: 1, loop: 0, paging: [], nextEscalationAt: null, emptyLevels: [1, 2], nobodyOnCall: true });
  assert.equal(nextEscalationChangeAt(incident(), schedulesOnly, nightGaps, min(1)), min(60), 'wakes when the gap ends');
  const later = pagingTargets(incident(), schedulesOnly, nightGaps, min(60));
  assert.deepEqual([later?.level, who(later), later?.nobodyOnCall], [1, ['usr_c'], false]);
});

test('a handoff of S while level 2 pages moves the page to the new person, at the handoff', () => {
  const handoff = lookup({ sch_s: [[-600, 8, 'usr_b'], [8, 6000, 'usr_c']] });
  assert.deepEqual(who(pagingTargets(incident(), policy(), handoff, min(7))), ['usr_b']);
  assert.equal(nextEscalationChangeAt(incident(), policy(), handoff, min(7)), min(8));
  const after = pagingTargets(incident(), policy(), handoff, min(8));
  assert.deepEqual([after?.level, who(after), after?.nextEscalationAt], [2, ['usr_c'], iso(min(15))]);
  assert.equal(nextEscalationChangeAt(incident(), policy(), handoff, min(8)), min(15));
});

test('LOW urgency notifies level 1 (or the first with someone on call) and never escalates', () => {
  const low = incident({ urgency: 'LOW' });
  const later = pagingTargets(low, policy(), bAllDay, min(600));
  assert.deepEqual([later?.level, later?.loop, who(later), later?.nextEscalationAt], [1, 0, ['usr_a'], null]);
  assert.equal(nextEscalationChangeAt(low, policy(), bAllDay, min(0)), null);
  assert.equal(escalationSteps(low, policy(), bAllDay, min(600)).length, 1);
  // Level 1 with nobody on call when it starts: it goes past it at once (as HIGH would), then stays.
  const scheduleFirst = policy({ levels: [...policy().levels].reverse() });
  const past = pagingTargets(low, scheduleFirst, lookup({ sch_s: [] }), min(600));
  assert.deepEqual([past?.level, who(past), past?.emptyLevels, past?.nextEscalationAt], [2, ['usr_a'], [1], null]);
});

test('the end of a snooze restarts escalation at level 1, whatever level it had reached', () => {
  const snoozed = folded([
    { at: min(3), type: 'incident.escalated', data: { level: 2 } },
    { at: min(4), type: 'incident.snoozed', data: { episode: 1, until: iso(min(30)) } },
  ]);
  assert.equal(pagingTargets(snoozed, policy(), bAllDay, min(29))?.level, 0);
  const woke = pagingTargets(snoozed, policy(), bAllDay, min(30));
  assert.deepEqual([woke?.level, who(woke), woke?.nextEscalationAt], [1, ['usr_a'], iso(min(35))]);
});

test('a level names each person once, in the order of its targets; no policy means no answer (every device pages)', () => {
  const both = policy({ levels: [{ delayMinutes: 5, targets: [{ type: 'schedule', id: 'sch_s' }, { type: 'user', id: 'usr_a' }, { type: 'user', id: 'usr_b' }] }] });
  assert.deepEqual(pagingTargets(incident(), both, bAllDay, min(0))?.paging, [
    { userId: 'usr_b', via: { type: 'schedule', id: 'sch_s' } }, { userId: 'usr_a', via: { type: 'user', id: 'usr_a' } },
  ]);
  assert.equal(pagingTargets(incident(), null, bAllDay, min(0)), null);
  assert.deepEqual(escalationSteps(incident(), null, bAllDay, min(0)), []);
  assert.equal(pagingTargets(incident({ mergedInto: 'inc_other' }), policy(), bAllDay, min(0))?.level, 0, 'a merged duplicate never pages');
});
