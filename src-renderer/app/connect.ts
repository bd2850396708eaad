// Wires the bridge's change feed to the stores, then loads. Subscribing first means nothing committed during the
// initial load is missed: a pushed snapshot and a loaded one meet in the store, and the later one wins.
import type { AppStores } from '../store/context.tsx';
import { navigate } from './router.ts';

interface Navigable { onNavigate?: (listener: (req: { incidentId: string }) => void) => () => void }

export function connectStores({ api, queue, admin }: AppStores): () => void {
  const unsubscribe = api.subscribe((notice) => {
    queue.getState().applyChange(notice);
    admin.getState().applyChange(notice);
  });
  // Electron's deep links (klaxon://incident/<id>) arrive through the bridge when it offers them.
  const nav = (api as Navigable).onNavigate?.((req) => navigate({ name: 'incident', id: req.incidentId }));
  void queue.getState().load();
  void admin.getState().loadAll();
  return () => { unsubscribe(); nav?.(); queue.getState().dispose(); };
}
