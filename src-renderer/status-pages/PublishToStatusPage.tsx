// "Publish to status page…" on an incident: choose the page, then what the public reads — seed 002's fields: the
// title, the status (investigating → resolved), the impact and a message (the first public update; without one the
// incident is listed with no update). The host answers the incident, which the page then shows as published.
import { useEffect, useRef, useState } from 'react';
import type { Incident, IncidentDetail } from '../../src-shared/schemas/incidents.ts';
import type { StatusPage, PublishIncident } from '../../src-shared/schemas/status-pages.ts';
import { IMPACTS, PROGRESS_STATUSES, type Impact, type Progress } from '../../src-shared/schemas/common.ts';
import { displayText } from '../../src-shared/domain/display-text.ts';
import { useApi } from '../store/context.tsx';
import { describeError } from '../bridge/bridge-error.ts';
import { ModalBackdrop, modalHandlers } from '../app/Modal.tsx';
import { PublishedOn } from './PublishedOn.tsx';
import './status-pages.css';

const cap = (s: string) => s[0]!.toUpperCase() + s.slice(1);

/** The pages this incident is on (each a link to its public page; Withdraw for an admin), the button, the dialog. */
export function PublishToStatusPage({ incident, onDone }: { incident: Incident; onDone: (d: IncidentDetail) => void }) {
  const api = useApi();
  const [pages, setPages] = useState<StatusPage[] | null>(null);
  const [open, setOpen] = useState(false);
  useEffect(() => { void api.send('statusPages.list').then(setPages, () => setPages(null)); }, [api, open]);
  return (
    <section className="card publish-status" aria-label="Publishing">
      <PublishedOn incident={incident} pages={pages ?? []} onDone={onDone} />
      <button type="button" className="btn" onClick={() => setOpen(true)}>Publish to status page…</button>
      {open && <PublishDialog incident={incident} pages={pages} onClose={() => setOpen(false)} onDone={(d) => { setOpen(false); onDone(d); }} />}
    </section>
  );
}

function PublishDialog({ incident, pages, onClose, onDone }: { incident: Incident; pages: StatusPage[] | null; onClose: () => void; onDone: (d: IncidentDetail) => void }) {
  const api = useApi();
  const first = useRef<HTMLSelectElement>(null);
  useEffect(() => { first.current?.focus(); }, []);
  const [pageId, setPageId] = useState('');
  const [title, setTitle] = useState(incident.title);
  const [status, setStatus] = useState<Progress>(incident.progress);
  const [impact, setImpact] = useState<Impact | ''>(incident.impact ?? '');
  const [message, setMessage] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const chosen = pageId || pages?.[0]?.id || '';

  const send = async () => {
    const body: PublishIncident = { incidentId: incident.id };
    if (title.trim() !== incident.title) body.title = title;
    if (message.trim()) Object.assign(body, { status, message });
    if (impact && impact !== incident.impact) body.impact = impact;
    setSending(true);
    try {
      await api.send('statusPages.publishIncident', { id: chosen, incident: body });
      onDone(await api.send('incidents.get', { id: incident.id }));
    } catch (err) {
      setError(describeError(err));
      setSending(false);
    }
  };

  const heading = 'Publish to status page';
  return (
    <ModalBackdrop onClose={onClose}>
      <form role="dialog" aria-modal="true" aria-label={heading} className="dialog" {...modalHandlers(onClose)}
        onSubmit={(e) => { e.preventDefault(); void send(); }}>
        <h2>{heading}</h2>
        {pages?.length === 0 && <p className="muted">No status pages yet: an admin creates them under Status pages.</p>}
        <div className="field">
          <label htmlFor="publish-page">Status page</label>
          <select id="publish-page" ref={first} value={chosen} onChange={(e) => setPageId(e.target.value)} disabled={!pages?.length}>
            {(pages ?? []).map((p) => <option key={p.id} value={p.id}>{`${displayText(p.name)} (/status/${p.slug})`}</option>)}
          </select>
        </div>
        <div className="field">
          <label htmlFor="publish-title">Title</label>
          <input id="publish-title" value={title} onChange={(e) => setTitle(e.target.value)} />
          <small className="muted">What the public reads: the incident is renamed for everyone.</small>
        </div>
        <div className="inline">
          <label htmlFor="publish-status">Status</label>
          <select id="publish-status" value={status} onChange={(e) => setStatus(e.target.value as Progress)}>
            {PROGRESS_STATUSES.map((p) => <option key={p} value={p}>{cap(p)}</option>)}
          </select>
          <label htmlFor="publish-impact">Impact</label>
          <select id="publish-impact" value={impact} onChange={(e) => setImpact(e.target.value as Impact | '')}>
            {incident.impact === null && <option value="">Not set</option>}
            {IMPACTS.map((p) => <option key={p} value={p}>{cap(p)}</option>)}
          </select>
        </div>
        <div className="field">
          <label htmlFor="publish-message">Message</label>
          <textarea id="publish-message" rows={3} value={message} placeholder="What customers should know" onChange={(e) => setMessage(e.target.value)} />
          <small className="muted">Posted as the first public update with the status above. Optional.</small>
        </div>
        {error && <p className="form-error" role="alert">{error}</p>}
        <div className="inline">
          <button type="submit" className="btn" disabled={sending || !chosen || title.trim() === ''}>{sending ? 'Publishing…' : 'Publish'}</button>
          <button type="button" className="btn" onClick={onClose}>Cancel</button>
        </div>
      </form>
    </ModalBackdrop>
  );
}
