// Browser sessions signed in to this host's window: who (this machine's user, or an API key), since when, until
// when, and a Revoke button that signs that tab out at once.
import { useCallback, useEffect, useState } from 'react';
import { SESSION_IDLE_MS, SESSION_TTL_MS, type BrowserSession } from '../../src-shared/schemas/sessions.ts';
import { useApi } from '../store/context.tsx';
import { formatTime } from '../queue/format.ts';
import { describeError } from '../bridge/bridge-error.ts';
import { ActionMessage, useAction } from './useAction.tsx';

export function SessionsSection() {
  const api = useApi();
  const [sessions, setSessions] = useState<readonly BrowserSession[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(async () => {
    try {
      setSessions(await api.send('sessions.list'));
      setError(null);
    } catch (err) {
      setError(describeError(err));
    }
  }, [api]);
  useEffect(() => { void load(); }, [load]);
  return (
    <section className="card" aria-labelledby="sessions-title">
      <h2 id="sessions-title">Browser sessions</h2>
      <p className="muted">
        Browser tabs signed in to this host. A session ends after {SESSION_IDLE_MS / 3_600_000} hours without use, or
        {' '}{SESSION_TTL_MS / 86_400_000} days after signing in.
      </p>
      {error && <p className="form-error" role="alert">{error}</p>}
      {sessions?.length === 0 && <p>No browser is signed in.</p>}
      {sessions && sessions.length > 0 && (
        <table className="keys-table" aria-label="Browser sessions">
          <thead><tr><th>Session</th><th>Signed in with</th><th>Created</th><th>Last used</th><th>Ends if unused</th><th><span className="visually-hidden">Actions</span></th></tr></thead>
          <tbody>{sessions.map((s) => <SessionRow key={s.id} session={s} onRevoked={load} />)}</tbody>
        </table>
      )}
    </section>
  );
}

function SessionRow({ session: s, onRevoked }: { session: BrowserSession; onRevoked: () => Promise<void> }) {
  const api = useApi();
  const action = useAction();
  const revoke = () => {
    const question = s.current ? 'Revoke this tab’s own session? It signs this tab out.' : `Revoke session ${s.id}? That tab is signed out at once.`;
    if (!window.confirm(question)) return;
    void action.run(async () => { await api.send('sessions.revoke', { id: s.id }); await onRevoked(); }, 'Revoked');
  };
  return (
    <tr>
      <td><code>{s.id}</code>{s.current && <span className="muted"> (this tab)</span>}</td>
      <td>{s.keyName ? `API key ${s.keyName}` : 'klaxon open'}</td>
      <td>{formatTime(s.createdAt)}</td>
      <td>{formatTime(s.lastUsedAt)}</td>
      <td>{formatTime(s.idleExpiresAt)}</td>
      <td>
        <button type="button" className="btn btn-small btn-danger" aria-label={`Revoke session ${s.id}`} disabled={action.running} onClick={revoke}>Revoke</button>
        <ActionMessage message={action.failed ? action.message : null} failed />
      </td>
    </tr>
  );
}
