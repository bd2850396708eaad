// An incident with its timeline, where its escalation stands, and the changes before it. Its fields stay live through the queue store
// (every pushed change lands there); the detail is fetched again whenever the incident changes, and when the clock
// moves its escalation on (the next level, an acknowledgement or snooze running out), which no change announces.
import { useCallback, useEffect, useState } from 'react';
import type { Incident, IncidentDetail } from '../../src-shared/schemas/incidents.ts';
import { useQueue, useStores } from '../store/context.tsx';
import { describeError } from '../bridge/bridge-error.ts';
import { escalationChangeAt } from './escalation-text.ts';

/** Ask a moment after the instant, so the host's answer is the new one. */
const AFTER_CHANGE_MS = 1_000;

export interface IncidentDetailState {
  incident: Incident | null;
  timeline: IncidentDetail['timeline'];
  /** Null: the service has no escalation policy (or the detail is not in yet). */
  escalation: IncidentDetail['escalation'];
  /** Its service's changes in the hour before it began. */
  recentChanges: IncidentDetail['recentChanges'];
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
  const [tick, setTick] = useState(0);

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
  }, [api, queue, id, liveVersion, tick]);

  const wakeAt = detail?.id === id ? escalationChangeAt(detail.escalation, live ?? detail, Date.now()) : null;
  useEffect(() => {
    if (wakeAt === null) return;
    const timer = setTimeout(() => setTick((t) => t + 1), Math.max(0, wakeAt - Date.now()) + AFTER_CHANGE_MS);
    return () => clearTimeout(timer);
  }, [wakeAt]);

  const accept = useCallback((d: IncidentDetail) => { setDetail(d); queue.getState().upsert([d]); }, [queue]);
  return {
    incident: live ?? detail,
    timeline: detail?.id === id ? detail.timeline : [],
    escalation: detail?.id === id ? detail.escalation : null,
    recentChanges: detail?.id === id ? detail.recentChanges : [],
    error,
    loading: detail === null && error === null,
    accept,
  };
}
