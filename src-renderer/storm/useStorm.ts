// The alert storm on now, as the host counts it: asked when the window opens, again shortly after incidents change
// (at most every few seconds, however fast they arrive), and on a slow tick, since a storm ends by the clock alone.
import { useEffect, useState } from 'react';
import type { Storm } from '../../src-shared/schemas/incidents.ts';
import { useApi } from '../store/context.tsx';

/** A flood brings a change notice per batch: one question per this many ms is enough. */
const AFTER_CHANGE_MS = 2000;
const TICK_MS = 15_000;

export function useStorm(): Storm | null {
  const api = useApi();
  const [storm, setStorm] = useState<Storm | null>(null);
  useEffect(() => {
    let alive = true;
    let lastAsked = 0;
    let pending: ReturnType<typeof setTimeout> | undefined;
    const ask = () => {
      pending = undefined;
      lastAsked = Date.now();
      // A failed question leaves the banner as it was; the next change or tick asks again.
      api.send('incidents.storm').then((s) => { if (alive) setStorm(s); }, () => {});
    };
    const askSoon = () => {
      if (pending !== undefined) return;
      pending = setTimeout(ask, Math.max(0, lastAsked + AFTER_CHANGE_MS - Date.now()));
    };
    ask();
    const unsubscribe = api.subscribe((notice) => { if (notice.incidents.length > 0 || notice.resync) askSoon(); });
    const tick = setInterval(ask, TICK_MS);
    return () => {
      alive = false;
      unsubscribe();
      clearInterval(tick);
      if (pending !== undefined) clearTimeout(pending);
    };
  }, [api]);
  return storm;
}
