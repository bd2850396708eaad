// One incident: everything about it, where its escalation stands, the changes that may have caused it, what a
// responder can do, and what happened so far.
// People are named from the people list (acts are recorded by their ids).
import { useMemo } from 'react';
import { useStore } from 'zustand';
import { hrefFor } from '../app/router.ts';
import { displayText } from '../../src-shared/domain/display-text.ts';
import { useIncidentDetail } from './useIncidentDetail.ts';
import { IncidentActions } from './IncidentActions.tsx';
import { IncidentFields } from './IncidentFields.tsx';
import { EditIncident } from './EditIncident.tsx';
import { NoteForm } from './NoteForm.tsx';
import { StatusUpdateForm } from './StatusUpdateForm.tsx';
import { Timeline } from './Timeline.tsx';
import { EscalationPanel } from './EscalationPanel.tsx';
import { RecentChanges } from './RecentChanges.tsx';
import { PublishToStatusPage } from '../status-pages/PublishToStatusPage.tsx';
import { PriorityBadge, StatusBadge, UrgencyBadge } from '../queue/Badges.tsx';
import { OnCallContext, useOwnOnCallStore } from '../oncall/context.ts';
import { namesFor } from '../oncall/format.ts';

export function IncidentPage({ id }: { id: string }) {
  const { incident, timeline, escalation, recentChanges, error, loading, accept } = useIncidentDetail(id);
  const directory = useOwnOnCallStore({ directory: true });
  const users = useStore(directory, (s) => s.users);
  const nameOf = useMemo(() => namesFor(users), [users]);
  if (loading) return <p className="placeholder" role="status">Loading incident…</p>;
  if (!incident) {
    return (
      <div className="placeholder" role="alert">
        <p>Could not open this incident: {error}</p>
        <a href={hrefFor({ name: 'queue' })}>Back to the queue</a>
      </div>
    );
  }
  return (
    <OnCallContext.Provider value={directory}>
      <article className="incident" aria-labelledby="incident-title">
        <a className="back" href={hrefFor({ name: 'queue' })}>← Back to the queue</a>
        <header className="incident-header">
          <h1 id="incident-title">{displayText(incident.title)}</h1>
          <div className="incident-badges">
            <StatusBadge status={incident.status} /><UrgencyBadge urgency={incident.urgency} /><PriorityBadge priority={incident.priority} />
          </div>
          <IncidentActions incident={incident} />
        </header>
        <div className="incident-body">
          <div className="incident-side">
            <IncidentFields incident={incident} nameOf={nameOf} />
            <EditIncident key={incident.id} incident={incident} />
          </div>
          <div className="incident-main">
            <EscalationPanel incident={incident} escalation={escalation} onEscalated={accept} />
            <RecentChanges changes={recentChanges} incidentCreatedAt={incident.createdAt} />
            <StatusUpdateForm id={incident.id} progress={incident.progress} onDone={accept} />
            <PublishToStatusPage incident={incident} onDone={accept} />
            <NoteForm id={incident.id} onDone={accept} />
            <Timeline entries={timeline} nameOf={nameOf} />
          </div>
        </div>
      </article>
    </OnCallContext.Provider>
  );
}
