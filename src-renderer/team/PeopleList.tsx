// People: the persons of the team with their devices. Acknowledgements, notes and on-call name people, so one
// person with a laptop and a desktop acts as one, from either.
import type { TeamStatus } from '../../src-shared/schemas/team.ts';

export function PeopleList({ status }: { status: TeamStatus }) {
  const deviceName = (id: string) => status.devices.find((d) => d.deviceId === id);
  return (
    <section className="card" aria-labelledby="people-title">
      <h2 id="people-title">People</h2>
      <ul className="people-list" aria-label="People">
        {status.users.map((u) => (
          <li key={u.id} aria-label={u.name}>
            <strong>{u.name}</strong>{u.id === status.self.userId && <span className="muted"> (you)</span>}
            <span className="muted"> · {u.deviceIds.length === 0 ? 'no device' : u.deviceIds.map((id) => {
              const d = deviceName(id);
              return d ? `${d.name}${d.revoked ? ' (revoked)' : ''}` : id;
            }).join(', ')}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
