// API keys: create one with its scopes (the secret is shown once, here), list them, revoke them.
import { useState } from 'react';
import type { ApiKeyInfo, CreatedApiKey } from '../../src-shared/schemas/admin.ts';
import { SCOPES, type Scope } from '../../src-shared/schemas/common.ts';
import { displayText } from '../../src-shared/domain/display-text.ts';
import { useAdmin, useStores } from '../store/context.tsx';
import { formatTime } from '../queue/format.ts';
import { CopyButton } from './CopyButton.tsx';
import { ActionMessage, useAction } from './useAction.tsx';

export function ApiKeysSection() {
  const keys = useAdmin((s) => s.keys);
  const error = useAdmin((s) => s.loadErrors.keys);
  const [created, setCreated] = useState<CreatedApiKey | null>(null);
  return (
    <section className="card" aria-labelledby="keys-title">
      <h2 id="keys-title">API keys</h2>
      {error && <p className="form-error" role="alert">{error}</p>}
      {created && <CreatedKey created={created} onDone={() => setCreated(null)} />}
      <table className="keys-table">
        <thead><tr><th>Name</th><th>Key</th><th>Scopes</th><th>Created</th><th>Last used</th><th><span className="visually-hidden">Actions</span></th></tr></thead>
        <tbody>{keys?.map((k) => <KeyRow key={k.id} apiKey={k} />)}</tbody>
      </table>
      <NewKeyForm onCreated={setCreated} />
    </section>
  );
}

function KeyRow({ apiKey: k }: { apiKey: ApiKeyInfo }) {
  const { api } = useStores();
  const action = useAction();
  const name = displayText(k.name);
  return (
    <tr className={k.revokedAt ? 'revoked' : undefined}>
      <td>{name}</td>
      <td><code>{k.prefix}…</code></td>
      <td>{k.scopes.join(', ')}</td>
      <td>{formatTime(k.createdAt)}</td>
      <td>{formatTime(k.lastUsedAt)}</td>
      <td>
        {k.revokedAt ? `Revoked ${formatTime(k.revokedAt)}` : (
          <button type="button" className="btn btn-small btn-danger" aria-label={`Revoke ${name}`} disabled={action.running}
            onClick={() => { if (window.confirm(`Revoke the key “${name}”? Anything using it stops working.`)) void action.run(() => api.send('keys.revoke', { id: k.id }), 'Revoked'); }}>
            Revoke
          </button>
        )}
        <ActionMessage message={action.failed ? action.message : null} failed />
      </td>
    </tr>
  );
}

function CreatedKey({ created, onDone }: { created: CreatedApiKey; onDone: () => void }) {
  return (
    <div className="created-key" role="status">
      <p><strong>Copy this key now:</strong> it is shown only once.</p>
      <p className="inline"><code className="secret" aria-label="Your new API key">{created.key}</code><CopyButton value={created.key} label="Copy new API key" /></p>
      <button type="button" className="btn btn-small" onClick={onDone}>I have copied it</button>
    </div>
  );
}

function NewKeyForm({ onCreated }: { onCreated: (k: CreatedApiKey) => void }) {
  const { api } = useStores();
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<Scope[]>(['events:write']);
  const action = useAction();
  const toggle = (s: Scope) => setScopes((cur) => (cur.includes(s) ? cur.filter((x) => x !== s) : [...cur, s]));
  const submit = async () => {
    await action.run(async () => {
      onCreated(await api.send('keys.create', { name: name.trim() || 'api key', scopes }));
      setName('');
    }, 'Key created');
  };
  return (
    <form className="inline-form" aria-label="New API key" onSubmit={(e) => { e.preventDefault(); void submit(); }}>
      <input aria-label="Key name" placeholder="Key name (e.g. grafana)" value={name} onChange={(e) => setName(e.target.value)} />
      <fieldset className="scopes">
        <legend>Scopes</legend>
        {SCOPES.map((s) => (
          <label key={s} className="field-inline"><input type="checkbox" checked={scopes.includes(s)} onChange={() => toggle(s)} />{s}</label>
        ))}
      </fieldset>
      <button type="submit" className="btn" disabled={action.running || scopes.length === 0}>Create key</button>
      <ActionMessage message={action.message} failed={action.failed} />
    </form>
  );
}
