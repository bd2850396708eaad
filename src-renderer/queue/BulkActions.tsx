// Acting on several incidents at once: select rows, then acknowledge (or resolve) them in one command.
import { useQueue } from '../store/context.tsx';
import { SELECT_ALL_LIMIT } from '../store/queue-store.ts';

export function BulkActions() {
  const selected = useQueue((s) => s.selected);
  const total = useQueue((s) => s.total);
  const { acknowledge, resolve, clearSelection, selectAll } = useQueue((s) => s);
  const ids = [...selected];
  // The rows under the filters may not all be held: selecting all asks the host for their ids (a few hundred at most).
  const canSelectAll = total > 0 && total <= SELECT_ALL_LIMIT;
  const allSelected = canSelectAll && selected.size === total;
  const run = (action: (ids: string[]) => Promise<boolean>) => { clearSelection(); void action(ids); };
  return (
    <div className="bulk" aria-label="Selection">
      <label className="field-inline">
        <input type="checkbox" aria-label="Select all shown incidents" checked={allSelected} disabled={!canSelectAll}
          onChange={() => (allSelected ? clearSelection() : void selectAll())} />
        <span>{selected.size > 0 ? `${selected.size} selected` : 'Select'}</span>
      </label>
      <button type="button" className="btn btn-ack" disabled={ids.length === 0} onClick={() => run(acknowledge)}>Acknowledge selected</button>
      <button type="button" className="btn btn-resolve" disabled={ids.length === 0} onClick={() => run(resolve)}>Resolve selected</button>
      {selected.size > 0 && <button type="button" className="link-button" onClick={clearSelection}>Clear selection</button>}
    </div>
  );
}
