// The local user's name: what this device's acknowledgements and notes are recorded as.
import { useState } from 'react';
import { useAdmin, useStores } from '../store/context.tsx';
import { ActionMessage, useAction } from './useAction.tsx';

export function UserSection() {
  const settings = useAdmin((s) => s.settings);
  if (!settings) return null;
  return <UserForm key={settings.userName} initial={settings.userName} />;
}

function UserForm({ initial }: { initial: string }) {
  const { api } = useStores();
  const [name, setName] = useState(initial);
  const action = useAction();
  return (
    <form className="card" aria-labelledby="user-title" onSubmit={(e) => { e.preventDefault(); void action.run(() => api.send('settings.update', { userName: name.trim() })); }}>
      <h2 id="user-title">You</h2>
      <label className="field"><span>Your name</span><input value={name} maxLength={100} onChange={(e) => setName(e.target.value)} /></label>
      <p className="muted">Acknowledgements and notes from this device are recorded as user:{name.trim() || '…'}.</p>
      <button type="submit" className="btn" disabled={action.running || name.trim() === ''}>Save name</button>
      <ActionMessage message={action.message} failed={action.failed} />
    </form>
  );
}
