// Deleting a schedule or a policy cannot be undone, so the page asks first, naming it.
import { useEffect, useRef } from 'react';

export function ConfirmDelete({ what, detail, onConfirm, onCancel }: { what: string; detail: string; onConfirm: () => void; onCancel: () => void }) {
  const cancelRef = useRef<HTMLButtonElement>(null);
  useEffect(() => { cancelRef.current?.focus(); }, []);
  const title = `Delete ${what}?`;
  return (
    <div className="dialog-backdrop" onMouseDown={onCancel}>
      <div role="alertdialog" aria-modal="true" aria-label={title} className="dialog"
        onMouseDown={(e) => e.stopPropagation()}
        onKeyDown={(e) => { if (e.key === 'Escape') { e.stopPropagation(); onCancel(); } }}>
        <h2>{title}</h2>
        <p>{detail}</p>
        <div className="inline">
          <button type="button" className="btn btn-danger" onClick={onConfirm}>Delete</button>
          <button type="button" className="btn" ref={cancelRef} onClick={onCancel}>Cancel</button>
        </div>
      </div>
    </div>
  );
}
