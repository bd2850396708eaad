// The one verdict rule (src-shared/domain/monitors/verdict.ts), over random runs of check outcomes and random
// settings: flips alternate, down needs retries + 1 failures in a row, up needs successesBeforeUp successes in a row,
// re-notify keeps its interval, and "no data" anywhere changes nothing of what the other checks lead to.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { freshVerdict, nextVerdict, type Verdict, type VerdictAction, type VerdictRules } from '../../src-shared/domain/monitors/verdict.ts';
import type { CheckOutcome } from '../../src-shared/schemas/monitors.ts';

const SEED = 20261130;
const START = Date.parse('2026-11-30T10:00:00Z');

const rules: fc.Arbitrary<VerdictRules> = fc.record({
  retries: fc.integer({ min: 0, max: 4 }),
  successesBeforeUp: fc.integer({ min: 1, max: 4 }),
  renotifyMinutes: fc.option(fc.integer({ min: 1, max: 10 }), { nil: null }),
});
/** Outcomes with the seconds since the previous check (30 s to 3 min apart). */
const run = fc.array(fc.record({
  outcome: fc.constantFrom<CheckOutcome>('up', 'degraded', 'down', 'down', 'no_data'),
  gapSeconds: fc.integer({ min: 30, max: 180 }),
}), { maxLength: 80 });

interface Step { outcome: CheckOutcome; at: number; action: VerdictAction; after: Verdict }

function play(r: VerdictRules, checks: { outcome: CheckOutcome; gapSeconds: number }[]): Step[] {
  let v = freshVerdict(START);
  let at = START;
  return checks.map(({ outcome, gapSeconds }) => {
    at += gapSeconds * 1000;
    const step = nextVerdict(v, outcome, r, at);
    v = step.verdict;
    return { outcome, at, action: step.action, after: v };
  });
}

const failed = (o: CheckOutcome) => o === 'down';
const concluded = (steps: Step[]) => steps.filter((s) => s.outcome !== 'no_data');

test('flips alternate (down first), and the state is down exactly between a flip down and the next flip up', () => {
  fc.assert(fc.property(rules, run, (r, checks) => {
    let down = false;
    for (const s of play(r, checks)) {
      if (s.action === 'down') { assert.equal(down, false); down = true; }
      if (s.action === 'up') { assert.equal(down, true); down = false; }
      if (s.action === 'renotify') assert.equal(down, true);
      assert.equal(s.after.state === 'down', down);
    }
  }), { seed: SEED, numRuns: 500 });
});

test('down comes with the (retries + 1)th failure in a row, up with the successesBeforeUp-th success in a row', () => {
  fc.assert(fc.property(rules, run, (r, checks) => {
    const steps = concluded(play(r, checks));
    let down = false;
    steps.forEach((s, i) => {
      // How many of the same kind (failure or success) end here; a flip is never crossed, since each follows its opposite.
      const before = steps.slice(0, i + 1).reverse();
      const streak = before.findIndex((t) => failed(t.outcome) !== failed(s.outcome));
      const inARow = streak === -1 ? before.length : streak;
      if (!down && failed(s.outcome)) {
        assert.ok(inARow <= r.retries + 1, 'never more failures in a row than retries + 1 without going down');
        assert.equal(s.action === 'down', inARow === r.retries + 1);
        if (s.action !== 'down') assert.equal(s.after.state, 'pending');
      }
      if (down && !failed(s.outcome)) assert.equal(s.action === 'up', inARow === r.successesBeforeUp);
      if (!failed(s.outcome)) assert.notEqual(s.after.state, 'pending');
      if (s.action === 'down') down = true;
      if (s.action === 'up') down = false;
    });
  }), { seed: SEED, numRuns: 500 });
});

test('"no data" anywhere changes nothing: the same actions and the same end as without it, and it does nothing itself', () => {
  fc.assert(fc.property(rules, run, (r, checks) => {
    // Drop the no-data checks but keep the time they took, so the others happen at the same instants.
    const without: { outcome: CheckOutcome; gapSeconds: number }[] = [];
    let carried = 0;
    for (const c of checks) {
      if (c.outcome === 'no_data') { carried += c.gapSeconds; continue; }
      without.push({ outcome: c.outcome, gapSeconds: c.gapSeconds + carried });
      carried = 0;
    }
    const full = play(r, checks);
    const bare = play(r, without);
    for (const s of full) if (s.outcome === 'no_data') assert.equal(s.action, 'none');
    assert.deepEqual(concluded(full).map((s) => [s.at, s.action]), bare.map((s) => [s.at, s.action]));
    assert.deepEqual(concluded(full).at(-1)?.after, bare.at(-1)?.after);
  }), { seed: SEED, numRuns: 500 });
});

test('re-notify: never without renotifyMinutes; otherwise on the first failure at least that long after the last page', () => {
  fc.assert(fc.property(rules, run, (r, checks) => {
    let lastPage: number | null = null;
    for (const s of play(r, checks)) {
      if (s.action === 'down') { lastPage = s.at; continue; }
      if (s.action === 'up') { lastPage = null; continue; }
      const due: boolean = r.renotifyMinutes !== null && lastPage !== null && failed(s.outcome) && s.at - lastPage >= r.renotifyMinutes * 60_000;
      assert.equal(s.action === 'renotify', due);
      if (due) lastPage = s.at;
    }
  }), { seed: SEED, numRuns: 500 });
});

test('a walk through: pending, down, staying down, re-notify, a success not yet enough, up', () => {
  const r: VerdictRules = { retries: 2, successesBeforeUp: 2, renotifyMinutes: 5 };
  const min = 60_000;
  const steps = play(r, [
    { outcome: 'down', gapSeconds: 60 }, { outcome: 'down', gapSeconds: 60 }, { outcome: 'no_data', gapSeconds: 60 },
    { outcome: 'down', gapSeconds: 60 }, { outcome: 'down', gapSeconds: 240 }, { outcome: 'down', gapSeconds: 60 },
    { outcome: 'up', gapSeconds: 60 }, { outcome: 'down', gapSeconds: 60 }, { outcome: 'degraded', gapSeconds: 60 }, { outcome: 'up', gapSeconds: 60 },
  ]);
  assert.deepEqual(steps.map((s) => [s.after.state, s.action]), [
    ['pending', 'none'], ['pending', 'none'], ['pending', 'none'], ['down', 'down'], ['down', 'none'], ['down', 'renotify'],
    ['down', 'none'], ['down', 'none'], ['down', 'none'], ['up', 'up'],
  ]);
  assert.equal(steps[3]!.after.sinceMs, START + 4 * min);
  assert.equal(steps[5]!.after.notifiedAtMs, START + 9 * min);
});
