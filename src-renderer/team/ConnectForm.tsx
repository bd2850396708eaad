// A teammate's sync address typed by hand (HOST:PORT), for networks where announced addresses and discovery do not
// reach it (another subnet, a VPN, a relay).
import { useState } from 'react';
import { useApi } from '../store/context.tsx';
import { ActionMessage, useAction } from '../settings/useAction.tsx';

export function ConnectForm() {
  const api = useApi();
  const [address, setAddress] = useState('');
  const action = useAction();
  const submit = async () => {
    const ok = await action.run(() => api.send('team.connect', { address: address.trim() }), `Added ${address.trim()}: this device dials it now and whenever sync runs`);
    if (ok) setAddress('');
  };
  return (
    <form className="card" aria-labelledby="connect-title" onSubmit={(e) => { e.preventDefault(); void submit(); }}>
      <h2 id="connect-title">Connect to an address</h2>
      <p className="muted">If a teammate’s device is not found by itself, type where its sync listens (IPv6 as [::1]:8978).</p>
      <div className="inline-form">
        <input aria-label="Address" placeholder="host:8978" value={address} onChange={(e) => setAddress(e.target.value)} />
        <button type="submit" className="btn" disabled={action.running || address.trim() === ''}>Connect</button>
      </div>
      <ActionMessage message={action.message} failed={action.failed} />
    </form>
  );
}
