// One local action's run log, open under it: DeliveryLog over this device's last 100 runs, refreshed while open,
// "Run again" per row (its answer, the run once it ended, shown at once), the incident named by its title when the
// window holds it.
import { useCallback, useEffect } from 'react';
import type { LocalAction, LocalActionRun } from '../../src-shared/schemas/local-actions.ts';
import { displayText } from '../../src-shared/domain/display-text.ts';
import { useApi, useStores } from '../store/context.tsx';
import { DeliveryLog } from './DeliveryLog.tsx';
import { commandText, runLogEntry } from './local-action-log.ts';
import { usePagedLog } from './usePagedLog.ts';

export function LocalActionLog({ action, pushed, refreshMs }: { action: LocalAction; pushed: LocalActionRun | null; refreshMs?: number }) {
  const api = useApi();
  const { queue } = useStores();
  // The host keeps the last 100 runs and answers them at once: one page, nothing older.
  const fetchPage = useCallback(async () => ({ items: await api.send('localActions.runs', { id: action.id }), nextBefore: null }), [api, action.id]);
  const log = usePagedLog(fetchPage, refreshMs);
  const { put } = log;
  // The Test button's run joins the log at once.
  useEffect(() => { if (pushed) put(pushed); }, [pushed, put]);
  const title = (id: string) => queue?.getState().shown.get(id)?.title ?? null;

  return (
    <DeliveryLog
      label={`Runs of ${displayText(action.name)}`}
      entries={log.items?.map((r) => runLogEntry(r, commandText(action), title)) ?? null}
      error={log.error}
      action={{ label: 'Run again', run: async (e) => put(await api.send('localActions.rerun', { id: e.id })) }}
      words={{ answer: 'Output', empty: 'Not run yet.' }}
    />
  );
}
