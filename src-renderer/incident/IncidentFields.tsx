// Every field of the incident, as a definition list. What a monitor or a person wrote is shown through displayText
// (bidi and control characters made visible); the stored values stay as they were sent. The escalation level is the
// escalation panel's to show (derived now from the policy), not a field here.
import type { ReactNode } from 'react';
import type { Incident } from '../../src-shared/schemas/incidents.ts';
import { displayText } from '../../src-shared/domain/display-text.ts';
import { formatActor, formatTime } from '../queue/format.ts';
import { Age } from '../queue/Age.tsx';

export function IncidentFields({ incident: i, nameOf }: { incident: Incident; nameOf: (userId: string) => string }) {
  const rows: [string, ReactNode][] = [
    ['Service', displayText(i.service.name)],
    ['Status', i.status],
    ['Progress', i.progress],
    ['Urgency', i.urgency],
    ['Priority', i.priority ?? '—'],
    ['Severity', i.severity],
    ['Impact', i.impact ?? '—'],
    ['Assignee', i.assignee ? nameOf(i.assignee.id) : 'Unassigned'],
    ['Age', <Age key="age" since={i.createdAt} />],
    ['Events', String(i.alertCount)],
    ['Dedup key', i.dedupKey === null ? '—' : displayText(i.dedupKey)],
    ['Source', i.source === null ? '—' : displayText(i.source)],
    ['Created', formatTime(i.createdAt)],
    ['Last event', formatTime(i.lastEventAt)],
    ['Acknowledged', i.acknowledgedAt ? `${formatTime(i.acknowledgedAt)} by ${displayText(formatActor(i.acknowledgedBy, nameOf))}` : '—'],
    ['Resolved', i.resolvedAt ? `${formatTime(i.resolvedAt)} by ${displayText(formatActor(i.resolvedBy, nameOf))}` : '—'],
    [i.status === 'suppressed' ? 'Suppressed until' : 'Snoozed until', formatTime(i.snoozedUntil)],
    ['Episode', String(i.episode)],
    ['Created by', i.autoCreated ? 'a monitor (event)' : 'a person'],
    ['Id', i.id],
  ];
  return (
    <section aria-label="Details">
      <dl className="fields">
        {rows.map(([k, v]) => <div key={k} className="field-row"><dt>{k}</dt><dd>{v}</dd></div>)}
      </dl>
      {i.description && <><h2>Description</h2><p className="description">{displayText(i.description, { multiline: true })}</p></>}
      {i.customDetails != null && (
        <><h2>Details from the monitor</h2><pre className="custom-details">{displayText(JSON.stringify(i.customDetails, null, 2), { multiline: true })}</pre></>
      )}
    </section>
  );
}
