// Asks before an act that takes something off a status page (a subscriber, a published incident): names it, says what
// follows, and its button says the act (Cancel has the focus, so Enter does not do it by accident).
import { useEffect, useRef } from 'react';
import { ModalBackdrop, modalHandlers } from '../app/Modal.tsx';

export function ConfirmAction({ title, detail, act, onConfirm, onCancel }: { title: string; detail: string; act: string; onConfirm: () => void; onCancel: () => void }) {
  const cancelRef = useRef<HTMLButtonElement>(null);
  useEffect(() => { cancelRef.current?.focus(); }, []);
  return (
    <ModalBackdrop onClose={onCancel}>
      <div role="alertdialog" aria-modal="true" aria-label={title} className="dialog" {...modalHandlers(onCancel)}>
        <h2>{title}</h2>
        <p>{detail}</p>
        <div className="inline">
          <button type="button" className="btn btn-danger" onClick={onConfirm}>{act}</button>
          <button type="button" className="btn" ref={cancelRef} onClick={onCancel}>Cancel</button>
        </div>
      </div>
    </ModalBackdrop>
  );
}
