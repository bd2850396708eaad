// Create or edit an escalation policy: its name, its levels (add, remove, reorder; each notifies people and
// schedules and escalates after a delay) and how many times it starts again from level 1 after the last.
import { useState } from 'react';
import type { EscalationPolicy, Target } from '../../src-shared/schemas/oncall.ts';
import { useApi } from '../store/context.tsx';
import { ActionMessage, useAction } from '../settings/useAction.tsx';
import { useOnCall, useOnCallStore } from './context.ts';
import { MAX_REPEAT, newLevel, newPolicy, peopleNow, policyDraft, policyInput, policyPatch, type LevelDraft, type PolicyDraft } from './policy-form.ts';
import { usePeople } from './usePeople.ts';
import { targetText } from './targets.ts';
import { LevelEditor } from './LevelEditor.tsx';
import { dropAt, patchAt, moveBy } from './rows.ts';

const NO_SCHEDULES: never[] = [];

export function PolicyEditor({ policy, onDone }: { policy: EscalationPolicy | null; onDone: () => void }) {
  const api = useApi();
  const store = useOnCallStore();
  const people = usePeople();
  const schedules = useOnCall((s) => s.schedules) ?? NO_SCHEDULES;
  const now = useOnCall((s) => s.now);
  // What was loaded stays as it was: a save sends only what differs from it (a teammate may have changed the rest).
  const [loaded] = useState<PolicyDraft>(() => (policy ? policyDraft(policy) : newPolicy()));
  const [draft, setDraft] = useState<PolicyDraft>(loaded);
  const action = useAction();
  const title = policy ? 'Edit escalation policy' : 'New escalation policy';

  const put = (patch: Partial<PolicyDraft>) => setDraft((d) => ({ ...d, ...patch }));
  const putLevel = (i: number, patch: Partial<LevelDraft>) => setDraft((d) => ({ ...d, levels: patchAt(d.levels, i, patch) }));
  const moveLevel = (i: number, by: -1 | 1) => setDraft((d) => ({ ...d, levels: moveBy(d.levels, i, by) }));
  const describe = (t: Target) => targetText(t, people.nameOf, schedules, now);

  const save = () => action.run(async () => {
    if (policy) {
      const checked = policyPatch(loaded, draft);
      if ('error' in checked) throw new Error(checked.error);
      if (Object.keys(checked.patch).length > 0) await api.send('policies.update', { id: policy.id, patch: checked.patch });
    } else {
      const checked = policyInput(draft);
      if ('error' in checked) throw new Error(checked.error);
      await api.send('policies.create', checked.input);
    }
    await store.getState().reload();
    onDone();
  });

  return (
    <form className="card policy-editor" aria-label={title} onSubmit={(e) => { e.preventDefault(); void save(); }}>
      <h3>{title}</h3>
      <label className="field"><span>Name</span>
        <input value={draft.name} maxLength={200} placeholder="Default" onChange={(e) => put({ name: e.target.value })} />
      </label>
      {draft.levels.map((l, i) => (
        <LevelEditor key={l.key} level={l} index={i} count={draft.levels.length} people={people} schedules={schedules} describe={describe}
          nobodyNow={now === null || l.targets.length === 0 ? null : peopleNow(l.targets, now).length === 0}
          onChange={(patch) => putLevel(i, patch)} onMove={(by) => moveLevel(i, by)}
          onRemove={() => put({ levels: dropAt(draft.levels, i) })} />
      ))}
      <button type="button" className="btn" onClick={() => put({ levels: [...draft.levels, newLevel()] })}>Add level</button>
      <label className="field-inline">After the last level, start again at level 1
        <input type="number" className="minutes" min={0} max={MAX_REPEAT} value={draft.repeat} onChange={(e) => put({ repeat: e.target.value })} />
        times
      </label>
      <ActionMessage message={action.failed ? action.message : null} failed />
      <div className="inline">
        <button type="submit" className="btn btn-primary" disabled={action.running}>{policy ? 'Save policy' : 'Create policy'}</button>
        <button type="button" className="btn" onClick={onDone}>Cancel</button>
      </div>
    </form>
  );
}
