// Settings → Monitors: whether this device checks a teammate's HTTP and TCP monitors against private addresses too
// (loopback, link-local, the LAN). Off by default, and the form says why: any admin of the team could otherwise make
// this machine probe its own network. Monitors set up on this device are never limited.
import { useState } from 'react';
import { useAdmin, useStores } from '../store/context.tsx';
import { ActionMessage, useAction } from './useAction.tsx';

export function MonitorSettingsSection() {
  const settings = useAdmin((s) => s.settings);
  if (!settings) return null;
  const allow = settings.monitors.allowPrivateTargets;
  return <MonitorSettingsForm key={String(allow)} initialAllow={allow} />;
}

export function MonitorSettingsForm({ initialAllow }: { initialAllow: boolean }) {
  const { api } = useStores();
  const [allow, setAllow] = useState(initialAllow);
  const action = useAction();
  return (
    <form className="card" aria-labelledby="monitor-settings-title"
      onSubmit={(e) => { e.preventDefault(); void action.run(() => api.send('settings.update', { monitors: { allowPrivateTargets: allow } })); }}>
      <h2 id="monitor-settings-title">Monitors</h2>
      <label className="field-inline">
        <input type="checkbox" checked={allow} onChange={(e) => setAllow(e.target.checked)} />
        <span>Allow private targets for teammates' monitors</span>
      </label>
      <p className="muted">
        Lets HTTP and TCP monitors that another device set up check loopback, link-local and private (LAN) addresses
        from this machine: off by default, because otherwise any admin of the team could use this machine to probe the
        network it sits on. Monitors set up on this device are never limited.
      </p>
      {allow && !initialAllow && <p className="warning">Teammates' monitors will reach this machine's own network once saved.</p>}
      <button type="submit" className="btn" disabled={action.running || allow === initialAllow}>Save monitor settings</button>
      <ActionMessage message={action.message} failed={action.failed} />
    </form>
  );
}
