// The bridge's reports.get (also GET /api/reports and /api/reports.csv): the engine's report for a range and a
// grouping, the input already checked by ReportQuery (at most 366 days).
import type { KlaxonHandlers } from '../src-shared/api.ts';
import type { Engine } from './engine/types.ts';

export function createReportHandlers(engine: Engine): Pick<KlaxonHandlers, 'reports.get'> {
  return { 'reports.get': async (q) => engine.report(q) };
}
