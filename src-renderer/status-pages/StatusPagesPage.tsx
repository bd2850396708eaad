// Status pages (issue 10 §2) in the window: every page with its name, slug, public address (copy, open) and how many
// components it shows; a form to create and edit one; delete after a confirmation. Only an admin changes pages (an
// admin device over an admin bridge): others see them with no actions; an admin also sees each page's subscribers.
// Incidents are published from the incident.
import { useState } from 'react';
import type { StatusPage } from '../../src-shared/schemas/status-pages.ts';
import { displayText } from '../../src-shared/domain/display-text.ts';
import { useAdmin, useApi } from '../store/context.tsx';
import { ConfirmDelete } from '../oncall/ConfirmDelete.tsx';
import { CopyButton } from '../settings/CopyButton.tsx';
import { ActionMessage, useAction } from '../settings/useAction.tsx';
import { useStatusPages } from './useStatusPages.ts';
import { StatusPageForm } from './StatusPageForm.tsx';
import { SubscribersPanel } from './SubscribersPanel.tsx';
import { componentCount, publicUrl } from './status-page-form.ts';
import './status-pages.css';

type Editing = string | 'new' | null;

export function StatusPagesPage({ refreshMs }: { refreshMs?: number }) {
  const api = useApi();
  const view = useStatusPages(refreshMs);
  const baseUrl = useAdmin((s) => s.host?.baseUrl ?? null);
  const [editing, setEditing] = useState<Editing>(null);
  const [deleting, setDeleting] = useState<StatusPage | null>(null);
  const del = useAction();
  const saved = (p: StatusPage) => { view.put(p); setEditing(null); };
  const remove = (p: StatusPage) => {
    setDeleting(null);
    void del.run(async () => { await api.send('statusPages.delete', { id: p.id }); view.remove(p.id); }, `Deleted ${p.name}`);
  };
  const form = (p: StatusPage | null) => (
    <StatusPageForm page={p} choices={view.choices} baseUrl={baseUrl} onSaved={saved} onCancel={() => setEditing(null)} />
  );

  return (
    <div className="status-pages-page">
      <div className="section-head">
        <h1>Status pages</h1>
        <button type="button" className="btn" disabled={!view.canEdit || editing === 'new'} onClick={() => setEditing('new')}>New status page</button>
      </div>
      <p className="muted">
        What your customers read: the state of the components you choose and the incidents you publish, served by this
        host at /status/&lt;slug&gt; with feeds and badges. To publish an incident, open it and choose “Publish to status page…”.
      </p>
      {!view.canEdit && view.pages !== null && <p className="muted">Only an admin can create, change or delete status pages.</p>}
      {view.error && <p className="form-error" role="alert">{`Status pages could not be loaded: ${view.error}`}</p>}
      <ActionMessage message={del.message} failed={del.failed} />
      {editing === 'new' && form(null)}
      {view.pages === null && !view.error && <p className="muted">Loading…</p>}
      {view.pages?.length === 0 && editing !== 'new' && <p className="muted">No status pages yet.</p>}
      {view.pages && view.pages.length > 0 && (
        <ul className="status-page-list" aria-label="Status pages">
          {view.pages.map((p) => (editing === p.id ? <li key={p.id}>{form(p)}</li> : (
            <PageItem key={p.id} page={p} url={publicUrl(baseUrl, p.path)} canEdit={view.canEdit}
              onEdit={() => setEditing(p.id)} onDelete={() => setDeleting(p)} />
          )))}
        </ul>
      )}
      {deleting && (
        <ConfirmDelete what={`the status page ${displayText(deleting.name)}`}
          detail={`${publicUrl(baseUrl, deleting.path)} stops being served, with its feeds and badges. Its incidents stay.`}
          onConfirm={() => remove(deleting)} onCancel={() => setDeleting(null)} />
      )}
    </div>
  );
}

function PageItem({ page: p, url, canEdit, onEdit, onDelete }: { page: StatusPage; url: string; canEdit: boolean; onEdit: () => void; onDelete: () => void }) {
  const name = displayText(p.name);
  const n = componentCount(p);
  // Subscribers' addresses are an admin's to see: the button is not offered to anyone else.
  const [subscribers, setSubscribers] = useState(false);
  return (
    <li className="card status-page-item" aria-label={name}>
      <h2>{name} <span className="badge">{p.slug}</span></h2>
      {p.description && <p>{displayText(p.description)}</p>}
      <p className="muted">{`${n} ${n === 1 ? 'component' : 'components'} · ${p.incidentIds.length} posted ${p.incidentIds.length === 1 ? 'incident' : 'incidents'}`}</p>
      <p className="inline">
        <code aria-label={`Public URL of ${name}`}>{url}</code>
        <CopyButton value={url} label={`Copy public URL of ${name}`} />
        <a className="btn btn-small" href={url} target="_blank" rel="noopener noreferrer" aria-label={`Open ${name} (preview)`}>Open</a>
      </p>
      <div className="inline">
        <button type="button" className="btn btn-small" aria-label={`Edit ${name}`} disabled={!canEdit} onClick={onEdit}>Edit</button>
        <button type="button" className="btn btn-small btn-danger" aria-label={`Delete ${name}`} disabled={!canEdit} onClick={onDelete}>Delete</button>
        {canEdit && (
          <button type="button" className="btn btn-small" aria-label={`Subscribers of ${name}`} aria-expanded={subscribers} onClick={() => setSubscribers(!subscribers)}>Subscribers</button>
        )}
      </div>
      {canEdit && subscribers && <SubscribersPanel pageId={p.id} pageName={name} />}
    </li>
  );
}
