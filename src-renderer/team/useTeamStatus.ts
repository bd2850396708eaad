// The team as the Team page shows it: loaded on open, reloaded when the change feed says the roster changed (a
// device joined, was revoked, announced its addresses) and every 10 s for who is online and when each was last seen
// (the host does not announce connections). Reloads never overlap, and a burst of notices costs one more reload.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { TeamStatus } from '../../src-shared/schemas/team.ts';
import { useApi } from '../store/context.tsx';
import { describeError } from '../bridge/bridge-error.ts';

export const TEAM_REFRESH_MS = 10_000;

export interface TeamView {
  status: TeamStatus | null;
  error: string | null;
  reload(): void;
  /** A status a command answered with (create, join, revoke): shown at once. */
  put(status: TeamStatus): void;
}

export function useTeamStatus(): TeamView {
  const api = useApi();
  const [state, setState] = useState<{ status: TeamStatus | null; error: string | null }>({ status: null, error: null });
  // A reload's answer is dropped if a command's answer (newer) arrived while it was on its way.
  const version = useRef(0);
  const loading = useRef<{ again: boolean } | null>(null);

  const reload = useCallback(() => {
    if (loading.current) { loading.current.again = true; return; }
    const run = { again: false };
    loading.current = run;
    const started = ++version.current;
    void api.send('team.status').then(
      (status) => { if (version.current === started) setState({ status, error: null }); },
      (err: unknown) => { if (version.current === started) setState((cur) => ({ status: cur.status, error: describeError(err) })); },
    ).finally(() => {
      loading.current = null;
      if (run.again) reload();
    });
  }, [api]);

  const put = useCallback((status: TeamStatus) => {
    version.current++;
    setState({ status, error: null });
  }, []);

  useEffect(() => {
    reload();
    const unsubscribe = api.subscribe((notice) => { if (notice.roster || notice.resync) reload(); });
    const timer = setInterval(reload, TEAM_REFRESH_MS);
    return () => { unsubscribe(); clearInterval(timer); };
  }, [api, reload]);

  return { ...state, reload, put };
}
