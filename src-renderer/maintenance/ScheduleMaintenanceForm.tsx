// Seed 002's "Scheduled Maintenance": a title, start and end, the affected services, impact and a description.
// Times are typed in local time and sent as instants; whether they make sense (end after start) is the host's
// call, and its answer is shown as it gives it.
import { useState } from 'react';
import { IMPACTS } from '../../src-shared/schemas/common.ts';
import { displayText } from '../../src-shared/domain/display-text.ts';
import type { Maintenance } from '../../src-shared/schemas/maintenance.ts';
import { useAdmin, useStores } from '../store/context.tsx';
import { ActionMessage, useAction } from '../settings/useAction.tsx';
import { IMPACT_LABELS } from './format.ts';
import { localInputToIso, toLocalInput } from './local-time.ts';

const DEFAULT_LENGTH_MS = 60 * 60_000;

/** Starting this minute (so "now" is one click away) for an hour. */
const defaultTimes = () => {
  const start = Math.floor(Date.now() / 60_000) * 60_000;
  return { start: toLocalInput(start), end: toLocalInput(start + DEFAULT_LENGTH_MS) };
};

export function ScheduleMaintenanceForm() {
  const { api, admin } = useStores();
  const services = useAdmin((s) => s.services);
  const servicesError = useAdmin((s) => s.loadErrors.services);
  const [title, setTitle] = useState('');
  const [times, setTimes] = useState(defaultTimes);
  const [impact, setImpact] = useState<Maintenance['impact']>('none');
  const [message, setMessage] = useState('');
  const [serviceIds, setServiceIds] = useState<string[]>([]);
  const action = useAction();
  const toggle = (id: string) => setServiceIds((cur) => (cur.includes(id) ? cur.filter((x) => x !== id) : [...cur, id]));

  const submit = () => action.run(async () => {
    const scheduledStart = localInputToIso(times.start);
    const scheduledEnd = localInputToIso(times.end);
    if (!scheduledStart) throw new Error('Enter when the maintenance starts (date and time)');
    if (!scheduledEnd) throw new Error('Enter when the maintenance ends (date and time)');
    const created = await api.send('maintenance.schedule', {
      title, scheduledStart, scheduledEnd, impact, serviceIds,
      ...(message.trim() ? { message } : {}),
    });
    admin.getState().putMaintenance(created);
    setTitle('');
    setMessage('');
    setServiceIds([]);
    setImpact('none');
    setTimes(defaultTimes());
  }, 'Maintenance scheduled');

  return (
    <form className="maintenance-form" aria-label="Schedule maintenance" onSubmit={(e) => { e.preventDefault(); void submit(); }}>
      <h3>Schedule maintenance</h3>
      <label className="field"><span>Title</span>
        <input maxLength={1024} value={title} onChange={(e) => setTitle(e.target.value)} placeholder="Database maintenance" />
      </label>
      <div className="maintenance-times">
        <label className="field"><span>Starts</span>
          <input type="datetime-local" value={times.start} onChange={(e) => { const start = e.target.value; setTimes((t) => ({ ...t, start })); }} />
        </label>
        <label className="field"><span>Ends</span>
          <input type="datetime-local" value={times.end} onChange={(e) => { const end = e.target.value; setTimes((t) => ({ ...t, end })); }} />
        </label>
      </div>
      <fieldset className="maintenance-services">
        <legend>Affected services</legend>
        {servicesError && <p className="form-error">{`Services could not be loaded: ${servicesError}`}</p>}
        {services?.map((s) => (
          <label key={s.id} className="field-inline">
            <input type="checkbox" checked={serviceIds.includes(s.id)} onChange={() => toggle(s.id)} />{displayText(s.name)}
          </label>
        ))}
        <p className="muted">{serviceIds.length === 0 ? 'None checked: an announcement only, every incident still pages.' : 'New incidents of the checked services are suppressed while the window is on, and page at its end if still open.'}</p>
      </fieldset>
      <label className="field"><span>Impact</span>
        <select value={impact} onChange={(e) => setImpact(e.target.value as Maintenance['impact'])}>
          {IMPACTS.map((i) => <option key={i} value={i}>{IMPACT_LABELS[i]}</option>)}
        </select>
      </label>
      <label className="field"><span>Message</span>
        <textarea rows={2} maxLength={64 * 1024} value={message} onChange={(e) => setMessage(e.target.value)} placeholder="Scheduled database maintenance. Expect brief interruptions." />
      </label>
      <button type="submit" className="btn" disabled={action.running || title.trim() === ''}>Schedule maintenance</button>
      <ActionMessage message={action.message} failed={action.failed} />
    </form>
  );
}
