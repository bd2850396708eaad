// A status-page update: the public progress (investigating → identified → monitoring → resolved) and a message.
import { useState } from 'react';
import type { IncidentDetail, Incident } from '../../src-shared/schemas/incidents.ts';
import { PROGRESS_STATUSES, type Progress } from '../../src-shared/schemas/common.ts';
import { useStores } from '../store/context.tsx';
import { useIncidentForm } from './useIncidentForm.ts';

export function StatusUpdateForm({ id, progress, onDone }: { id: string; progress: Incident['progress']; onDone: (d: IncidentDetail) => void }) {
  const { api } = useStores();
  const [status, setStatus] = useState<Progress>(progress);
  const [message, setMessage] = useState('');
  const { error, sending, submit } = useIncidentForm(onDone);
  const send = () => submit(() => api.send('incidents.postUpdate', { id, update: { status, message } }), () => setMessage(''));
  return (
    <form className="card" aria-label="Post a status update" onSubmit={(e) => { e.preventDefault(); void send(); }}>
      <div className="inline">
        <label htmlFor="update-status">Status update</label>
        <select id="update-status" aria-label="Update status" value={status} onChange={(e) => setStatus(e.target.value as Progress)}>
          {PROGRESS_STATUSES.map((p) => <option key={p} value={p}>{p[0]!.toUpperCase() + p.slice(1)}</option>)}
        </select>
      </div>
      <textarea aria-label="Update message" rows={2} value={message} onChange={(e) => setMessage(e.target.value)} placeholder="What customers should know" />
      {error && <p className="form-error" role="alert">{error}</p>}
      <button type="submit" className="btn" disabled={sending || message.trim() === ''}>Post update</button>
    </form>
  );
}
