// Team: the team this device is in (its devices, online or when last seen, its people, inviting and revoking), or,
// in none, founding one or joining one with an invite.
import type { TeamStatus } from '../../src-shared/schemas/team.ts';
import { useTeamStatus, type TeamView } from './useTeamStatus.ts';
import { NoTeam } from './NoTeam.tsx';
import { DeviceList } from './DeviceList.tsx';
import { PeopleList } from './PeopleList.tsx';
import { ForkWarning } from './ForkWarning.tsx';
import { InviteSection } from './InviteSection.tsx';
import { ConnectForm } from './ConnectForm.tsx';

export function TeamPage() {
  const view = useTeamStatus();
  return (
    <div className="team-page">
      <h1>Team</h1>
      {view.error && <p className="form-error" role="alert">{view.error}</p>}
      {!view.status ? (!view.error && <p className="muted">Loading…</p>)
        : view.status.team ? <InTeam status={view.status} view={view} />
          : <NoTeam deviceId={view.status.self.deviceId} onDone={view.put} />}
    </div>
  );
}

function InTeam({ status, view }: { status: TeamStatus; view: TeamView }) {
  const { team, self } = status;
  const admin = self.role === 'admin';
  return (
    <>
      <section className="card" aria-labelledby="team-name">
        <h2 id="team-name">{team!.name}</h2>
        <p className="muted">
          This device is {self.name ?? self.deviceId}{self.role ? ` (${self.role})` : ''}, belonging to {self.userName ?? 'nobody yet'}.{' '}
          {status.listening ? `Teammates reach it at ${status.listening}.` : 'Sync is not running here: teammates cannot reach this device.'}
        </p>
      </section>
      {status.devices.some((d) => d.self && d.revoked) && (
        <p className="fork-warning" role="alert">This device was revoked from the team: it no longer syncs, and its teammates refuse what it writes.</p>
      )}
      <ForkWarning status={status} />
      <DeviceList status={status} onRevoked={view.put} />
      <PeopleList status={status} />
      {admin ? <InviteSection status={status} /> : (
        <section className="card" aria-label="Invites"><p className="muted">Only an admin device of the team can invite devices and revoke them.</p></section>
      )}
      <ConnectForm />
    </>
  );
}
