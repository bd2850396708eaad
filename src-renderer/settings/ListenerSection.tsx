// Where the receiver listens. Binding beyond loopback is an explicit choice, and takes effect on restart.
import { useState } from 'react';
import { useAdmin, useStores } from '../store/context.tsx';
import { ActionMessage, useAction } from './useAction.tsx';

export function ListenerSection() {
  const settings = useAdmin((s) => s.settings);
  const host = useAdmin((s) => s.host);
  if (!settings) return null;
  return <ListenerForm key={`${settings.listen.host}:${settings.listen.port}`} initialHost={settings.listen.host} initialPort={settings.listen.port} now={host?.listen} />;
}

function ListenerForm({ initialHost, initialPort, now }: { initialHost: string; initialPort: number; now: { host: string; port: number } | undefined }) {
  const { api } = useStores();
  const [bind, setBind] = useState(initialHost);
  const [port, setPort] = useState(String(initialPort));
  const action = useAction();
  const portNumber = Number.parseInt(port, 10);
  const exposed = !['127.0.0.1', 'localhost', '::1'].includes(bind.trim());
  return (
    <form className="card" aria-labelledby="listener-title" onSubmit={(e) => { e.preventDefault(); void action.run(() => api.send('settings.update', { listen: { host: bind.trim(), port: portNumber } }), 'Saved: restart Klaxon to listen there'); }}>
      <h2 id="listener-title">Listener</h2>
      {now && <p className="muted">Listening now on {now.host}:{now.port}.</p>}
      <label className="field"><span>Bind address</span><input value={bind} onChange={(e) => setBind(e.target.value)} /></label>
      <label className="field"><span>Port</span><input type="number" min={0} max={65535} value={port} onChange={(e) => setPort(e.target.value)} /></label>
      {exposed && <p className="warning">Other machines on your network will be able to send events to this address.</p>}
      <button type="submit" className="btn" disabled={action.running || !(portNumber >= 0 && portNumber <= 65535) || bind.trim() === ''}>Save listener</button>
      <ActionMessage message={action.message} failed={action.failed} />
    </form>
  );
}
