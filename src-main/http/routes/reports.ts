// On-call reports over HTTP (issue 9 §3): weekly MTTA, MTTR, counts, escalated share and pages per service or
// person, as JSON or as CSV for a spreadsheet. Reading them needs `incidents:read`.
import { ReportQuery, ReportResponse } from '../../../src-shared/schemas/oncall.ts';
import type { KlaxonHandlers } from '../../../src-shared/api.ts';
import { reportCsv } from '../../../src-shared/domain/oncall/report-csv.ts';
import { errorResponse, type Router } from '../router.ts';

const badQuery = errorResponse('Invalid query: from and to must be ISO 8601 instants, to after from, at most 366 days apart');

export function reportRoutes(router: Router, handlers: KlaxonHandlers): void {
  router.route({
    method: 'GET', url: '/api/reports', tag: 'Reports', access: 'incidents:read',
    summary: 'Weekly report rows (weeks from Monday 00:00 UTC; an incident counts in the week it was created) by service or person: '
      + 'incidents, acknowledged, resolved, MTTA and MTTR (to the first acknowledgement / resolve), escalated share, pages, pages outside support hours',
    query: ReportQuery,
    responses: { 200: { description: 'The rows, by week then name', schema: ReportResponse }, 400: badQuery },
    handler: ({ query }) => handlers['reports.get'](query),
  });

  router.route({
    method: 'GET', url: '/api/reports.csv', tag: 'Reports', access: 'incidents:read',
    summary: 'The same rows as CSV (RFC 4180, a header row; a name starting with = + - @ is prefixed with \' so no spreadsheet runs it)',
    query: ReportQuery,
    responses: { 200: { description: 'text/csv' }, 400: badQuery },
    handler: async ({ query, reply }) => {
      const report = await handlers['reports.get'](query);
      void reply.type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="klaxon-report-${report.groupBy}-${report.from.slice(0, 10)}.csv"`);
      return reportCsv(report.rows);
    },
  });
}
