// Invite a device (admin devices only): choose its role and how long the invite lasts; the invite shows once, in a
// box to copy and pass on. The invites this device issued are listed, and open ones can be revoked.
import { useCallback, useEffect, useState } from 'react';
import type { CreatedInvite, InviteInfo, TeamStatus } from '../../src-shared/schemas/team.ts';
import { useApi } from '../store/context.tsx';
import { formatTime } from '../queue/format.ts';
import { CopyButton } from '../settings/CopyButton.tsx';
import { ActionMessage, useAction } from '../settings/useAction.tsx';
import { EXPIRY_CHOICES } from './format.ts';

/** `status`: the team as last loaded; the list is read again with it (a device that joined used an invite). */
export function InviteSection({ status }: { status: TeamStatus }) {
  const api = useApi();
  const [admin, setAdmin] = useState(false);
  const [minutes, setMinutes] = useState(24 * 60);
  const [created, setCreated] = useState<CreatedInvite | null>(null);
  const [invites, setInvites] = useState<readonly InviteInfo[]>([]);
  const action = useAction();
  // A failed listing leaves the last one up: inviting itself says what went wrong.
  const loadInvites = useCallback(() => { void api.send('team.invites').then(setInvites, () => undefined); }, [api]);
  useEffect(loadInvites, [loadInvites, status]);
  const submit = () => action.run(async () => {
    setCreated(await api.send('team.invite', { admin, expiresInMinutes: minutes }));
    loadInvites();
  }, 'Invite created');
  return (
    <section className="card" aria-labelledby="invite-title">
      <h2 id="invite-title">Invite a device</h2>
      <p className="muted">The invite works once. Pass it to the other device privately: whoever holds it can join.</p>
      <form className="inline-form" aria-label="Invite a device" onSubmit={(e) => { e.preventDefault(); void submit(); }}>
        <label className="field-inline">Expires in
          <select value={minutes} onChange={(e) => setMinutes(Number(e.target.value))}>
            {EXPIRY_CHOICES.map((c) => <option key={c.minutes} value={c.minutes}>{c.label}</option>)}
          </select>
        </label>
        <label className="field-inline"><input type="checkbox" checked={admin} onChange={(e) => setAdmin(e.target.checked)} />Joins as an admin (may invite and revoke)</label>
        <button type="submit" className="btn" disabled={action.running}>Create invite</button>
      </form>
      <ActionMessage message={action.failed ? action.message : null} failed />
      {created && (
        <div className="invite-box" role="group" aria-label="New invite">
          <textarea readOnly aria-label="Invite" rows={3} spellCheck={false} value={created.invite} onFocus={(e) => e.currentTarget.select()} />
          <p className="inline">
            <CopyButton value={created.invite} label="Copy invite" />
            <span className="muted">
              One use, {created.role === 'admin' ? 'as an admin, ' : ''}until {formatTime(created.expiresAt)}, reaching this device at {created.addresses.join(', ')}.
              On the other device: Team → Join a team.
            </span>
          </p>
        </div>
      )}
      {invites.length > 0 && <InviteList invites={invites} onChanged={loadInvites} />}
    </section>
  );
}

const STATE_LABELS: Record<InviteInfo['state'], string> = { open: 'Open', used: 'Used', expired: 'Expired', revoked: 'Revoked' };

function InviteList({ invites, onChanged }: { invites: readonly InviteInfo[]; onChanged: () => void }) {
  return (
    <table className="keys-table" aria-label="Invites">
      <thead><tr><th>Invite</th><th>Role</th><th>State</th><th>Expires</th><th><span className="visually-hidden">Actions</span></th></tr></thead>
      <tbody>{invites.map((i) => <InviteRow key={i.id} invite={i} onChanged={onChanged} />)}</tbody>
    </table>
  );
}

function InviteRow({ invite: i, onChanged }: { invite: InviteInfo; onChanged: () => void }) {
  const api = useApi();
  const action = useAction();
  return (
    <tr className={i.state === 'open' ? undefined : 'revoked'}>
      <td><code>{i.id}</code></td>
      <td>{i.role}</td>
      <td>{STATE_LABELS[i.state]}</td>
      <td>{formatTime(i.expiresAt)}</td>
      <td>
        {i.state === 'open' && (
          <button type="button" className="btn btn-small btn-danger" aria-label={`Revoke invite ${i.id}`} disabled={action.running}
            onClick={() => void action.run(async () => { await api.send('team.revokeInvite', { id: i.id }); onChanged(); }, 'Revoked')}>
            Revoke
          </button>
        )}
        <ActionMessage message={action.failed ? action.message : null} failed />
      </td>
    </tr>
  );
}
