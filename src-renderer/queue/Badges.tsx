// Small labelled chips: urgency, priority, status. Colour is never the only signal: each says its value in text.
import type { Incident } from '../../src-shared/schemas/incidents.ts';
import { STATUS_LABELS } from './format.ts';

export const UrgencyBadge = ({ urgency }: { urgency: Incident['urgency'] }) => (
  <span className={`badge urgency-${urgency.toLowerCase()}`} title={`${urgency} urgency`}>{urgency}</span>
);

export const PriorityBadge = ({ priority }: { priority: Incident['priority'] }) => (
  <span className={`badge priority ${priority ? `priority-${priority.toLowerCase()}` : 'priority-none'}`} title={priority ? `Priority ${priority}` : 'No priority'}>
    {priority ?? '—'}
  </span>
);

export const StatusBadge = ({ status }: { status: Incident['status'] }) => (
  <span className={`badge status-${status}`}>{STATUS_LABELS[status] ?? status}</span>
);
