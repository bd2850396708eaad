// The key map, as a dialog ("?").
import { useEffect, useRef } from 'react';
import { QUEUE_KEYS } from './keys.ts';

export function KeyHelp({ onClose }: { onClose: () => void }) {
  const closeRef = useRef<HTMLButtonElement>(null);
  useEffect(() => { closeRef.current?.focus(); }, []);
  return (
    <div className="dialog-backdrop" onMouseDown={onClose}>
      <div role="dialog" aria-modal="true" aria-labelledby="key-help-title" className="dialog" onMouseDown={(e) => e.stopPropagation()}>
        <h2 id="key-help-title">Keyboard shortcuts</h2>
        <table className="keys">
          <tbody>
            {QUEUE_KEYS.map(([key, action]) => (
              <tr key={key}><td><kbd>{key}</kbd></td><td>{action}</td></tr>
            ))}
          </tbody>
        </table>
        <button type="button" className="btn" ref={closeRef} onClick={onClose}>Close</button>
      </div>
    </div>
  );
}
