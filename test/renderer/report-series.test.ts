// What the Reports page's charts draw: whole weeks from Monday to Monday, a week with no incidents shown as 0
// incidents but as a gap in the MTTA line (nothing to average), one series per service, stacked running totals
// for the bars, and durations written the way a person reads them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { reportRange, weeksOf, seriesOf, stacked, formatDuration } from '../../src-renderer/reports/report-series.ts';
import type { ReportRow } from '../../src-shared/schemas/oncall.ts';

const row = (week: string, key: string, name: string, incidents: number, mttaSeconds: number | null): ReportRow => ({
  week, key, name, incidents, acknowledged: 0, resolved: 0, mttaSeconds, mttrSeconds: null, escalatedShare: 0.25, pagesSent: 0, pagesOutsideSupportHours: 0,
});

test('the last N weeks end with this one: Monday 00:00 UTC to the Monday after', () => {
  const sundayNight = Date.parse('2026-03-08T23:59:00Z');
  assert.deepEqual(reportRange(4, sundayNight), { from: '2026-02-09T00:00:00.000Z', to: '2026-03-09T00:00:00.000Z' });
  assert.deepEqual(reportRange(4, Date.parse('2026-03-09T00:00:00Z')), { from: '2026-02-16T00:00:00.000Z', to: '2026-03-16T00:00:00.000Z' });
  assert.equal(weeksOf(reportRange(26, sundayNight)).length, 26);
});

test('series per key aligned with the weeks: counts 0 and means missing where a week had none', () => {
  const weeks = weeksOf({ from: '2026-02-16T00:00:00.000Z', to: '2026-03-09T00:00:00.000Z' });
  const rows = [row('2026-02-16T00:00:00.000Z', 'svc_b', 'DB', 2, 600), row('2026-03-02T00:00:00.000Z', 'svc_b', 'DB', 1, null),
    row('2026-03-02T00:00:00.000Z', 'svc_a', 'API', 3, 120)];
  assert.deepEqual(seriesOf(rows, weeks, 'incidents'), [
    { key: 'svc_a', name: 'API', values: [0, 0, 3] }, { key: 'svc_b', name: 'DB', values: [2, 0, 1] },
  ]);
  assert.deepEqual(seriesOf(rows, weeks, 'mttaMinutes').map((s) => s.values), [[null, null, 2], [10, null, null]]);
  assert.deepEqual(seriesOf(rows, weeks, 'escalatedPercent')[0]!.values, [null, null, 25]);
  assert.deepEqual(stacked(seriesOf(rows, weeks, 'incidents')).map((s) => s.values), [[0, 0, 3], [2, 0, 4]]);
});

test('durations', () => {
  assert.equal(formatDuration(null), '—');
  assert.equal(formatDuration(45), '45 s');
  assert.equal(formatDuration(360), '6 min');
  assert.equal(formatDuration(5400), '1 h 30 min');
  assert.equal(formatDuration(3 * 86_400 + 4 * 3600), '3 d 4 h');
});
