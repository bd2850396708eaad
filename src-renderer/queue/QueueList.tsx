// The queue's rows, virtualized over the host's whole list: only the rows in view (plus a few) exist in the DOM,
// and the store holds only the pages around them, asking the host for the rows as they come into view. A row whose
// page is on its way shows as a placeholder. The keyboard cursor is kept in view.
import { useEffect, useRef } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useQueue } from '../store/context.tsx';
import { rowAt } from '../store/queue-store.ts';
import { QueueRow } from './QueueRow.tsx';

export const ROW_HEIGHT = 52;

export function QueueList() {
  const total = useQueue((s) => s.total);
  const pages = useQueue((s) => s.pages);
  const shown = useQueue((s) => s.shown);
  const selected = useQueue((s) => s.selected);
  const cursorId = useQueue((s) => s.cursorId);
  const cursorIndex = useQueue((s) => s.cursorIndex);
  const busy = useQueue((s) => s.busy);
  const setRange = useQueue((s) => s.setRange);
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: total,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 8,
  });

  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items.at(-1)?.index ?? 0;
  useEffect(() => { setRange(first, last); }, [first, last, setRange]);

  useEffect(() => {
    if (cursorIndex >= 0) virtualizer.scrollToIndex(cursorIndex, { align: 'auto' });
  }, [cursorIndex, virtualizer]);

  // Pages fetched at different moments may briefly hold the same incident twice while a change moves it: key each
  // incident once.
  const keys = new Set<string>();
  return (
    <>
    <div className="row row-head" aria-hidden="true">
      <span /><span>Urgency</span><span>Incident</span><span>Status</span><span>Age</span><span>Events</span><span>Assignee</span><span />
    </div>
    <div className="queue-scroll" ref={scrollRef}>
      <div role="list" aria-label="Incident queue" className="queue-list" style={{ height: virtualizer.getTotalSize() }}>
        {items.map((item) => {
          const inc = rowAt({ pages, shown }, item.index);
          if (!inc || keys.has(inc.id)) {
            return <div key={`row-${item.index}`} className="row row-placeholder" aria-hidden="true" style={{ transform: `translateY(${item.start}px)`, height: ROW_HEIGHT }} />;
          }
          keys.add(inc.id);
          return (
            <QueueRow key={inc.id} incident={inc} top={item.start} height={ROW_HEIGHT} position={item.index + 1} setSize={total}
              selected={selected.has(inc.id)} current={inc.id === cursorId} busy={busy.has(inc.id)} />
          );
        })}
      </div>
    </div>
    </>
  );
}
