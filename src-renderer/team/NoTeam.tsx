// In no team yet: found one (this device becomes its first admin) or join one by pasting an invite from a teammate.
import { useState } from 'react';
import type { TeamStatus } from '../../src-shared/schemas/team.ts';
import { useApi } from '../store/context.tsx';
import { ActionMessage, useAction } from '../settings/useAction.tsx';

export function NoTeam({ deviceId, onDone }: { deviceId: string; onDone: (s: TeamStatus) => void }) {
  return (
    <>
      <p className="muted">
        This device ({deviceId}) is in no team. Teammates’ devices share incidents, acknowledgements and notes with no
        server in between: found a team here and invite them, or join a team with an invite from one of its admins.
      </p>
      <CreateTeamForm onDone={onDone} />
      <JoinTeamForm onDone={onDone} />
    </>
  );
}

function CreateTeamForm({ onDone }: { onDone: (s: TeamStatus) => void }) {
  const api = useApi();
  const [name, setName] = useState('');
  const [deviceName, setDeviceName] = useState('');
  const action = useAction();
  const submit = () => action.run(async () => {
    onDone(await api.send('team.create', { name: name.trim(), ...(deviceName.trim() ? { deviceName: deviceName.trim() } : {}) }));
  }, 'Team created');
  return (
    <form className="card" aria-labelledby="create-team-title" onSubmit={(e) => { e.preventDefault(); void submit(); }}>
      <h2 id="create-team-title">Create a team</h2>
      <label className="field"><span>Team name</span><input value={name} maxLength={100} onChange={(e) => setName(e.target.value)} /></label>
      <label className="field"><span>This device’s name (optional)</span><input value={deviceName} maxLength={100} placeholder="this machine’s name" onChange={(e) => setDeviceName(e.target.value)} /></label>
      <button type="submit" className="btn btn-primary" disabled={action.running || name.trim() === ''}>Create team</button>
      <ActionMessage message={action.failed ? action.message : null} failed />
    </form>
  );
}

function JoinTeamForm({ onDone }: { onDone: (s: TeamStatus) => void }) {
  const api = useApi();
  const [invite, setInvite] = useState('');
  const [deviceName, setDeviceName] = useState('');
  const action = useAction();
  const submit = () => action.run(async () => {
    onDone(await api.send('team.join', { invite, ...(deviceName.trim() ? { deviceName: deviceName.trim() } : {}) }));
  }, 'Joined');
  return (
    <form className="card" aria-labelledby="join-team-title" onSubmit={(e) => { e.preventDefault(); void submit(); }}>
      <h2 id="join-team-title">Join a team</h2>
      <label className="field">
        <span>Invite (from an admin device: Team → Invite a device)</span>
        <textarea value={invite} rows={3} spellCheck={false} placeholder="klaxon-invite:…" onChange={(e) => setInvite(e.target.value)} />
      </label>
      <label className="field"><span>This device’s name (optional)</span><input value={deviceName} maxLength={100} placeholder="this machine’s name" onChange={(e) => setDeviceName(e.target.value)} /></label>
      <button type="submit" className="btn btn-primary" disabled={action.running || invite.trim() === ''}>{action.running ? 'Joining…' : 'Join team'}</button>
      {action.running && <p className="muted" role="status">Connecting to the inviting device and fetching the team’s incidents…</p>}
      <ActionMessage message={action.failed ? action.message : null} failed />
    </form>
  );
}
