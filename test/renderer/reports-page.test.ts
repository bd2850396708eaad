// The Reports page against the fake API (components rendered in happy-dom): it asks the host for the last 12 weeks
// by service, draws the four charts with uPlot (one series per service, or per person once regrouped), lists the
// rows in a table with durations a person reads, asks again for another range or grouping, offers the very rows as
// a CSV download, and says why when the host refuses.
import { test, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import type { ReportResponse, ReportRow } from '../../src-shared/schemas/oncall.ts';
import { componentTests, eventually } from './support/dom.ts';
import { createFakeApi, type FakeApi } from './support/fake-api.ts';

const { screen, fireEvent, within, createElement, renderWithApi } = await componentTests();
const { ReportsPage } = await import('../../src-renderer/reports/ReportsPage.tsx');
const { nowStore } = await import('../../src-renderer/store/now-store.ts');
const { KlaxonError } = await import('../../src-shared/schemas/errors.ts');

const NOW = Date.parse('2026-03-04T15:00:00Z'); // a Wednesday: the range ends on Monday 9 March
const row = (over: Partial<ReportRow>): ReportRow => ({
  week: '2026-03-02T00:00:00.000Z', key: 'svc_a', name: 'API', incidents: 2, acknowledged: 2, resolved: 1, mttaSeconds: 360,
  mttrSeconds: 5400, escalatedShare: 0.5, pagesSent: 4, pagesOutsideSupportHours: 2, ...over,
});
const BY_SERVICE = [
  row({ week: '2026-02-23T00:00:00.000Z', incidents: 1, acknowledged: 1, mttaSeconds: 300, mttrSeconds: 3900, escalatedShare: 0, pagesSent: 1, pagesOutsideSupportHours: 0 }),
  row({}),
  row({ key: 'svc_b', name: '=DB', incidents: 1, acknowledged: 0, mttaSeconds: null, mttrSeconds: 600, escalatedShare: 0, pagesSent: 1, pagesOutsideSupportHours: 0 }),
];
const BY_PERSON = [row({ key: 'usr_a', name: 'Alice', incidents: 3, acknowledged: 1, mttaSeconds: 45 })];

let api: FakeApi;
beforeEach(() => {
  nowStore.setState({ now: NOW });
  api = createFakeApi();
  api.handle('reports.get', async (input) => {
    const q = input as { from: string; to: string; groupBy: 'service' | 'user' };
    return { from: q.from, to: q.to, groupBy: q.groupBy, rows: q.groupBy === 'user' ? BY_PERSON : BY_SERVICE } satisfies ReportResponse;
  });
});

const renderPage = () => renderWithApi(api, createElement(ReportsPage));
const reportCalls = () => api.calls.filter((c) => c.method === 'reports.get').map((c) => c.input as { from: string; to: string; groupBy: string });
const table = () => screen.getByRole('table', { name: 'Report by week' });

test('opens on the last 12 weeks by service: four charts with a series per service, and the rows in a table', async () => {
  renderPage();
  await eventually(() => assert.equal(within(table()).getAllByRole('row').length, 1 + BY_SERVICE.length));
  assert.deepEqual(reportCalls(), [{ from: '2025-12-15T00:00:00.000Z', to: '2026-03-09T00:00:00.000Z', groupBy: 'service' }]);

  const legendOf = (title: string) => [...screen.getByRole('figure', { name: title }).querySelectorAll('.u-legend .u-series .u-label')].map((e) => e.textContent);
  for (const title of ['MTTA per week (minutes)', 'MTTR per week (minutes)', 'Incidents per week', 'Escalated share per week']) {
    // The charts are drawn in an effect, after the table is in place.
    await eventually(() => assert.deepEqual(legendOf(title).sort(), ['=DB', 'API', 'Week'], `${title}: one series per service`));
    assert.equal(screen.getByRole('figure', { name: title }).querySelectorAll('.uplot canvas').length, 1, `${title} is drawn by uPlot, once`);
  }

  const cells = within(table()).getAllByRole('row').map((r) => [...r.querySelectorAll('th, td')].map((c) => c.textContent));
  assert.deepEqual(cells[0], ['Week of', 'Service', 'Incidents', 'Acknowledged', 'Resolved', 'MTTA', 'MTTR', 'Escalated', 'Pages', 'Pages outside support hours']);
  assert.deepEqual(cells[2]!.slice(1), ['API', '2', '2', '1', '6 min', '1 h 30 min', '50%', '4', '2']);
  assert.deepEqual(cells[3]!.slice(1), ['=DB', '1', '0', '1', '—', '10 min', '0%', '1', '0'], 'no acknowledgement: no MTTA');
});

test('grouping by person and another range ask the host again; the table and charts follow', async () => {
  renderPage();
  await eventually(() => assert.equal(reportCalls().length, 1));
  fireEvent.change(screen.getByRole('combobox', { name: 'Group by' }), { target: { value: 'user' } });
  await eventually(() => within(table()).getByRole('rowheader', { name: 'Alice' }));
  assert.equal(within(table()).getAllByRole('columnheader')[1]!.textContent, 'Person');
  await eventually(() => assert.deepEqual(
    [...screen.getByRole('figure', { name: 'MTTA per week (minutes)' }).querySelectorAll('.u-legend .u-label')].map((e) => e.textContent), ['Week', 'Alice']));

  fireEvent.change(screen.getByRole('combobox', { name: 'Range' }), { target: { value: '4' } });
  await eventually(() => assert.equal(reportCalls().length, 3));
  assert.deepEqual(reportCalls()[2], { from: '2026-02-09T00:00:00.000Z', to: '2026-03-09T00:00:00.000Z', groupBy: 'user' });
});

test('Download CSV holds the rows shown, names guarded against spreadsheet formulas', async () => {
  renderPage();
  await eventually(() => within(table()).getByRole('rowheader', { name: '=DB' }));
  const link = screen.getByRole('link', { name: 'Download CSV' });
  assert.equal(link.getAttribute('download'), 'klaxon-report-service-2025-12-15.csv');
  const href = link.getAttribute('href')!;
  assert.match(href, /^data:text\/csv;charset=utf-8,/);
  const csv = decodeURIComponent(href.slice(href.indexOf(',') + 1)).split('\r\n');
  assert.equal(csv[0], 'week,key,name,incidents,acknowledged,resolved,mtta_seconds,mttr_seconds,escalated_share,pages_sent,pages_outside_support_hours');
  assert.equal(csv[3], "2026-03-02T00:00:00.000Z,svc_b,'=DB,1,0,1,,600,0,1,0");
  assert.equal(csv.length, 1 + BY_SERVICE.length + 1);
});

test('a refusal from the host is shown, and Refresh asks again', async () => {
  let refuse = true;
  api.handle('reports.get', async (input) => {
    if (refuse) throw new KlaxonError('VALIDATION_FAILED', 'at most 366 days at once');
    const q = input as { from: string; to: string; groupBy: 'service' };
    return { ...q, rows: BY_SERVICE };
  });
  renderPage();
  await eventually(() => assert.equal(screen.getByRole('alert').textContent, 'at most 366 days at once'));
  refuse = false;
  fireEvent.click(screen.getByRole('button', { name: 'Refresh' }));
  await eventually(() => assert.equal(within(table()).getAllByRole('row').length, 1 + BY_SERVICE.length));
  assert.ok(!screen.queryByRole('alert'));
});
