// Monitors: every check that opens and resolves incidents by itself (issue 10 §1), grouped by service, each with its
// state, response time and last 90 days; a form to create and edit one of each kind; pause, resume and delete. Only
// an admin changes monitors (an admin device over an admin bridge): others see them with no actions.
import { useEffect, useState } from 'react';
import { useStore } from 'zustand';
import type { Monitor } from '../../src-shared/schemas/monitors.ts';
import { displayText } from '../../src-shared/domain/display-text.ts';
import { useApi } from '../store/context.tsx';
import { describeError } from '../bridge/bridge-error.ts';
import { ConfirmDelete } from '../oncall/ConfirmDelete.tsx';
import { createMonitorsStore } from './monitors-store.ts';
import { MonitorRow } from './MonitorRow.tsx';
import { MonitorForm } from './MonitorForm.tsx';
import { HeartbeatUrl } from './HeartbeatUrl.tsx';
import './monitors.css';

type Editing = string | 'new' | null;

export function MonitorsPage() {
  const api = useApi();
  const [store] = useState(() => createMonitorsStore(api));
  useEffect(() => store.getState().start(), [store]);
  const s = useStore(store);
  const [editing, setEditing] = useState<Editing>(null);
  const [created, setCreated] = useState<Monitor | null>(null);
  const [deleting, setDeleting] = useState<Monitor | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);

  const act = async (id: string, fn: () => Promise<unknown>) => {
    setBusy(id);
    setFailure(null);
    try { await fn(); await store.getState().reload(); } catch (err) { setFailure(describeError(err)); } finally { setBusy(null); }
  };
  const saved = (m: Monitor, isNew: boolean) => {
    setEditing(null);
    setCreated(isNew && m.heartbeatUrl ? m : null);
    void store.getState().reload();
  };

  const serviceName = (id: string) => s.services?.find((x) => x.id === id)?.name ?? id;
  const groups = new Map<string, Monitor[]>();
  for (const m of s.monitors ?? []) groups.set(m.serviceId, [...(groups.get(m.serviceId) ?? []), m]);
  const ordered = [...groups.entries()].sort(([a], [b]) => serviceName(a).localeCompare(serviceName(b)));
  const form = (m: Monitor | null) => (
    <MonitorForm monitor={m} services={s.services ?? []} devices={s.devices} selfDeviceId={s.selfDeviceId}
      onSaved={saved} onCancel={() => setEditing(null)} />
  );

  return (
    <div className="monitors-page">
      <div className="section-head">
        <h1>Monitors</h1>
        <button type="button" className="btn" disabled={!s.canEdit || editing === 'new'} onClick={() => { setCreated(null); setEditing('new'); }}>New monitor</button>
      </div>
      {!s.canEdit && s.monitors !== null && <p className="muted">Only an admin can create, change, pause or delete monitors.</p>}
      {s.error && <p className="form-error" role="alert">{s.error}</p>}
      {failure && <p className="form-error" role="alert">{failure}</p>}
      {created?.heartbeatUrl && (
        <section className="card" aria-label={`Push URL of ${displayText(created.name)}`}>
          <h2>{`${displayText(created.name)} is waiting for its first beat`}</h2>
          <HeartbeatUrl url={created.heartbeatUrl} name={displayText(created.name)} example />
          <button type="button" className="btn" onClick={() => setCreated(null)}>Done</button>
        </section>
      )}
      {editing === 'new' && form(null)}
      {s.monitors === null && !s.error && <p className="muted">Loading…</p>}
      {s.monitors?.length === 0 && editing !== 'new' && (
        <p className="muted">No monitors yet. A monitor checks a URL, a TCP port or waits for a job's heartbeat, and opens an incident on its service when the check fails (and resolves it when it passes again).</p>
      )}
      {ordered.map(([serviceId, monitors]) => (
        <section key={serviceId} className="monitor-group" aria-labelledby={`svc-${serviceId}`}>
          <h2 id={`svc-${serviceId}`}>{displayText(serviceName(serviceId))}</h2>
          <ul className="monitor-list" aria-label={`Monitors of ${displayText(serviceName(serviceId))}`}>
            {monitors.map((m) => (editing === m.id ? <li key={m.id}>{form(m)}</li> : (
              <MonitorRow key={m.id} monitor={m} results={s.results[m.id]} now={s.loadedAt} devices={s.devices} canEdit={s.canEdit}
                busy={busy === m.id} onEdit={() => setEditing(m.id)} onDelete={() => setDeleting(m)}
                onPause={(paused) => void act(m.id, () => api.send(paused ? 'monitors.pause' : 'monitors.resume', { id: m.id }))} />
            )))}
          </ul>
        </section>
      ))}
      {deleting && (
        <ConfirmDelete what={`monitor ${displayText(deleting.name)}`}
          detail="It stops being checked on every device of the team. The incidents it opened stay."
          onCancel={() => setDeleting(null)}
          onConfirm={() => { const m = deleting; setDeleting(null); void act(m.id, () => api.send('monitors.delete', { id: m.id })); }} />
      )}
    </div>
  );
}
