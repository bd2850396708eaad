// Reports: for the last 4, 12 or 26 weeks, per service or per person, how fast incidents were acknowledged and
// resolved (MTTA, MTTR), how many there were, how many escalated, as charts and a table, and the same rows as CSV.
// The CSV is written here from the rows shown (the same writer as GET /api/reports.csv): the window's bridge
// session does not authorise /api/* (it takes API keys only), and Electron has no HTTP session at all.
import { useMemo, useState } from 'react';
import { useStore } from 'zustand';
import { weekStart, type ReportGroup } from '../../src-shared/domain/oncall/reports.ts';
import { nowStore } from '../store/now-store.ts';
import { reportCsv } from '../../src-shared/domain/oncall/report-csv.ts';
import { useReport } from './useReport.ts';
import { ReportChart } from './ReportChart.tsx';
import { ReportTable } from './ReportTable.tsx';
import { RANGE_WEEKS, reportRange, weeksOf, seriesOf, type RangeWeeks } from './report-series.ts';
import './reports.css';

// Under a minute in seconds (an acknowledgement at once is 0.05 min, which would read "0 min").
const minutes = (v: number) => (v < 1 ? `${Math.round(v * 60)} s` : `${v >= 10 ? Math.round(v) : Math.round(v * 10) / 10} min`);
const count = (v: number) => String(Math.round(v * 10) / 10);
const percent = (v: number) => `${Math.round(v)}%`;

export function ReportsPage() {
  const [weeks, setWeeks] = useState<RangeWeeks>(12);
  const [groupBy, setGroupBy] = useState<ReportGroup>('service');
  // The range moves on when another is picked or a new week begins, not with every tick of the clock.
  const thisWeek = useStore(nowStore, (s) => weekStart(s.now));
  const range = useMemo(() => reportRange(weeks, thisWeek), [weeks, thisWeek]);
  const view = useReport(range, groupBy);
  const rows = useMemo(() => view.report?.rows ?? [], [view.report]);
  const charts = useMemo(() => {
    const axis = weeksOf(range);
    return {
      axis,
      mtta: seriesOf(rows, axis, 'mttaMinutes'),
      mttr: seriesOf(rows, axis, 'mttrMinutes'),
      incidents: seriesOf(rows, axis, 'incidents'),
      escalated: seriesOf(rows, axis, 'escalatedPercent'),
    };
  }, [rows, range]);
  const csvHref = useMemo(() => `data:text/csv;charset=utf-8,${encodeURIComponent(reportCsv(rows))}`, [rows]);

  return (
    <div className="reports-page">
      <h1>Reports</h1>
      <div className="report-controls">
        <label className="field-inline">
          Range
          <select value={weeks} onChange={(e) => setWeeks(Number(e.target.value) as RangeWeeks)}>
            {RANGE_WEEKS.map((w) => <option key={w} value={w}>Last {w} weeks</option>)}
          </select>
        </label>
        <label className="field-inline">
          Group by
          <select value={groupBy} onChange={(e) => setGroupBy(e.target.value as ReportGroup)}>
            <option value="service">Service</option>
            <option value="user">Person</option>
          </select>
        </label>
        <button type="button" className="btn" onClick={view.reload} disabled={view.loading}>Refresh</button>
        <a className="btn" href={csvHref} download={`klaxon-report-${groupBy}-${range.from.slice(0, 10)}.csv`}>Download CSV</a>
        {view.loading && <span className="muted" role="status">Loading…</span>}
      </div>
      {view.error && <p className="form-error" role="alert">{view.error}</p>}
      <p className="muted">
        Weeks start on Monday 00:00 UTC; an incident counts in the week it was created. MTTA and MTTR are measured to its
        first acknowledgement and first resolve.
      </p>
      <div className="report-charts">
        <ReportChart title="MTTA per week (minutes)" weeks={charts.axis} series={charts.mtta} kind="lines" format={minutes} />
        <ReportChart title="MTTR per week (minutes)" weeks={charts.axis} series={charts.mttr} kind="lines" format={minutes} />
        <ReportChart title="Incidents per week" weeks={charts.axis} series={charts.incidents} kind="stacked-bars" format={count} whole />
        <ReportChart title="Escalated share per week" weeks={charts.axis} series={charts.escalated} kind="lines" format={percent} yMax={100} />
      </div>
      <ReportTable rows={rows} groupBy={groupBy} />
    </div>
  );
}
