// Status, service and urgency filters and the search box ("/" focuses it). Each status and urgency says how many
// incidents it would show: the host's counts, under the service and search filters.
import { useQueue, useAdmin } from '../store/context.tsx';
import { countForStatus, countForUrgency, type StatusFilter } from '../store/queue-order.ts';
import type { Urgency } from '../../src-shared/schemas/common.ts';

const withCount = (label: string, n: number | null) => (n === null ? label : `${label} (${n.toLocaleString()})`);

const STATUS_OPTIONS: [StatusFilter, string][] = [
  ['open', 'Open'], ['triggered', 'Triggered'], ['acknowledged', 'Acknowledged'], ['snoozed', 'Snoozed'],
  ['suppressed', 'Suppressed'], ['resolved', 'Resolved'], ['all', 'All'],
];

export const SEARCH_INPUT_ID = 'queue-search';

export function QueueFilters() {
  const filters = useQueue((s) => s.filters);
  const setFilters = useQueue((s) => s.setFilters);
  const counts = useQueue((s) => s.counts);
  const services = useAdmin((s) => s.services) ?? [];
  const statusCount = (f: StatusFilter) => (counts ? countForStatus(counts, f, filters.urgency) : null);
  const urgencyCount = (u: Urgency | null) => (counts ? countForUrgency(counts, filters.status, u) : null);
  return (
    <div className="filters" role="search">
      <label className="field-inline">
        <span>Status</span>
        <select aria-label="Status filter" value={filters.status} onChange={(e) => setFilters({ status: e.target.value as StatusFilter })}>
          {STATUS_OPTIONS.map(([value, label]) => <option key={value} value={value}>{withCount(label, statusCount(value))}</option>)}
        </select>
      </label>
      <label className="field-inline">
        <span>Service</span>
        <select aria-label="Service filter" value={filters.serviceId ?? ''} onChange={(e) => setFilters({ serviceId: e.target.value || null })}>
          <option value="">All services</option>
          {services.map((s) => <option key={s.id} value={s.id}>{s.name}</option>)}
        </select>
      </label>
      <label className="field-inline">
        <span>Urgency</span>
        <select aria-label="Urgency filter" value={filters.urgency ?? ''} onChange={(e) => setFilters({ urgency: (e.target.value || null) as Urgency | null })}>
          <option value="">{withCount('Any urgency', urgencyCount(null))}</option>
          <option value="HIGH">{withCount('High', urgencyCount('HIGH'))}</option>
          <option value="LOW">{withCount('Low', urgencyCount('LOW'))}</option>
        </select>
      </label>
      <input id={SEARCH_INPUT_ID} type="search" className="search" placeholder="Search (/)" aria-label="Search incidents"
        value={filters.q} onChange={(e) => setFilters({ q: e.target.value })} />
    </div>
  );
}
