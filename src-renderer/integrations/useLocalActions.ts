// This device's local actions as the section shows them: loaded on open and again every 10 s (`klaxon actions` on
// this machine may change them meanwhile; they never replicate, so no teammate does), a command's answer (created,
// saved, deleted) shown at once. A refusal (a browser on another machine, a session without the admin scope) is kept
// to be shown.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { LocalAction } from '../../src-shared/schemas/local-actions.ts';
import { useApi } from '../store/context.tsx';
import { describeError } from '../bridge/bridge-error.ts';

export const LOCAL_ACTIONS_REFRESH_MS = 10_000;

export interface LocalActionsView {
  actions: LocalAction[] | null;
  error: string | null;
  put(a: LocalAction): void;
  remove(id: string): void;
}

export function useLocalActions(refreshMs = LOCAL_ACTIONS_REFRESH_MS): LocalActionsView {
  const api = useApi();
  const [state, setState] = useState<{ actions: LocalAction[] | null; error: string | null }>({ actions: null, error: null });
  // A reload's answer is dropped if a command answered meanwhile: it may predate that command.
  const version = useRef(0);

  const reload = useCallback(() => {
    const started = ++version.current;
    void api.send('localActions.list').then(
      (actions) => { if (version.current === started) setState({ actions, error: null }); },
      (err: unknown) => { if (version.current === started) setState((cur) => ({ actions: cur.actions, error: describeError(err) })); },
    );
  }, [api]);

  useEffect(() => {
    reload();
    const timer = setInterval(reload, refreshMs);
    return () => clearInterval(timer);
  }, [reload, refreshMs]);

  const put = useCallback((a: LocalAction) => {
    version.current++;
    setState((cur) => {
      const list = cur.actions ?? [];
      return { error: null, actions: list.some((x) => x.id === a.id) ? list.map((x) => (x.id === a.id ? a : x)) : [...list, a] };
    });
  }, []);
  const remove = useCallback((id: string) => {
    version.current++;
    setState((cur) => ({ error: null, actions: (cur.actions ?? []).filter((x) => x.id !== id) }));
  }, []);

  return { ...state, put, remove };
}
