// Create or edit a schedule: its name, its time zone (handoffs follow that zone's wall clock), and its layers. Later
// layers win where they have someone on call; earlier ones show through their gaps.
import { useState } from 'react';
import type { Schedule } from '../../src-shared/schemas/oncall.ts';
import { useApi } from '../store/context.tsx';
import { ActionMessage, useAction } from '../settings/useAction.tsx';
import { useOnCallStore } from './context.ts';
import { newLayer, newSchedule, scheduleDraft, scheduleInput, schedulePatch, timeZones, type LayerDraft, type ScheduleDraft } from './schedule-form.ts';
import { usePeople } from './usePeople.ts';
import { LayerEditor } from './LayerEditor.tsx';
import { dropAt, patchAt, moveBy } from './rows.ts';

export function ScheduleEditor({ schedule, onDone }: { schedule: Schedule | null; onDone: () => void }) {
  const api = useApi();
  const store = useOnCallStore();
  const people = usePeople();
  // What was loaded stays as it was: a save sends only what differs from it (a teammate may have changed the rest).
  const [loaded] = useState<ScheduleDraft>(() => (schedule ? scheduleDraft(schedule) : newSchedule(Date.now())));
  const [draft, setDraft] = useState<ScheduleDraft>(loaded);
  const [zones] = useState(() => timeZones(schedule?.timeZone));
  const action = useAction();
  const title = schedule ? 'Edit schedule' : 'New schedule';

  const put = (patch: Partial<ScheduleDraft>) => setDraft((d) => ({ ...d, ...patch }));
  const putLayer = (i: number, patch: Partial<LayerDraft>) => setDraft((d) => ({ ...d, layers: patchAt(d.layers, i, patch) }));
  const moveLayer = (i: number, by: -1 | 1) => setDraft((d) => ({ ...d, layers: moveBy(d.layers, i, by) }));

  const save = () => action.run(async () => {
    if (schedule) {
      const checked = schedulePatch(loaded, draft);
      if ('error' in checked) throw new Error(checked.error);
      if (Object.keys(checked.patch).length > 0) await api.send('schedules.update', { id: schedule.id, patch: checked.patch });
    } else {
      const checked = scheduleInput(draft);
      if ('error' in checked) throw new Error(checked.error);
      await api.send('schedules.create', checked.input);
    }
    await store.getState().reload();
    onDone();
  });

  return (
    <form className="card schedule-editor" aria-label={title} onSubmit={(e) => { e.preventDefault(); void save(); }}>
      <h3>{title}</h3>
      <label className="field"><span>Name</span>
        <input value={draft.name} maxLength={200} placeholder="Primary" onChange={(e) => put({ name: e.target.value })} />
      </label>
      <label className="field"><span>Time zone</span>
        <select value={draft.timeZone} onChange={(e) => put({ timeZone: e.target.value })}>
          {zones.map((z) => <option key={z} value={z}>{z}</option>)}
        </select>
      </label>
      {people.users.length === 0 && <p className="warning">Nobody to put on call yet: add people below first.</p>}
      {draft.layers.map((l, i) => (
        <LayerEditor key={l.key} layer={l} index={i} count={draft.layers.length} timeZone={draft.timeZone} people={people}
          onChange={(patch) => putLayer(i, patch)} onMove={(by) => moveLayer(i, by)}
          onRemove={() => put({ layers: dropAt(draft.layers, i) })} />
      ))}
      <p className="muted">Later layers win where they have someone on call; earlier layers show through their gaps.</p>
      <button type="button" className="btn" onClick={() => put({ layers: [...draft.layers, newLayer(Date.now())] })}>Add layer</button>
      <ActionMessage message={action.failed ? action.message : null} failed />
      <div className="inline">
        <button type="submit" className="btn btn-primary" disabled={action.running}>{schedule ? 'Save schedule' : 'Create schedule'}</button>
        <button type="button" className="btn" onClick={onDone}>Cancel</button>
      </div>
    </form>
  );
}
