// Summing checks into hours and hours into days (pure): counts, uptime inputs, the mean and the p95 against known
// inputs; no-data spans measured to the next check, carried across an hour's start and cut at its end; a day's p95
// read from its hours' histograms within 5% of the true p95 of every check that day, whatever the spread; without
// them, the hours' p95s weighted by their timed checks; what the team is told carries no histogram.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  summarizePeriod, mergeEntries, leanEntry, p95Exact, p95OfHistogram, bucketOf, bucketValue, bucketsOf, histogramOf, HOUR_MS, type RecordedCheck,
} from '../../src-shared/domain/monitors/rollup.ts';
import { notBeingChecked } from '../../src-shared/domain/monitors/reporting.ts';

const H = Date.parse('2026-11-30T10:00:00Z');
const min = (m: number) => H + m * 60_000;
const up = (m: number, ms: number): RecordedCheck => ({ atMs: min(m), outcome: 'up', responseMs: ms });

describe('monitor rollups', () => {
  it('an hour: counts by outcome, mean and p95 of up and degraded response times, a failed check\'s time left out', () => {
    const checks: RecordedCheck[] = [
      ...Array.from({ length: 18 }, (_, i) => up(i, 100 + i * 10)), // 100…270 ms
      { atMs: min(20), outcome: 'degraded', responseMs: 900 },
      { atMs: min(21), outcome: 'down', responseMs: 10_000 },
      up(22, 300),
    ];
    const e = summarizePeriod('mon_a', checks, H, H + HOUR_MS, null);
    assert.equal(e.checks, 21);
    assert.deepEqual([e.up, e.degraded, e.down, e.noDataSeconds], [19, 1, 1, 0]);
    const times = [...Array.from({ length: 18 }, (_, i) => 100 + i * 10), 900, 300];
    assert.equal(e.avgMs, Math.round((times.reduce((a, b) => a + b) / times.length) * 100) / 100);
    assert.equal(e.p95Ms, 300, 'nearest rank: the 19th of 20 sorted times');
    assert.equal(bucketsOf(e.histogram).reduce((n, [, c]) => n + c, 0), 20, 'every timed up or degraded check is in the histogram');
  });

  it('no data lasts from a no_data check to the next check, carries in from before the hour and runs to its end', () => {
    const e = summarizePeriod('mon_a', [
      up(5, 50), { atMs: min(10), outcome: 'no_data', responseMs: null }, { atMs: min(12), outcome: 'no_data', responseMs: null },
      up(40, 50), { atMs: min(50), outcome: 'no_data', responseMs: null },
    ], H, H + HOUR_MS, min(-30));
    // 0-5 carried in (5 min), 10-40 (30 min), 50-60 (10 min).
    assert.equal(e.noDataSeconds, 45 * 60);
    assert.equal(e.checks, 5);
    assert.deepEqual([e.up, e.down], [2, 0]);
    const silent = summarizePeriod('mon_a', [], H, H + HOUR_MS, min(-10));
    assert.equal(silent.noDataSeconds, 3600, 'a whole hour asleep is an hour of no data');
    assert.equal(silent.avgMs, null);
    assert.equal(silent.p95Ms, null);
  });

  it('a day from its hours: counts and no data add up, the mean is weighted by timed checks', () => {
    const a = summarizePeriod('m', [up(0, 100), up(1, 100), up(2, 100)], H, H + HOUR_MS, null);
    const b = summarizePeriod('m', [{ atMs: H + HOUR_MS, outcome: 'up', responseMs: 400 }, { atMs: H + HOUR_MS + 60_000, outcome: 'down', responseMs: null }], H + HOUR_MS, H + 2 * HOUR_MS, null);
    const day = mergeEntries('m', [a, b]);
    assert.deepEqual([day.checks, day.up, day.down], [5, 4, 1]);
    assert.equal(day.avgMs, 175, '(3×100 + 400) / 4');
    assert.equal(mergeEntries('m', []).p95Ms, null);
  });

  it('a day\'s p95 from 24 hourly histograms is within 5% of the exact p95 of all its checks', () => {
    let seed = 7;
    const rand = () => { seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31; return seed / 2 ** 31; };
    for (const spread of [[20, 40], [80, 3000], [1, 60_000]] as const) {
      const all: number[] = [];
      const hours = Array.from({ length: 24 }, (_, h) => {
        // Slower in some hours than others, as a real service is under load.
        const checks = Array.from({ length: 120 }, (_, i) => {
          const ms = Math.round(spread[0] + (spread[1] - spread[0]) * rand() ** (h % 3 === 0 ? 0.5 : 3));
          all.push(ms);
          return { atMs: H + h * HOUR_MS + i * 30_000, outcome: 'up' as const, responseMs: ms };
        });
        return summarizePeriod('m', checks, H + h * HOUR_MS, H + (h + 1) * HOUR_MS, null);
      });
      const exact = p95Exact(all)!;
      const estimate = mergeEntries('m', hours).p95Ms!;
      assert.ok(Math.abs(estimate - exact) / exact <= 0.05, `p95 ${estimate} vs exact ${exact} for times in ${spread.join('–')} ms`);
    }
  });

  it('a day whose histograms are lost: the hours\' p95s weighted by their timed checks; what the team is told has none', () => {
    const fast = summarizePeriod('m', Array.from({ length: 30 }, (_, i) => up(i, 100)), H, H + HOUR_MS, null);
    const slow = summarizePeriod('m', [...Array.from({ length: 10 }, (_, i) => ({ atMs: H + HOUR_MS + i * 60_000, outcome: 'up' as const, responseMs: 500 })),
      { atMs: H + HOUR_MS + 20 * 60_000, outcome: 'down', responseMs: null }], H + HOUR_MS, H + 2 * HOUR_MS, null);
    const withHistograms = mergeEntries('m', [fast, slow]);
    assert.ok(Math.abs(withHistograms.p95Ms! - 500) <= 25, `from the histograms: 500 (${withHistograms.p95Ms})`);
    const lean = [leanEntry(fast), leanEntry(slow)];
    assert.equal('histogram' in lean[0]!, false, 'the team is told counts, no data, mean and p95 only');
    const without = mergeEntries('m', lean);
    assert.equal(without.p95Ms, (100 * 30 + 500 * 10) / 40, 'weighted by timed checks: a down check has no time');
    assert.equal(without.avgMs, 200, 'the mean stays exact: (30×100 + 10×500) / 40');
    assert.deepEqual([without.checks, without.up, without.down], [41, 40, 1]);
    assert.equal(mergeEntries('m', [fast, leanEntry(slow)]).p95Ms, 200, 'one hour lost is enough to fall back: a partial sum would mislead');
  });

  it('each bucket holds the times within 10% growth, and reads back within 5%', () => {
    for (const ms of [1, 2, 13, 100, 999, 1000, 12_345, 600_000]) {
      const v = bucketValue(bucketOf(ms));
      assert.ok(Math.abs(v - ms) / ms <= 0.05 || ms <= 1, `${ms} ms reads as ${v}`);
    }
    assert.equal(p95OfHistogram([]), null);
    const h = histogramOf(new Map([[33, 5], [31, 2]]));
    assert.deepEqual(h, [31, 2, 0, 5], 'the first bucket, then each count up to the last');
    assert.deepEqual(bucketsOf(h), [[31, 2], [33, 5]]);
  });

  it('not being checked: a teammate after 2 hours and an interval of silence, the runner after 3 intervals, never when paused', () => {
    const base = { config: { type: 'http' as const, intervalSeconds: 60 }, paused: false, owedSinceMs: H - 86_400_000, lastReportMs: H };
    assert.equal(notBeingChecked({ ...base, onRunner: false, nowMs: H + 2 * HOUR_MS + 60_000 }), false);
    assert.equal(notBeingChecked({ ...base, onRunner: false, nowMs: H + 2 * HOUR_MS + 61_000 }), true);
    assert.equal(notBeingChecked({ ...base, onRunner: true, nowMs: H + 180_000 }), false);
    assert.equal(notBeingChecked({ ...base, onRunner: true, nowMs: H + 181_000 }), true);
    assert.equal(notBeingChecked({ ...base, paused: true, onRunner: false, nowMs: H + 10 * HOUR_MS }), false);
    assert.equal(notBeingChecked({ ...base, lastReportMs: null, owedSinceMs: H, onRunner: false, nowMs: H + HOUR_MS }), false, 'just made: not owed yet');
    assert.equal(notBeingChecked({ ...base, lastReportMs: null, owedSinceMs: H, onRunner: false, nowMs: H + 3 * HOUR_MS }), true);
  });
});
