// A note for the responders (kept in the timeline, never shown on a status page).
import { useState } from 'react';
import type { IncidentDetail } from '../../src-shared/schemas/incidents.ts';
import { useStores } from '../store/context.tsx';
import { useIncidentForm } from './useIncidentForm.ts';

export function NoteForm({ id, onDone }: { id: string; onDone: (d: IncidentDetail) => void }) {
  const { api } = useStores();
  const [text, setText] = useState('');
  const { error, sending, submit } = useIncidentForm(onDone);
  const send = () => submit(() => api.send('incidents.addNote', { id, note: { text } }), () => setText(''));
  return (
    <form className="card" aria-label="Add a note" onSubmit={(e) => { e.preventDefault(); void send(); }}>
      <label htmlFor="note-text">Note</label>
      <textarea id="note-text" rows={2} value={text} onChange={(e) => setText(e.target.value)} placeholder="What you found, what you tried" />
      {error && <p className="form-error" role="alert">{error}</p>}
      <button type="submit" className="btn" disabled={sending || text.trim() === ''}>Add note</button>
    </form>
  );
}
