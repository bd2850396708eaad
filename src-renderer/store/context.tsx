// The stores and the bridge, handed to components through React context (tests can render with fakes).
import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import type { KlaxonApi } from '../../src-shared/api.ts';
import type { QueueStore, QueueState, QueueActions } from './queue-store.ts';
import type { AdminStore, AdminState, AdminActions } from './admin-store.ts';

export interface AppStores { api: KlaxonApi; queue: QueueStore; admin: AdminStore }

export const StoresContext = createContext<AppStores | null>(null);

export function useStores(): AppStores {
  const stores = useContext(StoresContext);
  if (!stores) throw new Error('StoresContext missing');
  return stores;
}

export const useQueue = <T,>(selector: (s: QueueState & QueueActions) => T): T => useStore(useStores().queue, selector);
export const useAdmin = <T,>(selector: (s: AdminState & AdminActions) => T): T => useStore(useStores().admin, selector);
export const useApi = (): KlaxonApi => useStores().api;
