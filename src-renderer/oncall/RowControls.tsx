// A row's place in an ordered list being edited (a schedule's layers, a policy's levels): move it up or down, or
// remove it. The order is what the host is sent (later layers win, levels page in turn).

export interface RowControlsProps {
  /** The row as the person reads it ("Layer 2"), in the buttons' names. */
  label: string;
  index: number;
  count: number;
  removeText: string;
  /** The list may not be emptied (a policy has at least one level). */
  keepOne?: boolean;
  onMove(by: -1 | 1): void;
  onRemove(): void;
}

export function RowControls({ label, index, count, removeText, keepOne = false, onMove, onRemove }: RowControlsProps) {
  return (
    <div className="inline">
      <button type="button" className="btn btn-small" disabled={index === 0} aria-label={`Move ${label} up`} onClick={() => onMove(-1)}>↑</button>
      <button type="button" className="btn btn-small" disabled={index === count - 1} aria-label={`Move ${label} down`} onClick={() => onMove(1)}>↓</button>
      <button type="button" className="btn btn-small btn-danger" disabled={keepOne && count === 1} aria-label={`Remove ${label}`} onClick={onRemove}>{removeText}</button>
    </div>
  );
}
