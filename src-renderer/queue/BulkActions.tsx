// Acting on several incidents at once: select rows, then acknowledge (or resolve) them in one command.
import { useQueue } from '../store/context.tsx';

export function BulkActions() {
  const selected = useQueue((s) => s.selected);
  const visible = useQueue((s) => s.visible);
  const { acknowledge, resolve, clearSelection, setSelected } = useQueue((s) => s);
  const ids = [...selected];
  const allSelected = visible.length > 0 && visible.length <= 500 && visible.every((i) => selected.has(i.id));
  const run = (action: (ids: string[]) => Promise<boolean>) => { clearSelection(); void action(ids); };
  return (
    <div className="bulk" aria-label="Selection">
      <label className="field-inline">
        <input type="checkbox" aria-label="Select all shown incidents" checked={allSelected}
          disabled={visible.length === 0 || visible.length > 500}
          onChange={() => (allSelected ? clearSelection() : setSelected(visible.map((i) => i.id)))} />
        <span>{selected.size > 0 ? `${selected.size} selected` : 'Select'}</span>
      </label>
      <button type="button" className="btn btn-ack" disabled={ids.length === 0} onClick={() => run(acknowledge)}>Acknowledge selected</button>
      <button type="button" className="btn btn-resolve" disabled={ids.length === 0} onClick={() => run(resolve)}>Resolve selected</button>
      {selected.size > 0 && <button type="button" className="link-button" onClick={clearSelection}>Clear selection</button>}
    </div>
  );
}
