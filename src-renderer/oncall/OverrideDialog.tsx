// An override: a person covers a span of a schedule, above every layer (the one created last wins where two
// overlap). Opened empty ("Add an override") or prefilled from a shift with this machine's person ("Cover this
// shift": the second click of "Cover me" is Save). Times are typed in local time and sent as instants.
import { useEffect, useRef, useState } from 'react';
import { displayText } from '../../src-shared/domain/display-text.ts';
import { useApi } from '../store/context.tsx';
import { localInputToIso } from '../maintenance/local-time.ts';
import { ActionMessage, useAction } from '../settings/useAction.tsx';
import { ModalBackdrop, modalHandlers } from '../app/Modal.tsx';
import { useOnCallStore } from './context.ts';
import { usePeople } from './usePeople.ts';

export interface OverrideDraft { userId: string; start: string; end: string }

export interface OverrideDialogProps {
  title: string;
  schedule: { id: string; name: string };
  initial: OverrideDraft;
  onClose(): void;
}

export function OverrideDialog({ title, schedule, initial, onClose }: OverrideDialogProps) {
  const api = useApi();
  const store = useOnCallStore();
  const { users, nameOf } = usePeople();
  const [draft, setDraft] = useState(initial);
  const action = useAction();
  const firstRef = useRef<HTMLSelectElement>(null);
  useEffect(() => { firstRef.current?.focus(); }, []);
  const put = (patch: Partial<OverrideDraft>) => setDraft((d) => ({ ...d, ...patch }));

  const save = () => action.run(async () => {
    const start = localInputToIso(draft.start);
    const end = localInputToIso(draft.end);
    if (!draft.userId) throw new Error('Pick who covers');
    if (!start || !end) throw new Error('Enter when the override starts and ends (date and time)');
    await api.send('schedules.addOverride', { id: schedule.id, override: { userId: draft.userId, start, end } });
    await store.getState().reload();
    onClose();
  });

  return (
    <ModalBackdrop onClose={onClose}>
      <form role="dialog" aria-modal="true" aria-label={title} className="dialog override-dialog" {...modalHandlers(onClose)}
        onSubmit={(e) => { e.preventDefault(); void save(); }}>
        <h2>{title}</h2>
        <p className="muted">{`On ${displayText(schedule.name)}, above every layer.`}</p>
        <label className="field"><span>Who covers</span>
          <select ref={firstRef} value={draft.userId} onChange={(e) => put({ userId: e.target.value })}>
            <option value="" disabled>Pick a person…</option>
            {users.map((u) => <option key={u.id} value={u.id}>{nameOf(u.id)}</option>)}
          </select>
        </label>
        <label className="field"><span>From</span>
          <input type="datetime-local" value={draft.start} onChange={(e) => put({ start: e.target.value })} />
        </label>
        <label className="field"><span>To</span>
          <input type="datetime-local" value={draft.end} onChange={(e) => put({ end: e.target.value })} />
        </label>
        <ActionMessage message={action.failed ? action.message : null} failed />
        <div className="inline">
          <button type="submit" className="btn btn-primary" disabled={action.running}>Save override</button>
          <button type="button" className="btn" onClick={onClose}>Cancel</button>
        </div>
      </form>
    </ModalBackdrop>
  );
}
