// Settings → Maintenance: the windows that are on or coming, each with the button that stops it (cancel before it
// starts, end now while it runs), and the form that schedules a new one.
import type { Maintenance } from '../../src-shared/schemas/maintenance.ts';
import { displayText } from '../../src-shared/domain/display-text.ts';
import { useAdmin, useStores } from '../store/context.tsx';
import { ActionMessage, useAction } from '../settings/useAction.tsx';
import { useLiveWindows } from './useLiveWindows.ts';
import type { LiveStatus } from './live-windows.ts';
import { IMPACT_LABELS, effectText, formatRange } from './format.ts';
import { ScheduleMaintenanceForm } from './ScheduleMaintenanceForm.tsx';

export function MaintenanceSection() {
  const live = useLiveWindows();
  const error = useAdmin((s) => s.loadErrors.maintenance);
  return (
    <section className="card" aria-labelledby="maintenance-title">
      <h2 id="maintenance-title">Maintenance</h2>
      <p className="muted">
        While a window is in progress, new incidents of the services it names are recorded as suppressed and page
        no one until it ends; those still open then page. A window that names no service only announces the work.
      </p>
      {error && <p className="form-error" role="alert">{error}</p>}
      {live.length === 0
        ? <p className="muted">No maintenance scheduled.</p>
        : (
          <ul className="maintenance-list" aria-label="Maintenance windows">
            {live.map((l) => <WindowItem key={l.window.id} window={l.window} status={l.status} />)}
          </ul>
        )}
      <ScheduleMaintenanceForm />
    </section>
  );
}

function WindowItem({ window: w, status }: { window: Maintenance; status: LiveStatus }) {
  const { api, admin } = useStores();
  const action = useAction();
  const running = status === 'in_progress';
  const title = displayText(w.title);
  const stop = () => action.run(async () => admin.getState().putMaintenance(await api.send('maintenance.cancel', { id: w.id })));
  return (
    <li className="maintenance-item" aria-label={title}>
      <div className="maintenance-item-head">
        <strong>{title}</strong>
        <span className={`badge ${running ? 'maintenance-badge-now' : 'maintenance-badge-upcoming'}`}>{running ? 'In progress' : 'Upcoming'}</span>
        <button type="button" className="btn btn-small btn-danger" disabled={action.running} onClick={() => void stop()}
          aria-label={running ? `End ${title} now` : `Cancel ${title}`}>
          {running ? 'End now' : 'Cancel'}
        </button>
      </div>
      <p className="muted">{formatRange(w)} · impact {IMPACT_LABELS[w.impact].toLowerCase()} · {effectText(w)}</p>
      {w.message && <p className="maintenance-message">{displayText(w.message, { multiline: true })}</p>}
      <ActionMessage message={action.failed ? action.message : null} failed />
    </li>
  );
}
