// A report as CSV (RFC 4180): the HTTP export and the window's "Download CSV" write the same bytes.
import type { ReportRow } from '../../schemas/oncall.ts';

export const REPORT_CSV_HEADER = [
  'week', 'key', 'name', 'incidents', 'acknowledged', 'resolved', 'mtta_seconds', 'mttr_seconds', 'escalated_share',
  'pages_sent', 'pages_outside_support_hours',
] as const;

/**
 * A text cell. Names are people's text: one starting with = + - @ (or a tab or CR) would run as a formula when the
 * file is opened in a spreadsheet, so it gets a leading `'` (OWASP's CSV injection advice). Then RFC 4180 quoting:
 * a cell holding a quote, comma or line break is quoted, its quotes doubled.
 */
export function csvText(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

// Numbers are ours, never a person's text: written as they are (null: an empty cell).
const csvNumber = (n: number | null): string => (n === null ? '' : String(n));

/** The header and one line per row, each ended by CRLF (RFC 4180). */
export function reportCsv(rows: readonly ReportRow[]): string {
  const lines = [REPORT_CSV_HEADER.join(',')];
  for (const r of rows) {
    lines.push([
      r.week, csvText(r.key), csvText(r.name), csvNumber(r.incidents), csvNumber(r.acknowledged), csvNumber(r.resolved),
      csvNumber(r.mttaSeconds), csvNumber(r.mttrSeconds), csvNumber(r.escalatedShare), csvNumber(r.pagesSent),
      csvNumber(r.pagesOutsideSupportHours),
    ].join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}
