// One incident in the queue: what it is, how bad, how old, who has it, and the two buttons a responder needs. Its
// texts are shown through displayText, so a bidi override in a title cannot make the row read as another incident.
import { memo } from 'react';
import type { Incident } from '../../src-shared/schemas/incidents.ts';
import { useStores } from '../store/context.tsx';
import { canMoveTo } from '../../src-shared/domain/lifecycle.ts';
import { displayText } from '../../src-shared/domain/display-text.ts';
import { hrefFor } from '../app/router.ts';
import { Age } from './Age.tsx';
import { PriorityBadge, StatusBadge, UrgencyBadge } from './Badges.tsx';

export interface QueueRowProps {
  incident: Incident;
  selected: boolean;
  current: boolean;
  busy: boolean;
  top: number;
  height: number;
  /** Its place in the whole list (1-based) and the list's length: the DOM holds only the rows in view. */
  position: number;
  setSize: number;
}

export const QueueRow = memo(function QueueRow({ incident: inc, selected, current, busy, top, height, position, setSize }: QueueRowProps) {
  const { queue } = useStores();
  const title = displayText(inc.title);
  const canAck = canMoveTo(inc.status, 'acknowledged');
  const canResolve = canMoveTo(inc.status, 'resolved');
  const classes = ['row', `row-${inc.status}`, current ? 'current' : '', selected ? 'selected' : ''].filter(Boolean).join(' ');
  return (
    <div
      role="listitem"
      aria-label={title}
      aria-current={current ? 'true' : undefined}
      aria-posinset={position}
      aria-setsize={setSize}
      data-incident-id={inc.id}
      className={classes}
      style={{ transform: `translateY(${top}px)`, height }}
      onMouseDown={() => queue.getState().setCursor(inc.id)}
    >
      <input type="checkbox" className="row-select" aria-label={`Select ${title}`} checked={selected}
        onChange={() => queue.getState().toggleSelected(inc.id)} />
      <span className="row-badges"><UrgencyBadge urgency={inc.urgency} /><PriorityBadge priority={inc.priority} /></span>
      <span className="row-main">
        <a className="row-title" href={hrefFor({ name: 'incident', id: inc.id })}>{title}</a>
        <span className="row-service">{displayText(inc.service.name)}</span>
      </span>
      <StatusBadge status={inc.status} />
      <Age since={inc.createdAt} label="Age" />
      <span className="row-count" title="Events received">{inc.alertCount === 1 ? '1 event' : `${inc.alertCount} events`}</span>
      <span className="row-assignee" title="Assignee">{inc.assignee ? displayText(inc.assignee.id) : 'Unassigned'}</span>
      <span className="row-actions">
        <button type="button" className="btn btn-ack" disabled={!canAck || busy} onClick={() => void queue.getState().acknowledge([inc.id])}>Acknowledge</button>
        <button type="button" className="btn btn-resolve" disabled={!canResolve || busy} onClick={() => void queue.getState().resolve([inc.id])}>Resolve</button>
      </span>
    </div>
  );
});
