// The pages an incident is published on, each a link to its public page, and for an admin a Withdraw per page: asked
// first, since the incident then disappears from that page, its feeds and its summary (the incident itself stays).
import { useEffect, useState } from 'react';
import type { Incident, IncidentDetail } from '../../src-shared/schemas/incidents.ts';
import type { StatusPage } from '../../src-shared/schemas/status-pages.ts';
import { displayText } from '../../src-shared/domain/display-text.ts';
import { useAdmin, useApi } from '../store/context.tsx';
import { ActionMessage, useAction } from '../settings/useAction.tsx';
import { ConfirmAction } from './ConfirmAction.tsx';
import { publicUrl } from './status-page-form.ts';
import { mayChangePages } from './may-change-pages.ts';

/** Whether this window may change status pages (may-change-pages.ts), asked of the host once. */
function useCanChangePages(): boolean {
  const api = useApi();
  const [can, setCan] = useState(false);
  useEffect(() => {
    let live = true;
    void Promise.all([api.send('services.list').then(() => true, () => false), api.send('team.status').catch(() => null)])
      .then(([bridge, team]) => { if (live) setCan(mayChangePages(bridge, team)); });
    return () => { live = false; };
  }, [api]);
  return can;
}

export function PublishedOn({ incident, pages, onDone }: { incident: Incident; pages: StatusPage[]; onDone: (d: IncidentDetail) => void }) {
  const api = useApi();
  const baseUrl = useAdmin((s) => s.host?.baseUrl ?? null);
  const canWithdraw = useCanChangePages();
  const [asking, setAsking] = useState<StatusPage | null>(null);
  const action = useAction();
  const on = pages.filter((p) => incident.statusPageIds?.includes(p.id));
  if (on.length === 0) return <ActionMessage message={action.message} failed={action.failed} />;

  const withdraw = (p: StatusPage) => {
    setAsking(null);
    void action.run(async () => {
      await api.send('statusPages.withdrawIncident', { id: p.id, incidentId: incident.id });
      onDone(await api.send('incidents.get', { id: incident.id }));
    }, `Withdrawn from ${displayText(p.name)}`);
  };
  return (
    <>
      <p>{on.length > 1 ? 'On the status pages' : 'On the status page'}</p>
      <ul className="published-on" aria-label="Published on">
        {on.map((p) => (
          <li key={p.id}>
            <a href={publicUrl(baseUrl, p.path)} target="_blank" rel="noopener noreferrer">{displayText(p.name)}</a>
            {canWithdraw && (
              <button type="button" className="btn btn-small" aria-label={`Withdraw from ${displayText(p.name)}`} disabled={action.running}
                onClick={() => setAsking(p)}>Withdraw</button>
            )}
          </li>
        ))}
      </ul>
      <ActionMessage message={action.message} failed={action.failed} />
      {asking && (
        <ConfirmAction title={`Withdraw this incident from ${displayText(asking.name)}?`} act="Withdraw"
          detail="It disappears from the page, its feeds and summary. The incident itself stays as it is."
          onConfirm={() => withdraw(asking)} onCancel={() => setAsking(null)} />
      )}
    </>
  );
}
