// Deleting a schedule or a policy cannot be undone, so the page asks first, naming it; once confirmed, the deletion
// is sent and the page loads again.
import { useEffect, useRef, useState } from 'react';
import { useAction } from '../settings/useAction.tsx';
import { ModalBackdrop, modalHandlers } from '../app/Modal.tsx';
import { useOnCallStore } from './context.ts';

export function ConfirmDelete({ what, detail, onConfirm, onCancel }: { what: string; detail: string; onConfirm: () => void; onCancel: () => void }) {
  const cancelRef = useRef<HTMLButtonElement>(null);
  useEffect(() => { cancelRef.current?.focus(); }, []);
  const title = `Delete ${what}?`;
  return (
    <ModalBackdrop onClose={onCancel}>
      <div role="alertdialog" aria-modal="true" aria-label={title} className="dialog" {...modalHandlers(onCancel)}>
        <h2>{title}</h2>
        <p>{detail}</p>
        <div className="inline">
          <button type="button" className="btn btn-danger" onClick={onConfirm}>Delete</button>
          <button type="button" className="btn" ref={cancelRef} onClick={onCancel}>Cancel</button>
        </div>
      </div>
    </ModalBackdrop>
  );
}

/** A card's Delete: asked first (`confirming`), then `remove` sent and the page loaded again; `failure` is the refusal. */
export function useConfirmedDelete(remove: () => Promise<unknown>) {
  const store = useOnCallStore();
  const [confirming, setConfirming] = useState(false);
  const action = useAction();
  return {
    confirming,
    running: action.running,
    failure: action.failed ? action.message : null,
    ask: () => setConfirming(true),
    cancel: () => setConfirming(false),
    confirm: () => {
      setConfirming(false);
      void action.run(async () => { await remove(); await store.getState().reload(); }, 'Deleted');
    },
  };
}
