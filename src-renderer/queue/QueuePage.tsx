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
  const total = useQueue((s) => s.total);
  const filtersAreDefault = useQueue((s) => s.filters === DEFAULT_FILTERS || JSON.stringify(s.filters) === JSON.stringify(DEFAULT_FILTERS));

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
        {`${total} shown`}
      </p>
      {/* Under the default filters the total is every open incident. */}
      {total === 0 && filtersAreDefault ? <EmptyState /> : total === 0 ? <p className="placeholder">No incidents match these filters.</p> : <QueueList />}
    </section>
  );
}
