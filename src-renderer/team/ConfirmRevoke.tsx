// Revoking cannot be undone, so the window asks first, naming the device and what will happen to it.
import { useEffect, useRef } from 'react';
import type { DeviceStatus } from '../../src-shared/schemas/team.ts';
import { ModalBackdrop, modalHandlers } from '../app/Modal.tsx';

export function ConfirmRevoke({ device, onConfirm, onCancel }: { device: DeviceStatus; onConfirm: () => void; onCancel: () => void }) {
  const cancelRef = useRef<HTMLButtonElement>(null);
  useEffect(() => { cancelRef.current?.focus(); }, []);
  const title = `Revoke ${device.name}?`;
  return (
    <ModalBackdrop onClose={onCancel}>
      <div role="alertdialog" aria-modal="true" aria-label={title} aria-describedby="revoke-what" className="dialog" {...modalHandlers(onCancel)}>
        <h2>{title}</h2>
        <p id="revoke-what">
          {device.name} ({device.userName ?? device.userId}) is disconnected at once, and every device of the team refuses
          what it writes from now on. What it wrote before stays. It cannot come back with this identity: it would have
          to join again as a new device. This cannot be undone.
        </p>
        <div className="inline">
          <button type="button" className="btn btn-danger" onClick={onConfirm}>Revoke device</button>
          <button type="button" className="btn" ref={cancelRef} onClick={onCancel}>Cancel</button>
        </div>
      </div>
    </ModalBackdrop>
  );
}
