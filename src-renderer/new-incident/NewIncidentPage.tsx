// Open an incident by hand (something no monitor saw): title, service, description, urgency, priority.
import { useState } from 'react';
import { useAdmin, useStores } from '../store/context.tsx';
import { navigate } from '../app/router.ts';
import { describeError } from '../bridge/bridge-error.ts';
import type { Urgency, Priority } from '../../src-shared/schemas/common.ts';
import { displayText } from '../../src-shared/domain/display-text.ts';

export function NewIncidentPage() {
  const { api, queue } = useStores();
  const services = useAdmin((s) => s.services);
  const [title, setTitle] = useState('');
  const [serviceId, setServiceId] = useState('');
  const [description, setDescription] = useState('');
  const [urgency, setUrgency] = useState<Urgency>('HIGH');
  const [priority, setPriority] = useState<Priority | ''>('');
  const [error, setError] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const chosenService = serviceId || services?.[0]?.id || '';

  const submit = async () => {
    setSending(true);
    try {
      const created = await api.send('incidents.create', {
        title, serviceId: chosenService, urgency,
        ...(description.trim() ? { description } : {}),
        ...(priority ? { priority } : {}),
      });
      queue.getState().upsert([created]);
      navigate({ name: 'incident', id: created.id });
    } catch (err) {
      setError(describeError(err));
      setSending(false);
    }
  };

  if (services && services.length === 0) return <p className="placeholder">Create a service in Settings first: every incident belongs to one.</p>;
  return (
    <form className="form" aria-label="New incident" onSubmit={(e) => { e.preventDefault(); void submit(); }}>
      <h1>New incident</h1>
      <label className="field"><span>Title</span>
        <input required maxLength={1024} value={title} onChange={(e) => setTitle(e.target.value)} placeholder="Checkout returns 500 for EU customers" />
      </label>
      <label className="field"><span>Service</span>
        <select value={chosenService} onChange={(e) => setServiceId(e.target.value)}>
          {(services ?? []).map((s) => <option key={s.id} value={s.id}>{displayText(s.name)}</option>)}
        </select>
      </label>
      <label className="field"><span>Description</span>
        <textarea rows={4} value={description} onChange={(e) => setDescription(e.target.value)} />
      </label>
      <label className="field"><span>Urgency</span>
        <select value={urgency} onChange={(e) => setUrgency(e.target.value as Urgency)}>
          <option value="HIGH">High (pages until acknowledged)</option>
          <option value="LOW">Low (notifies once)</option>
        </select>
      </label>
      <label className="field"><span>Priority</span>
        <select value={priority} onChange={(e) => setPriority(e.target.value as Priority | '')}>
          <option value="">None</option>
          {['P1', 'P2', 'P3', 'P4'].map((p) => <option key={p} value={p}>{p}</option>)}
        </select>
      </label>
      {error && <p className="form-error" role="alert">{error}</p>}
      <button type="submit" className="btn btn-primary" disabled={sending || title.trim() === '' || !chosenService}>Create incident</button>
    </form>
  );
}
