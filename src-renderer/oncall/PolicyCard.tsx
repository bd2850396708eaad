// An escalation policy as saved: each level with whom it notifies and after how long it escalates, a yellow warning
// on a level that has nobody on call now (the host's own answer), and edit and delete.
import type { EscalationPolicy } from '../../src-shared/schemas/oncall.ts';
import { displayText } from '../../src-shared/domain/display-text.ts';
import { useApi } from '../store/context.tsx';
import { ActionMessage } from '../settings/useAction.tsx';
import { useOnCall } from './context.ts';
import { usePeople } from './usePeople.ts';
import { NOBODY_AT_LEVEL, targetText } from './targets.ts';
import { ConfirmDelete, useConfirmedDelete } from './ConfirmDelete.tsx';

export function PolicyCard({ policy, onEdit }: { policy: EscalationPolicy; onEdit: () => void }) {
  const api = useApi();
  const schedules = useOnCall((s) => s.schedules);
  const now = useOnCall((s) => s.now);
  const { nameOf } = usePeople();
  const deletion = useConfirmedDelete(() => api.send('policies.delete', { id: policy.id }));
  const name = displayText(policy.name);
  const levelsNow = now?.policies.find((p) => p.policyId === policy.id)?.levels;
  return (
    <section className="card policy-card" aria-label={name}>
      <div className="schedule-head">
        <h3>{name}</h3>
        <button type="button" className="btn btn-small" onClick={onEdit}>Edit</button>
        <button type="button" className="btn btn-small btn-danger" disabled={deletion.running} onClick={deletion.ask}>Delete</button>
      </div>
      <ol className="levels" aria-label={`Levels of ${name}`}>
        {policy.levels.map((l, i) => {
          const nobody = levelsNow?.find((x) => x.level === i + 1)?.people.length === 0;
          return (
            <li key={i} className="level" aria-label={`Level ${i + 1}`}>
              <span>{`Notifies ${l.targets.map((t) => targetText(t, nameOf, schedules, now)).join(', ')}`}</span>
              <span className="muted">{` · escalates after ${l.delayMinutes} min`}</span>
              {nobody && <p className="warning level-warning">{NOBODY_AT_LEVEL}</p>}
            </li>
          );
        })}
      </ol>
      <p className="muted">{policy.repeat === 0 ? 'After the last level, it stays there.' : `After the last level, it starts again at level 1 (${policy.repeat} ${policy.repeat === 1 ? 'time' : 'times'}).`}</p>
      <ActionMessage message={deletion.failure} failed />
      {deletion.confirming && (
        <ConfirmDelete what={name} detail="A service that uses it must choose another policy (or none) first."
          onConfirm={deletion.confirm} onCancel={deletion.cancel} />
      )}
    </section>
  );
}
