// Acknowledge, resolve, re-open and snooze (15 min, 1 h, 4 h, or any number of minutes).
import { useState } from 'react';
import type { Incident } from '../../src-shared/schemas/incidents.ts';
import { useStores, useQueue } from '../store/context.tsx';
import { canMoveTo } from '../../src-shared/domain/lifecycle.ts';

const SNOOZE_PRESETS: [minutes: number, label: string][] = [[15, '15 min'], [60, '1 h'], [240, '4 h']];

export function IncidentActions({ incident }: { incident: Incident }) {
  const { queue } = useStores();
  const busy = useQueue((s) => s.busy.has(incident.id));
  const [custom, setCustom] = useState('30');
  const q = queue.getState();
  const resolved = !canMoveTo(incident.status, 'resolved');
  const customMinutes = Number.parseInt(custom, 10);
  return (
    <div className="incident-actions">
      {!resolved && (
        <>
          <button type="button" className="btn btn-ack" disabled={busy || !canMoveTo(incident.status, 'acknowledged')} onClick={() => void q.acknowledge([incident.id])}>Acknowledge</button>
          <button type="button" className="btn btn-resolve" disabled={busy} onClick={() => void q.resolve([incident.id])}>Resolve</button>
          <span className="snooze" role="group" aria-label="Snooze">
            {SNOOZE_PRESETS.map(([minutes, label]) => (
              <button key={minutes} type="button" className="btn" disabled={busy} onClick={() => void q.snooze([incident.id], minutes)}>{`Snooze ${label}`}</button>
            ))}
            <input type="number" min={1} max={43200} className="minutes" aria-label="Snooze minutes" value={custom} onChange={(e) => setCustom(e.target.value)} />
            <span className="muted">min</span>
            <button type="button" className="btn" disabled={busy || !(customMinutes >= 1 && customMinutes <= 43200)}
              onClick={() => void q.snooze([incident.id], customMinutes)}>Snooze custom</button>
          </span>
        </>
      )}
      {resolved && <button type="button" className="btn" disabled={busy} onClick={() => void q.reopen(incident.id)}>Re-open</button>}
    </div>
  );
}
