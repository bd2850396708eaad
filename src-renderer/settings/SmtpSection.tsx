// Outgoing mail (SMTP) for status page subscribers: the server this device mails them through. The password is
// write-only: the form never shows it, only that one is set; left empty it stays as it was.
import { useState } from 'react';
import type { SmtpSettings } from '../../src-shared/schemas/settings.ts';
import { useAdmin, useStores } from '../store/context.tsx';
import { ActionMessage, useAction } from './useAction.tsx';

export function SmtpSection() {
  const settings = useAdmin((s) => s.settings);
  if (!settings) return null;
  return <SmtpForm key={JSON.stringify(settings.smtp)} initial={settings.smtp} />;
}

const SECURITY: Record<SmtpSettings['security'], string> = {
  starttls: 'STARTTLS, required (port 587)', tls: 'TLS from the start (port 465)', none: 'None: in the clear (a local relay only)',
};

export function SmtpForm({ initial }: { initial: SmtpSettings }) {
  const { api } = useStores();
  const [host, setHost] = useState(initial.host ?? '');
  const [port, setPort] = useState(String(initial.port));
  const [security, setSecurity] = useState(initial.security);
  const [user, setUser] = useState(initial.user ?? '');
  const [password, setPassword] = useState('');
  const [from, setFrom] = useState(initial.from ?? '');
  const action = useAction();
  const portNumber = Number.parseInt(port, 10);
  const save = () => api.send('settings.update', {
    smtp: {
      host: host.trim() || null, port: portNumber, security, user: user.trim() || null, from: from.trim() || null,
      ...(password ? { password } : {}),
    },
  });
  return (
    <form className="card" aria-labelledby="smtp-title" onSubmit={(e) => { e.preventDefault(); void action.run(save); }}>
      <h2 id="smtp-title">Outgoing mail (SMTP)</h2>
      <p className="muted">Status page subscribers are mailed through this server, by the device that posts each update.</p>
      <label className="field"><span>Server</span><input value={host} placeholder="smtp.example.com" onChange={(e) => setHost(e.target.value)} /></label>
      <label className="field"><span>Port</span><input type="number" min={1} max={65535} value={port} onChange={(e) => setPort(e.target.value)} /></label>
      <label className="field"><span>Security</span>
        <select value={security} onChange={(e) => setSecurity(e.target.value as SmtpSettings['security'])}>
          {Object.entries(SECURITY).map(([value, label]) => <option key={value} value={value}>{label}</option>)}
        </select>
      </label>
      {security === 'none' && <p className="warning">The password and every mail cross the network unencrypted.</p>}
      <label className="field"><span>User</span><input value={user} autoComplete="off" onChange={(e) => setUser(e.target.value)} /></label>
      <label className="field"><span>Password</span>
        <input type="password" value={password} autoComplete="new-password" placeholder={initial.passwordSet ? 'set (leave empty to keep it)' : ''} onChange={(e) => setPassword(e.target.value)} />
      </label>
      <label className="field"><span>From</span><input value={from} placeholder='"Acme status" <status@acme.example>' onChange={(e) => setFrom(e.target.value)} /></label>
      <button type="submit" className="btn" disabled={action.running || !(portNumber >= 1 && portNumber <= 65535)}>Save mail settings</button>
      <ActionMessage message={action.message} failed={action.failed} />
    </form>
  );
}
