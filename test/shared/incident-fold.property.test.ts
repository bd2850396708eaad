// The fold is the merge: any order and any duplication of the same op set must give the same incident, and the
// domain's merge rules must hold whatever the interleaving of devices.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { foldIncident } from '../../src-shared/domain/incident-fold.ts';
import { escalationAnchor, quietUntil } from '../../src-shared/domain/lifecycle.ts';
import { encodeHlc } from '../../src-shared/domain/hlc.ts';
import type { Op } from '../../src-shared/domain/ops.ts';

const T0 = Date.parse('2026-01-01T00:00:00Z');
const triggered = (hlcWall: number): Op => ({
  id: 'dev0:1', hlc: encodeHlc({ wall: hlcWall, counter: 0 }), type: 'incident.triggered', entity: 'inc_x',
  data: {
    serviceId: 'svc_a', dedupKey: 'k', title: 'CPU high', description: null, severity: 'critical', urgency: 'HIGH',
    priority: null, impact: null, source: 'prom', customDetails: null, extra: null, autoCreated: true, suppressed: false, by: 'integration:svc_a',
  },
});

/**
 * Random later ops from three devices: status moves (for episode 1 or 2), acknowledgements with a timeout (`until`,
 * `n` minutes on), escalations by hand (to level `n` mod 4 + 1; `escalateEp` names episode 1 to 3), field changes,
 * notes, alerts. Within the first 50 seconds: every quiet spell they begin is still running after them.
 */
const laterOp = fc.record({
  device: fc.constantFrom('dev1', 'dev2', 'dev3'),
  wall: fc.integer({ min: 1, max: 50 }),
  kind: fc.constantFrom('ack', 'ackUntil', 'unack', 'resolve', 'reopen', 'snooze', 'escalate', 'escalateEp', 'title', 'urgency', 'assignee', 'note', 'alert', 'update', 'unknown'),
  episode: fc.integer({ min: 1, max: 3 }),
  text: fc.string({ maxLength: 8 }),
  n: fc.integer({ min: 1, max: 120 }),
});

/** The same over two hours: acknowledgement timeouts and snoozes run out between ops. */
const laterOpOverHours = laterOp.map((o) => ({ ...o, wall: o.wall * 150 }));

type Spec = Omit<typeof laterOp extends fc.Arbitrary<infer T> ? T : never, 'n'> & { n?: number };

function build(specs: Spec[]): Op[] {
  const seqs: Record<string, number> = {};
  const ops: Op[] = [triggered(T0)];
  specs.forEach((s, i) => {
    seqs[s.device] = (seqs[s.device] ?? 0) + 1;
    const base = { id: `${s.device}:${seqs[s.device]}`, hlc: encodeHlc({ wall: T0 + s.wall * 1000, counter: i }), entity: 'inc_x' };
    const by = `user:${s.device}`;
    const typed = (type: string, data: unknown): Op => ({ ...base, type, data });
    switch (s.kind) {
      case 'ack': ops.push(typed('incident.acknowledged', { episode: s.episode, by })); break;
      case 'ackUntil': ops.push(typed('incident.acknowledged', { episode: s.episode, until: new Date(T0 + s.wall * 1000 + (s.n ?? 30) * 60_000).toISOString(), by })); break;
      case 'escalate': ops.push(typed('incident.escalated', { level: ((s.n ?? 1) % 4) + 1, by })); break;
      case 'escalateEp': ops.push(typed('incident.escalated', { level: ((s.n ?? 1) % 4) + 1, episode: s.episode, by })); break;
      case 'unack': ops.push(typed('incident.unacknowledged', { episode: s.episode, by })); break;
      case 'resolve': ops.push(typed('incident.resolved', { episode: s.episode, by })); break;
      case 'reopen': ops.push(typed('incident.reopened', { episode: s.episode + 1, by })); break;
      case 'snooze': ops.push(typed('incident.snoozed', { episode: s.episode, until: new Date(T0 + 3_600_000).toISOString(), by })); break;
      case 'title': ops.push(typed('incident.changed', { fields: { title: `t-${s.text}` }, by })); break;
      case 'urgency': ops.push(typed('incident.changed', { fields: { urgency: s.text.length % 2 ? 'LOW' : 'HIGH' }, by })); break;
      case 'assignee': ops.push(typed('incident.changed', { fields: { assigneeId: s.text || null }, by })); break;
      case 'note': ops.push(typed('incident.note_added', { text: `n-${s.text}`, by })); break;
      case 'alert': ops.push(typed('incident.alert_received', { summary: s.text, severity: null, source: null, customDetails: null, extra: null, by })); break;
      case 'update': ops.push(typed('incident.status_updated', { progress: 'identified', message: `m-${s.text}`, by })); break;
      case 'unknown': ops.push(typed('incident.some_future_fact', { x: s.text })); break;
    }
  });
  return ops;
}

test('any order and any duplication of the same ops folds to the same incident and timeline', () => {
  fc.assert(fc.property(
    fc.array(fc.oneof(laterOp, laterOpOverHours), { maxLength: 30 }),
    fc.infiniteStream(fc.nat()),
    fc.array(fc.nat(), { maxLength: 10 }),
    (specs, randoms, dupIdx) => {
      const ops = build(specs);
      const reference = foldIncident(ops);
      const shuffled = [...ops];
      const r = randoms[Symbol.iterator]();
      for (let i = shuffled.length - 1; i > 0; i--) {
        const j = (r.next().value as number) % (i + 1);
        [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
      }
      const withDuplicates = [...shuffled, ...dupIdx.map((d) => ops[d % ops.length]!)];
      // The whole state is compared, so escalation's inputs too: triggeredAt, escalationLevel, snoozedUntil (an ack's `until`).
      assert.deepEqual(foldIncident(withDuplicates), reference);
    },
  ), { numRuns: 300 });
});

test('every note and alert survives (grow-only), and alertCount counts the trigger plus every repeat', () => {
  fc.assert(fc.property(fc.array(laterOp, { maxLength: 30 }), (specs) => {
    const ops = build(specs);
    const { state, timeline } = foldIncident(ops);
    assert.ok(state);
    const notes = specs.filter((s) => s.kind === 'note').length;
    const alerts = specs.filter((s) => s.kind === 'alert').length;
    assert.equal(timeline.filter((e) => e.kind === 'note').length, notes);
    assert.equal(state.alertCount, 1 + alerts);
  }), { numRuns: 200 });
});

test('responder status only moves forward within an episode: nothing un-resolves an episode but a re-open', () => {
  fc.assert(fc.property(fc.array(laterOp, { maxLength: 30 }), (specs) => {
    const ops = build(specs);
    const { state, timeline } = foldIncident(ops);
    assert.ok(state);
    // Walk the timeline: after a "resolved" entry takes effect, the next effective status change must be a re-open.
    let resolved = false;
    for (const e of timeline) {
      if (e.data.ignored) continue;
      if (e.kind === 'resolved') resolved = true;
      else if (e.kind === 'reopened') resolved = false;
      else if (['acknowledged', 'unacknowledged', 'snoozed'].includes(e.kind)) assert.equal(resolved, false, `${e.kind} took effect after resolve`);
    }
    assert.equal(state.status === 'resolved', resolved);
  }), { numRuns: 300 });
});

test('title, urgency and assignee are last-writer-wins by HLC', () => {
  const ops = build([
    { device: 'dev1', wall: 5, kind: 'title', episode: 1, text: 'late' },
    { device: 'dev2', wall: 2, kind: 'title', episode: 1, text: 'early' },
  ]);
  assert.equal(foldIncident([...ops].reverse()).state?.title, 't-late');
});

test('concurrent re-opens of the same resolved episode collapse into one new episode', () => {
  const ops = build([
    { device: 'dev1', wall: 1, kind: 'resolve', episode: 1, text: '' },
    { device: 'dev2', wall: 2, kind: 'reopen', episode: 1, text: '' },
    { device: 'dev3', wall: 3, kind: 'reopen', episode: 1, text: '' },
  ]);
  const { state } = foldIncident(ops);
  assert.equal(state?.episode, 2);
  assert.equal(state?.status, 'triggered');
});

test('an acknowledge that was made for an earlier episode does not acknowledge the re-opened incident', () => {
  const ops = build([
    { device: 'dev1', wall: 1, kind: 'resolve', episode: 1, text: '' },
    { device: 'dev2', wall: 2, kind: 'reopen', episode: 1, text: '' },
    { device: 'dev3', wall: 3, kind: 'ack', episode: 1, text: '' },
  ]);
  assert.equal(foldIncident(ops).state?.status, 'triggered');
});

/** `build`'s ops end by wall 50 s: these come after all of them. */
const after = (specs: Spec[], more: Spec[]) => foldIncident(build([...specs, ...more])).state!;

test('an acknowledgement with a timeout stops escalation until `until`, then escalation starts over at level 1 from `until`', () => {
  fc.assert(fc.property(fc.array(laterOp, { maxLength: 30 }), fc.integer({ min: 1, max: 600 }), (specs, minutes) => {
    const before = foldIncident(build(specs)).state!;
    const s = after(specs, [{ device: 'dev1', wall: 60, kind: 'ackUntil', episode: before.episode, text: '', n: minutes }]);
    const until = T0 + 60_000 + minutes * 60_000;
    if (before.status === 'resolved' || before.mergedInto !== null) return assert.equal(escalationAnchor(s, until), null);
    assert.equal(s.status, 'acknowledged');
    assert.equal(s.snoozedUntil, new Date(until).toISOString());
    assert.equal(escalationAnchor(s, until - 1), null, 'acknowledged: no escalation');
    assert.deepEqual(escalationAnchor(s, until), { at: until, level: 0 });
    assert.deepEqual(escalationAnchor(s, until + 86_400_000), { at: until, level: 0 });
  }), { numRuns: 300 });
});

test('wherever random ops leave an acknowledgement or snooze with an end, escalation restarts from that end at level 1', () => {
  fc.assert(fc.property(fc.array(laterOp, { maxLength: 30 }), (specs) => {
    const s = foldIncident(build(specs)).state!;
    if (!(s.status === 'acknowledged' || s.status === 'snoozed') || s.snoozedUntil === null) return;
    const until = Date.parse(s.snoozedUntil);
    assert.equal(escalationAnchor(s, until - 1), null);
    assert.deepEqual(escalationAnchor(s, until), { at: until, level: 0 });
  }), { numRuns: 300 });
});

test('escalating by hand triggers an acknowledged incident again at the level asked for, from that instant; a resolved one stays resolved', () => {
  fc.assert(fc.property(fc.array(laterOp, { maxLength: 30 }), fc.integer({ min: 0, max: 3 }), (specs, n) => {
    const before = foldIncident(build(specs)).state!;
    const s = after(specs, [
      { device: 'dev1', wall: 60, kind: 'ack', episode: before.episode, text: '' },
      { device: 'dev2', wall: 61, kind: 'escalate', episode: 1, text: '', n },
    ]);
    const at = T0 + 61_000;
    if (before.status === 'resolved') {
      assert.equal(s.status, 'resolved');
      return assert.equal(escalationAnchor(s, at), null);
    }
    assert.deepEqual([s.status, s.escalationLevel, s.triggeredAt, s.snoozedUntil, s.acknowledgedBy], ['triggered', n + 1, new Date(at).toISOString(), null, null]);
    if (s.mergedInto === null) assert.deepEqual(escalationAnchor(s, at + 1), { at, level: n + 1 });
  }), { numRuns: 300 });
});

test('an escalation by hand written for another episode than the open one changes nothing but the timeline\'s note of it', () => {
  fc.assert(fc.property(fc.array(laterOp, { maxLength: 30 }), fc.integer({ min: 1, max: 3 }), (specs, episode) => {
    const before = foldIncident(build(specs)).state!;
    fc.pre(episode !== before.episode);
    const { state: s, timeline } = foldIncident(build([...specs, { device: 'dev1', wall: 60, kind: 'escalateEp', episode, text: '', n: 1 }]));
    assert.deepEqual({ ...s!, lastHlc: '', updatedAt: '' }, { ...before, lastHlc: '', updatedAt: '' });
    assert.equal(timeline.at(-1)!.data.ignored, true);
  }), { numRuns: 300 });
});

test('raised from LOW to HIGH while open: escalation counts from the raise, at the level it had (level 1 if a quiet spell had run out)', () => {
  fc.assert(fc.property(fc.array(laterOp, { maxLength: 30 }), (specs) => {
    const lowered: Spec = { device: 'dev1', wall: 60, kind: 'urgency', episode: 1, text: 'x' }; // odd length: LOW
    const before = foldIncident(build([...specs, lowered])).state!;
    const s = foldIncident(build([...specs, lowered, { device: 'dev2', wall: 61, kind: 'urgency', episode: 1, text: '' }])).state!;
    const raisedAt = T0 + 61_000;
    assert.equal(s.urgency, 'HIGH');
    if (before.status === 'resolved') return assert.equal(s.triggeredAt, before.triggeredAt);
    const quietEnded = quietUntil(before) !== null && Date.parse(quietUntil(before)!) <= raisedAt;
    assert.deepEqual([s.triggeredAt, s.escalationLevel], [new Date(raisedAt).toISOString(), quietEnded ? 0 : before.escalationLevel]);
    const anchor = escalationAnchor(s, raisedAt);
    if (anchor !== null) assert.deepEqual(anchor, { at: raisedAt, level: s.escalationLevel });
  }), { numRuns: 300 });
});

test('an acknowledgement or snooze after an acknowledgement timed out records the spell the clock began: from its end, at level 1', () => {
  fc.assert(fc.property(fc.array(laterOp, { maxLength: 30 }), fc.integer({ min: 1, max: 120 }), fc.integer({ min: 0, max: 600 }), fc.constantFrom('ack', 'snooze'),
    (specs, minutes, later, kind) => {
      const before = foldIncident(build(specs)).state!;
      fc.pre(before.status !== 'resolved' && before.mergedInto === null);
      const ackAt = 60 + minutes * 60 + later; // at or after the first acknowledgement ran out
      const s = foldIncident(build([...specs,
        { device: 'dev1', wall: 60, kind: 'ackUntil', episode: before.episode, text: '', n: minutes },
        { device: 'dev2', wall: ackAt, kind, episode: before.episode, text: '' },
      ])).state!;
      const until = new Date(T0 + 60_000 + minutes * 60_000).toISOString();
      assert.deepEqual([s.triggeredAt, s.escalationLevel], [until, 0]);
    }), { numRuns: 300 });
});
