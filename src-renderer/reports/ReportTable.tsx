// The report's figures under the charts, one line per week and service or person, as the CSV has them.
import type { ReportRow } from '../../src-shared/schemas/oncall.ts';
import type { ReportGroup } from '../../src-shared/domain/oncall/reports.ts';
import { displayText } from '../../src-shared/domain/display-text.ts';
import { formatDuration, formatPercent } from './report-series.ts';

const weekText = (iso: string) => new Date(iso).toLocaleDateString(undefined, { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });

export function ReportTable({ rows, groupBy }: { rows: readonly ReportRow[]; groupBy: ReportGroup }) {
  if (rows.length === 0) return <p className="muted">No incidents were created in this range.</p>;
  return (
    <table className="report-table" aria-label="Report by week">
      <thead>
        <tr>
          <th scope="col">Week of</th>
          <th scope="col">{groupBy === 'service' ? 'Service' : 'Person'}</th>
          <th scope="col">Incidents</th>
          <th scope="col">Acknowledged</th>
          <th scope="col">Resolved</th>
          <th scope="col">MTTA</th>
          <th scope="col">MTTR</th>
          <th scope="col">Escalated</th>
          <th scope="col">Pages</th>
          <th scope="col">Pages outside support hours</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={`${r.week} ${r.key}`}>
            <td>{weekText(r.week)}</td>
            <th scope="row">{displayText(r.name)}</th>
            <td>{r.incidents}</td>
            <td>{r.acknowledged}</td>
            <td>{r.resolved}</td>
            <td>{formatDuration(r.mttaSeconds)}</td>
            <td>{formatDuration(r.mttrSeconds)}</td>
            <td>{formatPercent(r.escalatedShare)}</td>
            <td>{r.pagesSent}</td>
            <td>{r.pagesOutsideSupportHours}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
