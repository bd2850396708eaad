// Settings → Local actions (issue 11 §2): the commands this device runs on incident events — each with its name, its
// command (the argv or the shell line), events, services, timeout and whether it is paused; a Test button that runs it
// now and shows its exit code, duration and output right there; its run log (DeliveryLog, with "Run again"); a form
// to add one. They never replicate, and only this machine may set them: a browser on another machine, or a session
// without the admin scope, sees the host's refusal instead.
import { useState } from 'react';
import type { LocalAction, LocalActionRun } from '../../src-shared/schemas/local-actions.ts';
import type { Service } from '../../src-shared/schemas/admin.ts';
import { displayText } from '../../src-shared/domain/display-text.ts';
import { useAdmin, useApi } from '../store/context.tsx';
import { ActionMessage, useAction } from '../settings/useAction.tsx';
import { ConfirmDelete } from '../oncall/ConfirmDelete.tsx';
import { formatTime } from '../queue/format.ts';
import { useLocalActions } from './useLocalActions.ts';
import { LocalActionForm, type LocalActionValue } from './LocalActionForm.tsx';
import { LocalActionLog } from './LocalActionLog.tsx';
import { eventLabel, outcomeLine } from './delivery-log.ts';
import { commandText, runLogEntry } from './local-action-log.ts';
import './integrations.css';

export function LocalActionsSection({ refreshMs }: { refreshMs?: { list?: number; log?: number } }) {
  const api = useApi();
  const view = useLocalActions(refreshMs?.list);
  const services = useAdmin((s) => s.services);
  const create = async (value: LocalActionValue) => { view.put(await api.send('localActions.create', value)); };
  return (
    <section className="card" aria-labelledby="local-actions-title">
      <h2 id="local-actions-title">Local actions</h2>
      <p className="muted">
        Commands this computer runs when an incident event happens — flash a light, play a sound — with the event as
        JSON on stdin. <strong>They stay on this device: they never replicate to teammates</strong> (a teammate&apos;s
        command never runs here, nor yours on theirs), and they are set only from this machine. The run logs are this
        device&apos;s.
      </p>
      {view.error && <p className="form-error" role="alert">{`Local actions could not be loaded: ${view.error}`}</p>}
      {view.actions?.length === 0 && <p className="muted">No local actions yet.</p>}
      {view.actions && view.actions.length > 0 && (
        <ul className="webhook-list" aria-label="Local actions">
          {view.actions.map((a) => <LocalActionItem key={a.id} action={a} services={services} onSaved={view.put} onDeleted={view.remove} logRefreshMs={refreshMs?.log} />)}
        </ul>
      )}
      {view.actions && <LocalActionForm services={services} onSave={create} />}
    </section>
  );
}

const servicesText = (a: LocalAction, services: readonly Service[] | null) => (a.serviceIds.length === 0 ? 'All services'
  : a.serviceIds.map((id) => displayText(services?.find((s) => s.id === id)?.name ?? id)).join(', '));

function LocalActionItem({ action: a, services, onSaved, onDeleted, logRefreshMs }: {
  action: LocalAction; services: readonly Service[] | null; onSaved: (a: LocalAction) => void; onDeleted: (id: string) => void; logRefreshMs?: number;
}) {
  const api = useApi();
  const name = displayText(a.name);
  const [editing, setEditing] = useState(false);
  const [logOpen, setLogOpen] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [tested, setTested] = useState<LocalActionRun | null>(null);
  const test = useAction();
  const pause = useAction();
  const del = useAction();
  const logId = `local-action-log-${a.id}`;

  const runTest = () => test.run(async () => { setTested(await api.send('localActions.test', { id: a.id })); }, 'Test run');
  const save = async (value: LocalActionValue) => {
    onSaved(await api.send('localActions.update', { id: a.id, patch: value }));
    setEditing(false);
  };
  const setEnabled = (enabled: boolean) => pause.run(async () => { onSaved(await api.send('localActions.update', { id: a.id, patch: { enabled } })); }, enabled ? 'Resumed' : 'Paused');
  const remove = () => {
    setConfirming(false);
    void del.run(async () => { await api.send('localActions.delete', { id: a.id }); onDeleted(a.id); }, 'Deleted');
  };
  const testEntry = tested && runLogEntry(tested, commandText(a));

  return (
    <li className="webhook" aria-label={name}>
      <h3 className="webhook-url">
        {name} {a.shell && <span className="badge">Shell</span>}
        {!a.enabled && <span className="badge webhook-paused">Paused: runs on no event</span>}
      </h3>
      <p><code className="local-action-command" aria-label={`Command of ${name}`}>{displayText(commandText(a))}</code></p>
      <p className="muted">{`Events: ${a.events.map(eventLabel).join(', ')} · Services: ${servicesText(a, services)} · Timeout: ${a.timeoutSeconds} s`}</p>
      <div className="inline">
        <button type="button" className="btn btn-small" disabled={test.running} aria-label={`Test ${name}`} onClick={() => void runTest()}>{test.running ? 'Running…' : 'Test'}</button>
        <button type="button" className="btn btn-small" aria-expanded={logOpen} aria-controls={logId} onClick={() => setLogOpen((o) => !o)}>Run log</button>
        <button type="button" className="btn btn-small" aria-label={`${a.enabled ? 'Pause' : 'Resume'} ${name}`} disabled={pause.running}
          onClick={() => void setEnabled(!a.enabled)}>{a.enabled ? 'Pause' : 'Resume'}</button>
        <button type="button" className="btn btn-small" aria-label={`Edit ${name}`} aria-expanded={editing} onClick={() => setEditing((e) => !e)}>Edit</button>
        <button type="button" className="btn btn-small btn-danger" aria-label={`Delete ${name}`} disabled={del.running} onClick={() => setConfirming(true)}>Delete</button>
      </div>
      {test.failed && <ActionMessage message={test.message} failed />}
      <ActionMessage message={pause.failed ? pause.message : null} failed />
      <ActionMessage message={del.failed ? del.message : null} failed />
      {testEntry && (
        <div className="webhook-test" role="status" aria-label={`Test result for ${name}`}>
          <p>{`Test run: ${outcomeLine(testEntry, formatTime)}`}</p>
          {testEntry.output !== null && <pre className="local-action-output" aria-label="Output">{displayText(testEntry.output, { multiline: true })}</pre>}
        </div>
      )}
      {editing && <LocalActionForm action={a} services={services} onSave={save} onCancel={() => setEditing(false)} />}
      {logOpen && <div id={logId}><LocalActionLog action={a} pushed={tested} refreshMs={logRefreshMs} /></div>}
      {confirming && (
        <ConfirmDelete what="this local action" detail={`${name} will run on no more events, and its run log on this device is deleted.`}
          onConfirm={remove} onCancel={() => setConfirming(false)} />
      )}
    </li>
  );
}
