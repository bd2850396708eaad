// The changes (deploys, config pushes, sent as PagerDuty change events) to the incident's service in the hour before
// it began, newest first: what may have caused it. Shown only when there are some.
import type { Change } from '../../src-shared/schemas/changes.ts';
import { displayText } from '../../src-shared/domain/display-text.ts';
import { formatTime } from '../queue/format.ts';
import { changeLead, safeHref } from './change-text.ts';

export function RecentChanges({ changes, incidentCreatedAt }: { changes: Change[]; incidentCreatedAt: string }) {
  if (changes.length === 0) return null;
  return (
    <section aria-labelledby="recent-changes-title" className="recent-changes">
      <h2 id="recent-changes-title">Changes before this incident</h2>
      <ul aria-label="Changes before this incident">
        {changes.map((c) => {
          const link = c.links[0];
          const href = safeHref(link?.href);
          return (
            <li key={c.id}>
              <strong>{displayText(c.summary)}</strong>{' '}
              <time dateTime={c.happenedAt} title={formatTime(c.happenedAt)}>{changeLead(c.happenedAt, incidentCreatedAt)}</time>
              {c.source ? <span className="change-source"> · {displayText(c.source)}</span> : null}
              {href ? <> · <a href={href} target="_blank" rel="noreferrer noopener">{displayText(link?.text ?? href)}</a></> : null}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
