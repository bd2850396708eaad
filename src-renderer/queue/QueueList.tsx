// The queue's rows, virtualized: only the rows in view (plus a few) exist in the DOM, so 10,000 open incidents
// scroll as smoothly as ten. The keyboard cursor is kept in view.
import { useEffect, useRef } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useQueue } from '../store/context.tsx';
import { QueueRow } from './QueueRow.tsx';

export const ROW_HEIGHT = 52;

export function QueueList() {
  const visible = useQueue((s) => s.visible);
  const selected = useQueue((s) => s.selected);
  const cursorId = useQueue((s) => s.cursorId);
  const busy = useQueue((s) => s.busy);
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: visible.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 8,
    getItemKey: (index) => visible[index]?.id ?? index,
  });

  const cursorIndex = cursorId === null ? -1 : visible.findIndex((i) => i.id === cursorId);
  useEffect(() => {
    if (cursorIndex >= 0) virtualizer.scrollToIndex(cursorIndex, { align: 'auto' });
  }, [cursorIndex, virtualizer]);

  return (
    <>
    <div className="row row-head" aria-hidden="true">
      <span /><span>Urgency</span><span>Incident</span><span>Status</span><span>Age</span><span>Events</span><span>Assignee</span><span />
    </div>
    <div className="queue-scroll" ref={scrollRef}>
      <div role="list" aria-label="Incident queue" className="queue-list" style={{ height: virtualizer.getTotalSize() }}>
        {virtualizer.getVirtualItems().map((item) => {
          const inc = visible[item.index]!;
          return (
            <QueueRow key={inc.id} incident={inc} top={item.start} height={ROW_HEIGHT}
              selected={selected.has(inc.id)} current={inc.id === cursorId} busy={busy.has(inc.id)} />
          );
        })}
      </div>
    </div>
    </>
  );
}
