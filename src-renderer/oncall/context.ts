// The On-call store handed to the page's components (tests render them with a store over a fake bridge), and a
// directory of people, schedules and policies for the views that only name them (an incident, Settings).
import { createContext, useContext, useEffect, useState } from 'react';
import { useStore } from 'zustand';
import { useApi } from '../store/context.tsx';
import { createOnCallStore, type OnCallActions, type OnCallState, type OnCallStore } from './oncall-store.ts';

export const OnCallContext = createContext<OnCallStore | null>(null);

export function useOnCallStore(): OnCallStore {
  const store = useContext(OnCallContext);
  if (!store) throw new Error('OnCallContext missing');
  return store;
}

export const useOnCall = <T,>(selector: (s: OnCallState & OnCallActions) => T): T => useStore(useOnCallStore(), selector);

/** A store of this view's own, started while the view is shown (the bridge never changes under a window). */
export function useOwnOnCallStore(opts: { directory?: boolean } = {}): OnCallStore {
  const api = useApi();
  const [store] = useState(() => createOnCallStore(api, opts));
  useEffect(() => store.getState().start(), [store]);
  return store;
}
