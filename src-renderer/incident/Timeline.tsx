// What happened, in order: events, repeats, acks, notes, status updates.
import type { IncidentDetail } from '../../src-shared/schemas/incidents.ts';
import { displayText } from '../../src-shared/domain/display-text.ts';
import { formatActor, formatTime } from '../queue/format.ts';

const KIND_LABELS: Record<string, string> = {
  triggered: 'Triggered', alert: 'Event', acknowledged: 'Acknowledged', unacknowledged: 'Unacknowledged',
  snoozed: 'Snoozed', resolved: 'Resolved', reopened: 'Re-opened', suppressed: 'Suppressed', changed: 'Changed',
  status_update: 'Status update', note: 'Note', escalated: 'Escalated', merged: 'Merged',
};

export function Timeline({ entries, nameOf }: { entries: IncidentDetail['timeline']; nameOf: (userId: string) => string }) {
  return (
    <section aria-labelledby="timeline-title">
      <h2 id="timeline-title">Timeline</h2>
      <ol className="timeline" aria-label="Timeline">
        {entries.map((e) => (
          <li key={e.id} className={`entry entry-${e.kind}`}>
            <span className="entry-kind">{KIND_LABELS[e.kind] ?? e.kind}</span>
            <time dateTime={e.at}>{formatTime(e.at)}</time>
            <span className="entry-actor">{displayText(formatActor(e.actor, nameOf))}</span>
            <p className="entry-message">{displayText(e.message, { multiline: true })}</p>
          </li>
        ))}
      </ol>
    </section>
  );
}
