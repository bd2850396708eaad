// A schedule on the On-call page: its two-week timeline with a legend of the people on it, the overrides still to
// come (each removable), and what can be done to it: add an override, cover one of its shifts, edit, delete, and
// subscribe to its shifts in a calendar app.
import { useState } from 'react';
import type { Schedule, Shift } from '../../src-shared/schemas/oncall.ts';
import { displayText } from '../../src-shared/domain/display-text.ts';
import { useApi } from '../store/context.tsx';
import { toLocalInput } from '../maintenance/local-time.ts';
import { ActionMessage, useAction } from '../settings/useAction.tsx';
import { useOnCall, useOnCallStore } from './context.ts';
import { shiftTitle } from './format.ts';
import { useMinute, usePeople, type People } from './usePeople.ts';
import { ScheduleTimeline } from './ScheduleTimeline.tsx';
import { OverrideDialog, type OverrideDialogProps } from './OverrideDialog.tsx';
import { ConfirmDelete, useConfirmedDelete } from './ConfirmDelete.tsx';
import { Swatch } from './Swatch.tsx';
import { CalendarFeedButton } from './CalendarFeedButton.tsx';

const HOUR_MS = 3_600_000;
const NO_SHIFTS: readonly Shift[] = [];
type Dialog = Pick<OverrideDialogProps, 'title' | 'initial'>;

export function ScheduleCard({ schedule, onEdit }: { schedule: Schedule; onEdit: () => void }) {
  const api = useApi();
  const shifts = useOnCall((s) => s.shifts[schedule.id] ?? NO_SHIFTS);
  const range = useOnCall((s) => s.range);
  const self = useOnCall((s) => s.selfUserId);
  const people = usePeople();
  const nowMs = useMinute();
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const deletion = useConfirmedDelete(() => api.send('schedules.delete', { id: schedule.id }));
  const name = displayText(schedule.name);

  const addOverride = () => setDialog({ title: 'Add an override', initial: { userId: '', start: toLocalInput(nowMs), end: toLocalInput(nowMs + HOUR_MS) } });
  // "Cover me": the shift's span, and this machine's person when the host says who that is.
  const cover = (s: Shift) => setDialog({
    title: 'Cover this shift',
    initial: { userId: self ?? '', start: toLocalInput(Date.parse(s.start)), end: toLocalInput(Date.parse(s.end)) },
  });

  return (
    <section className="card schedule-card" aria-label={name}>
      <div className="schedule-head">
        <h3>{name} <span className="muted">· {schedule.timeZone}</span></h3>
        <button type="button" className="btn btn-small" onClick={addOverride}>Add override</button>
        <button type="button" className="btn btn-small" onClick={onEdit}>Edit</button>
        <button type="button" className="btn btn-small btn-danger" disabled={deletion.running} onClick={deletion.ask}>Delete</button>
      </div>
      <ScheduleTimeline name={name} shifts={shifts} overrides={schedule.overrides} range={range} nowMs={nowMs} people={people} onPick={cover} />
      <Legend schedule={schedule} shifts={shifts} people={people} />
      <Overrides schedule={schedule} people={people} />
      <p className="muted">Click a shift to cover it.</p>
      <CalendarFeedButton kind="schedule" id={schedule.id} name={schedule.name} />
      <ActionMessage message={deletion.failure} failed />
      {dialog && <OverrideDialog {...dialog} schedule={{ id: schedule.id, name: schedule.name }} onClose={() => setDialog(null)} />}
      {deletion.confirming && (
        <ConfirmDelete what={name} detail="Its layers and overrides go with it. A policy that notifies it must drop it first."
          onConfirm={deletion.confirm} onCancel={deletion.cancel} />
      )}
    </section>
  );
}

/** Everyone on the schedule's layers or in its shifts, in the order they first appear. */
function Legend({ schedule, shifts, people }: { schedule: Schedule; shifts: readonly Shift[]; people: People }) {
  const ids = [...new Set([...schedule.layers.flatMap((l) => l.userIds), ...shifts.map((s) => s.userId)])];
  if (ids.length === 0) return null;
  return (
    <ul className="legend" aria-label={`People on ${displayText(schedule.name)}`}>
      {ids.map((id) => <li key={id}><Swatch color={people.colorOf(id)} />{people.nameOf(id)}</li>)}
      <li className="legend-gap"><span className="swatch swatch-gap" aria-hidden="true" />Nobody on call</li>
    </ul>
  );
}

function Overrides({ schedule, people }: { schedule: Schedule; people: People }) {
  const api = useApi();
  const store = useOnCallStore();
  const action = useAction();
  if (schedule.overrides.length === 0) return null;
  const remove = (overrideId: string) => action.run(async () => {
    await api.send('schedules.removeOverride', { id: schedule.id, overrideId });
    await store.getState().reload();
  }, 'Override removed');
  return (
    <>
      <ul className="overrides" aria-label={`Overrides of ${displayText(schedule.name)}`}>
        {schedule.overrides.map((o) => {
          const text = shiftTitle(people.nameOf(o.userId), o.start, o.end, true);
          return (
            <li key={o.id} aria-label={text}>
              <Swatch color={people.colorOf(o.userId)} />{text}
              <button type="button" className="btn btn-small" disabled={action.running} aria-label={`Remove ${text}`} onClick={() => void remove(o.id)}>Remove</button>
            </li>
          );
        })}
      </ul>
      <ActionMessage message={action.failed ? action.message : null} failed />
    </>
  );
}
