// A device that signed two different ops for one seq (it was restored from an old copy): its later ops are refused
// everywhere until it is revoked and joins again, so the team must know.
import type { TeamStatus } from '../../src-shared/schemas/team.ts';

export function ForkWarning({ status }: { status: TeamStatus }) {
  if (status.forks.length === 0) return null;
  const name = (id: string) => status.devices.find((d) => d.deviceId === id)?.name ?? id;
  return (
    <div className="fork-warning" role="alert" aria-label="Forked devices">
      {status.forks.map((f) => (
        <p key={`${f.deviceId}:${f.seq}`}>
          <strong>{name(f.deviceId)}</strong> signed two different changes as number {f.seq} (seen through {name(f.via)}): it was
          probably restored from an old copy. Its changes after that are refused; revoke it and invite it again.
        </p>
      ))}
    </div>
  );
}
