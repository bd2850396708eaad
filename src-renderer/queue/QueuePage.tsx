// The incident queue: maintenance on or coming, filters, bulk actions, the list (or the empty state that teaches
// the first event).
import { useQueue } from '../store/context.tsx';
import { DEFAULT_FILTERS } from '../store/queue-order.ts';
import { QueueFilters } from './QueueFilters.tsx';
import { BulkActions } from './BulkActions.tsx';
import { QueueList } from './QueueList.tsx';
import { EmptyState } from '../empty-state/EmptyState.tsx';
import { useQueueKeys } from '../keyboard/useQueueKeys.ts';
import { MaintenanceBanner } from '../maintenance/MaintenanceBanner.tsx';
import { StormBanner } from '../storm/StormBanner.tsx';

export function QueuePage() {
  useQueueKeys();
  const phase = useQueue((s) => s.phase);
  const loadError = useQueue((s) => s.loadError);
  const load = useQueue((s) => s.load);
  const shownCount = useQueue((s) => s.visible.length);
  const loadTotal = useQueue((s) => s.loadTotal);
  const loadingMore = useQueue((s) => s.loadingMore);
  const filtersAreDefault = useQueue((s) => s.filters === DEFAULT_FILTERS || JSON.stringify(s.filters) === JSON.stringify(DEFAULT_FILTERS));
  const anyOpen = useQueue((s) => s.ordered.some((i) => i.status !== 'resolved' && i.status !== 'suppressed'));

  if (phase === 'idle' || phase === 'loading') return <p className="placeholder" role="status">Loading incidents…</p>;
  if (phase === 'failed') {
    return (
      <div className="placeholder" role="alert">
        <p>Could not load incidents: {loadError}</p>
        <button type="button" className="btn" onClick={() => void load()}>Retry</button>
      </div>
    );
  }
  return (
    <section className="queue" aria-label="Incidents">
      <MaintenanceBanner /><StormBanner />
      <div className="toolbar">
        <QueueFilters />
        <BulkActions />
      </div>
      <p className="queue-summary" role="status" aria-live="polite">
        {`${shownCount} shown`}{loadingMore ? ` · loading ${loadTotal} incidents…` : ''}
      </p>
      {!anyOpen && filtersAreDefault ? <EmptyState /> : shownCount === 0 ? <p className="placeholder">No incidents match these filters.</p> : <QueueList />}
    </section>
  );
}
