// An incident with its timeline. Its fields stay live through the queue store (every pushed change lands there);
// the timeline is fetched again whenever the incident changes.
import { useCallback, useEffect, useState } from 'react';
import type { Incident, IncidentDetail } from '../../src-shared/schemas/incidents.ts';
import { useQueue, useStores } from '../store/context.tsx';
import { describeError } from '../bridge/bridge-error.ts';

export interface IncidentDetailState {
  incident: Incident | null;
  timeline: IncidentDetail['timeline'];
  error: string | null;
  loading: boolean;
  /** Puts a command's answer in place (notes, status updates answer with the whole detail). */
  accept(detail: IncidentDetail): void;
}

export function useIncidentDetail(id: string): IncidentDetailState {
  const { api, queue } = useStores();
  const live = useQueue((s) => s.shown.get(id));
  const [detail, setDetail] = useState<IncidentDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  const liveVersion = live?.updatedAt;

  useEffect(() => {
    let cancelled = false;
    api.send('incidents.get', { id }).then((d) => {
      if (cancelled) return;
      setDetail(d);
      setError(null);
      // A resolved incident opened by link is not in the open queue: hold it there so its fields stay live.
      queue.getState().upsert([d]);
    }, (err) => { if (!cancelled) setError(describeError(err)); });
    return () => { cancelled = true; };
  }, [api, queue, id, liveVersion]);

  const accept = useCallback((d: IncidentDetail) => { setDetail(d); queue.getState().upsert([d]); }, [queue]);
  return {
    incident: live ?? detail,
    timeline: detail?.id === id ? detail.timeline : [],
    error,
    loading: detail === null && error === null,
    accept,
  };
}
