// What a monitor's results come to wherever they are shown (the window, `klaxon monitors show`): uptime from the raw
// checks where this device holds them (no data concludes nothing), else from the hourly rollups; response times from
// each check, else each hour's average; 90 UTC-day bars ending today, empty days null; uptime never rounded up to 100 %.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { uptimeOf, responseSeries, dailyBars, formatUptime } from '../../src-shared/domain/monitors/summary.ts';
import type { CheckResult, MonitorRollup } from '../../src-shared/schemas/monitors.ts';

const check = (at: string, outcome: CheckResult['outcome'], responseMs: number | null = null): CheckResult => ({ at, outcome, responseMs, message: null });
const hour = (start: string, up: number, down: number, avgMs: number | null): MonitorRollup =>
  ({ period: 'hour', start, checks: up + down, up, degraded: 0, down, noDataSeconds: 0, uptime: up + down === 0 ? null : up / (up + down), avgMs, p95Ms: null });

test('uptime: degraded counts as up, no data counts for nothing; the rollups answer when no raw check concluded anything', () => {
  assert.equal(uptimeOf([check('2026-03-06T10:00:00Z', 'up'), check('2026-03-06T10:01:00Z', 'degraded'), check('2026-03-06T10:02:00Z', 'down'),
    check('2026-03-06T10:03:00Z', 'no_data'), check('2026-03-06T10:04:00Z', 'up')], []), 0.75);
  const hours = [hour('2026-03-06T09:00:00Z', 50, 10, 40), hour('2026-03-06T10:00:00Z', 60, 0, 60)];
  assert.equal(uptimeOf([check('2026-03-06T10:03:00Z', 'no_data')], hours), 110 / 120);
  assert.equal(uptimeOf([], []), null);
});

test('response series: each check that measured one, in time order; else the hourly averages', () => {
  const raw = responseSeries([check('2026-03-06T10:01:00Z', 'up', 30), check('2026-03-06T10:00:00Z', 'up', 20), check('2026-03-06T10:02:00Z', 'down', null)],
    [hour('2026-03-06T09:00:00Z', 1, 0, 99)]);
  assert.deepEqual(raw, { source: 'checks', points: [{ atMs: Date.parse('2026-03-06T10:00:00Z'), ms: 20 }, { atMs: Date.parse('2026-03-06T10:01:00Z'), ms: 30 }] });
  const hourly = responseSeries([check('2026-03-06T10:02:00Z', 'down', null)], [hour('2026-03-06T09:00:00Z', 1, 0, 99), hour('2026-03-06T08:00:00Z', 0, 0, null)]);
  assert.deepEqual(hourly, { source: 'hourly', points: [{ atMs: Date.parse('2026-03-06T09:00:00Z'), ms: 99 }] });
});

test('90 bars, one per UTC day ending with today; days without a rollup are null', () => {
  const day = (start: string, uptime: number | null): MonitorRollup => ({ ...hour(start, 0, 0, null), period: 'day', uptime, checks: uptime === null ? 0 : 10 });
  const bars = dailyBars([day('2026-03-06T00:00:00.000Z', 0.5), day('2026-03-04T00:00:00.000Z', 1), day('2025-11-01T00:00:00.000Z', 1)], Date.parse('2026-03-06T23:59:00Z'));
  assert.equal(bars.length, 90);
  assert.deepEqual(bars.at(-1), { day: '2026-03-06', uptime: 0.5, checks: 10 });
  assert.deepEqual(bars.at(-2), { day: '2026-03-05', uptime: null, checks: 0 });
  assert.equal(bars.at(-3)!.uptime, 1);
  assert.equal(bars[0]!.day, '2025-12-07', 'older rollups are outside the 90 days');
});

test('uptime in words: two decimals, never 100.00 % when anything was down', () => {
  assert.equal(formatUptime(1), '100.00 %');
  assert.equal(formatUptime(0.99999), '99.99 %');
  assert.equal(formatUptime(0.5), '50.00 %');
  assert.equal(formatUptime(null), 'no data');
});
