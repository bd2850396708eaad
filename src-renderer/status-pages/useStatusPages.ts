// What the Status pages view shows: the pages, what they can show (the team's services and monitors), and whether
// this window may change them (an admin device, or one in no team, over a bridge that lets it list services — as
// the Monitors page decides). Loaded on open, again every 10 s (a teammate's page replicates here, and the change
// feed does not announce pages) and when services, monitors or everything changed; a command's answer shown at once.
import { mayChangePages } from './may-change-pages.ts';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { StatusPage } from '../../src-shared/schemas/status-pages.ts';
import { useApi } from '../store/context.tsx';
import { describeError } from '../bridge/bridge-error.ts';
import type { ComponentChoice } from './status-page-form.ts';

export const STATUS_PAGES_REFRESH_MS = 10_000;

export interface StatusPagesView {
  pages: StatusPage[] | null;
  choices: ComponentChoice[];
  canEdit: boolean;
  error: string | null;
  put(p: StatusPage): void;
  remove(id: string): void;
}

interface Loaded { pages: StatusPage[] | null; choices: ComponentChoice[]; canEdit: boolean; error: string | null }

export function useStatusPages(refreshMs = STATUS_PAGES_REFRESH_MS): StatusPagesView {
  const api = useApi();
  const [state, setState] = useState<Loaded>({ pages: null, choices: [], canEdit: false, error: null });
  // A reload's answer is dropped if a command answered meanwhile: it may predate that command.
  const version = useRef(0);

  const reload = useCallback(() => {
    const started = ++version.current;
    void Promise.all([
      api.send('statusPages.list'),
      api.send('services.list').catch(() => null),
      api.send('monitors.list').catch(() => null),
      api.send('team.status').catch(() => null),
    ]).then(([pages, services, monitors, team]) => {
      if (version.current !== started) return;
      const choices: ComponentChoice[] = [
        ...(services ?? []).map((s) => ({ type: 'service' as const, id: s.id, name: s.name })),
        ...(monitors ?? []).map((m) => ({ type: 'monitor' as const, id: m.id, name: m.name })),
      ];
      setState({ pages, choices, canEdit: mayChangePages(services !== null, team), error: null });
    }, (err: unknown) => { if (version.current === started) setState((cur) => ({ ...cur, error: describeError(err) })); });
  }, [api]);

  useEffect(() => {
    reload();
    const unsubscribe = api.subscribe((notice) => { if (notice.resync || notice.services || notice.monitors) reload(); });
    const timer = setInterval(reload, refreshMs);
    return () => { unsubscribe(); clearInterval(timer); };
  }, [api, reload, refreshMs]);

  const put = useCallback((p: StatusPage) => {
    version.current++;
    setState((cur) => {
      const list = cur.pages ?? [];
      return { ...cur, error: null, pages: list.some((x) => x.id === p.id) ? list.map((x) => (x.id === p.id ? p : x)) : [...list, p] };
    });
  }, []);
  const remove = useCallback((id: string) => {
    version.current++;
    setState((cur) => ({ ...cur, error: null, pages: (cur.pages ?? []).filter((x) => x.id !== id) }));
  }, []);

  return { ...state, put, remove };
}
