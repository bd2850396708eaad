// The report the page shows: asked of the host for a range and a grouping, again whenever either changes or the
// person asks (a report is a look back over weeks: it does not follow every change live). An answer that arrives
// after a newer question was asked is dropped.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ReportResponse } from '../../src-shared/schemas/oncall.ts';
import type { ReportGroup } from '../../src-shared/domain/oncall/reports.ts';
import { useApi } from '../store/context.tsx';
import { describeError } from '../bridge/bridge-error.ts';

export interface ReportView {
  report: ReportResponse | null;
  loading: boolean;
  error: string | null;
  reload(): void;
}

export function useReport(range: { from: string; to: string }, groupBy: ReportGroup): ReportView {
  const api = useApi();
  const [state, setState] = useState<{ report: ReportResponse | null; loading: boolean; error: string | null }>({ report: null, loading: true, error: null });
  const asked = useRef(0);
  const { from, to } = range;

  const reload = useCallback(() => {
    const n = ++asked.current;
    setState((s) => ({ ...s, loading: true }));
    api.send('reports.get', { from, to, groupBy }).then(
      (report) => { if (asked.current === n) setState({ report, loading: false, error: null }); },
      (err: unknown) => { if (asked.current === n) setState((s) => ({ ...s, loading: false, error: describeError(err) })); },
    );
  }, [api, from, to, groupBy]);

  useEffect(() => {
    reload();
    // A feed that was cut may have missed changes: ask again.
    return api.subscribe((notice) => { if (notice.resync) reload(); });
  }, [api, reload]);

  return { ...state, reload };
}
