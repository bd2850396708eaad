// A modal dialog's frame, the same for every dialog that asks something: a press on the backdrop closes it, a press
// inside does not, and Escape closes it instead of leaving the page as it does elsewhere.
import type { KeyboardEvent, MouseEvent, ReactNode } from 'react';

export function ModalBackdrop({ onClose, children }: { onClose: () => void; children: ReactNode }) {
  return <div className="dialog-backdrop" onMouseDown={onClose}>{children}</div>;
}

/** What the dialog element itself takes, inside the backdrop. */
export const modalHandlers = (onClose: () => void) => ({
  onMouseDown: (e: MouseEvent) => e.stopPropagation(),
  onKeyDown: (e: KeyboardEvent) => { if (e.key === 'Escape') { e.stopPropagation(); onClose(); } },
});
